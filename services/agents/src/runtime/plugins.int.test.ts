/**
 * The plugin interface and the isolation between agents, in the running service: a third agent
 * (one file, one line in the plugin list) registers and decides; an agent whose code throws goes
 * to ERROR, restarts with backoff up to its limit, and waits for agent.start — while Prime keeps
 * deciding on every market it is shown.
 */
import { OrderAccepted, type OrderView, createEvent } from '@polly/contracts';
import { z } from 'zod';
import { BUILT_IN_PLUGINS } from '../plugins';
import { prime } from '../plugins/prime/plugin';
import { type Decision, definePlugin } from '../plugin';
import { agent007xe } from '../testing/plugins/agent-007xe';
import {
  type Testbed,
  agentEvents,
  commands,
  decisionsOf,
  insertMarket,
  intentsOf,
  lastStateOf,
  marketState,
  publish,
  publishMarketState,
  startAgents,
  transitions,
  useTestbed,
  waitForEvents,
} from '../testing/harness';

const fragile = definePlugin<Record<string, never>, null>({
  agentId: 'fragile',
  agentName: 'Fragile',
  description: 'Throws on every decision.',
  defaults: { environments: ['demo'], maxPosition: '1.00', maxDailyLoss: '1.00', orderSize: '1.00' },
  parameters: z.object({}) as never,
  interestedIn: () => true,
  initialState: () => null,
  observe: (state) => state,
  decide: () => {
    throw new Error('fragile broke');
  },
});

/** Withdraws every resting buy it has in a market it is shown; otherwise holds. */
const withdrawer = definePlugin<Record<string, never>, null>({
  agentId: 'withdrawer',
  agentName: 'Withdrawer',
  description: 'Cancels its resting buys.',
  defaults: { environments: ['demo'], maxPosition: '5.00', maxDailyLoss: '1.00', orderSize: '1.00' },
  parameters: z.object({}) as never,
  interestedIn: () => true,
  initialState: () => null,
  observe: (state) => state,
  decide: (_state, context): Decision => {
    const order = context.resting.find((candidate) => candidate.action === 'buy');
    return order
      ? { outcome: 'cancel', clientOrderId: order.clientOrderId, reasonCode: 'WITHDRAW', explanation: `withdraws ${order.clientOrderId}`, inputs: { cancelRequested: order.cancelRequested } }
      : { outcome: 'hold', reasonCode: 'NOTHING_RESTING', explanation: 'nothing rests', inputs: {} };
  },
});

function restingOrder(ticker: string, clientOrderId: string): OrderView {
  const at = new Date().toISOString();
  return {
    clientOrderId,
    orderId: `order-${clientOrderId}`,
    agentId: 'withdrawer',
    intentId: `intent-${clientOrderId}`,
    marketTicker: ticker,
    action: 'buy',
    side: 'yes',
    bookSide: 'bid',
    yesPrice: '0.3500',
    price: '0.3500',
    count: '2.00',
    filledCount: '0.00',
    remainingCount: '2.00',
    status: 'resting',
    timeInForce: 'good_till_canceled',
    postOnly: true,
    reduceOnly: false,
    paper: true,
    fillCost: '0.0000',
    fees: '0.0000',
    lastUpdateReason: null,
    errorCode: null,
    createdAt: at,
    updatedAt: at,
  };
}

async function showMarket(testbed: Testbed, ticker: string, at: number): Promise<void> {
  await insertMarket(testbed.database, { ticker, series: ticker.split('-')[0] as string, openTime: at - 3_600_000, closeTime: at + 3_600_000 });
  await publishMarketState(testbed.bus, marketState(ticker, { yesBid: '0.40', yesAsk: '0.50' }, [{ takerSide: 'yes', count: '30.00', at: at - 500 }], 1, at));
}

describe('agent plugins in the service', () => {
  const testbed = useTestbed();

  it('runs a third agent that is one file and one line in the plugin list: it registers and decides', async () => {
    const { bus, database } = testbed;
    testbed.agents = await startAgents(bus, database, { plugins: [...BUILT_IN_PLUGINS, agent007xe], env: { POLLY_DEMO_TRADE_MODE: 'paper' } });
    const events = await waitForEvents(bus, (all) => (lastStateOf(all, '007xe') === 'ACTIVE' ? all : undefined), '007xe ACTIVE');
    expect(events.find((event) => event.type === 'agent.registered' && event.data.agentId === '007xe')).toMatchObject({
      data: { agentName: '007xe', enabled: false, mode: 'FullStop', configuration: { environments: ['demo'], maxPosition: '1.00', orderSize: '1.00' } },
    });

    await showMarket(testbed, 'KXHIGHNY-26NOV21-B48.5', Date.now());
    const [intent] = await waitForEvents(bus, (all) => {
      const found = intentsOf(all, '007xe');
      return found.length > 0 ? found : undefined;
    }, 'an intent from 007xe');
    expect(intent).toMatchObject({ agentId: '007xe', action: 'buy', side: 'yes', price: '0.4100', count: '1.00', postOnly: true, timeInForce: 'good_till_canceled' });
    expect(intent?.clientOrderId).toMatch(/^007xe-[0-9a-z]+-[0-9a-z]{6}$/);
    const decision = decisionsOf(await agentEvents(bus), '007xe').find((candidate) => candidate.intentId === intent?.intentId);
    expect(decision).toMatchObject({ reasonCode: 'IMPROVE_BID', inputs: { evaluations: 1 } });
  });

  it('isolates a failing agent: ERROR, restarts with backoff up to the limit, back on agent.start; Prime decides throughout', async () => {
    const { bus, database } = testbed;
    testbed.agents = await startAgents(bus, database, { plugins: [prime, fragile], env: { POLLY_DEMO_TRADE_MODE: 'paper', POLLY_AGENTS_RESTART_LIMIT: '2', POLLY_AGENTS_RESTART_BASE_MS: '200' } });
    await waitForEvents(bus, (all) => lastStateOf(all, 'fragile') === 'ACTIVE' && lastStateOf(all, 'prime') === 'ACTIVE', 'both ACTIVE');

    let shown = 0;
    const gaveUp = (all: Awaited<ReturnType<typeof agentEvents>>) =>
      all.findIndex((event) => event.type === 'agent.state-changed' && event.data.agentId === 'fragile' && event.data.reason.startsWith('restart limit reached'));
    let events = await agentEvents(bus);
    const started = Date.now();
    while (Date.now() - started < 20_000) {
      await showMarket(testbed, `KXTEST${shown}-26NOV21-X`, Date.now());
      shown += 1;
      await new Promise((resolve) => setTimeout(resolve, 250));
      events = await agentEvents(bus);
      const limit = gaveUp(events);
      // Keep showing markets until Prime has decided on two shown after fragile gave up.
      if (limit >= 0 && events.slice(limit).filter((event) => event.type === 'agent.decided' && event.data.agentId === 'prime').length >= 2) break;
    }
    expect(transitions(events, 'fragile')).toEqual([
      '∅→INITIALIZING', 'INITIALIZING→ACTIVE',
      'ACTIVE→ERROR', 'ERROR→INITIALIZING', 'INITIALIZING→ACTIVE',
      'ACTIVE→ERROR', 'ERROR→INITIALIZING', 'INITIALIZING→ACTIVE',
      'ACTIVE→ERROR',
    ]);
    const errors = events.flatMap((event) => (event.type === 'agent.state-changed' && event.data.agentId === 'fragile' && event.data.to === 'ERROR' ? [event.data.reason] : []));
    expect(errors[0]).toBe('Error: fragile broke');
    expect(errors[2]).toMatch(/^restart limit reached after: Error: fragile broke; send agent.start/);
    const restarts = events.flatMap((event) => (event.type === 'agent.state-changed' && event.data.agentId === 'fragile' && event.data.from === 'ERROR' ? [event.data.reason] : []));
    expect(restarts).toEqual(['restart 1 after: Error: fragile broke', 'restart 2 after: Error: fragile broke']);
    const firstError = events.findIndex((event) => event.type === 'agent.state-changed' && event.data.to === 'ERROR');
    const primeMarketsAfter = new Set(events.slice(firstError).flatMap((event) => (event.type === 'agent.decided' && event.data.agentId === 'prime' ? [event.data.marketTicker] : [])));
    expect(primeMarketsAfter.size).toBeGreaterThanOrEqual(3);
    expect(lastStateOf(events, 'prime')).toBe('ACTIVE');

    const start = commands.start('fragile');
    await publish(bus, start);
    events = await waitForEvents(bus, (all) => (all.some((event) => event.causationId === start.id && event.type === 'agent.state-changed' && event.data.to === 'ACTIVE') ? all : undefined), 'fragile started again');
    expect(events.filter((event) => event.causationId === start.id).map((event) => event.type === 'agent.state-changed' && `${event.data.from}→${event.data.to}`)).toEqual(['ERROR→INITIALIZING', 'INITIALIZING→ACTIVE']);
  });

  it("turns an agent's cancel decision into order.cancel-requested for its own resting order, once while the request is on its way", async () => {
    const { bus, database } = testbed;
    testbed.agents = await startAgents(bus, database, { plugins: [withdrawer], env: { POLLY_DEMO_TRADE_MODE: 'paper' } });
    await waitForEvents(bus, (all) => lastStateOf(all, 'withdrawer') === 'ACTIVE', 'withdrawer ACTIVE');
    const ticker = 'KXHIGHNY-26NOV21-B50.5';
    await publish(bus, createEvent(OrderAccepted, 'demo', { order: restingOrder(ticker, 'withdrawer-1') }, { source: 'execution' }) as never);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await showMarket(testbed, ticker, Date.now());
    const [request] = await waitForEvents(bus, (all) => {
      const found = all.filter((event) => event.type === 'order.cancel-requested');
      return found.length > 0 ? found : undefined;
    }, 'a cancel request');
    expect(request?.data).toMatchObject({ agentId: 'withdrawer', clientOrderId: 'withdrawer-1', marketTicker: ticker, reasonCode: 'WITHDRAW' });
    const decision = decisionsOf(await agentEvents(bus), 'withdrawer').find((candidate) => candidate.outcome === 'cancel');
    expect(decision).toMatchObject({ marketTicker: ticker, reasonCode: 'WITHDRAW', intentId: null, inputs: { clientOrderId: 'withdrawer-1' } });
    expect(request?.data.decisionId).toBe(decision?.decisionId);

    // Shown again before execution answered: the agent sees the request on its way, and nothing is sent again.
    await publishMarketState(bus, marketState(ticker, { yesBid: '0.41', yesAsk: '0.50' }, [], 2, Date.now()));
    await waitForEvents(bus, (all) => decisionsOf(all, 'withdrawer').some((candidate) => candidate.reasonCode === 'CANCEL_ALREADY_REQUESTED'), 'the second decision');
    expect((await agentEvents(bus)).filter((event) => event.type === 'order.cancel-requested')).toHaveLength(1);
  });
});
