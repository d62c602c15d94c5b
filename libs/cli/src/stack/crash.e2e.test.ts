/**
 * The crash test of the whole path: execution runs as its own process (the built bundle, as in
 * local mode) and is killed with SIGKILL while Prime's orders are in flight — placed at the
 * simulator, their answers held back by its `latencyMs` fault (it delays answers, not the work).
 *
 * The exchange also reports every fill on the account's WebSocket within milliseconds, and a
 * running execution folds those reports long before the held-back answers arrive; a kill a
 * second later would leave nothing for reconciliation to find. So the burst is staged: Prime's
 * buys wait for approval (SemiAuto), ingest (also its own process) is frozen with SIGSTOP, the
 * buys are approved, and execution is killed once they are at the exchange. Ingest then thaws
 * and hands the reports to TRADING with nobody there to fold them. A reconciliation cycle
 * requested while execution is down (SYSTEM `reconciliation.requested`) finds the exchange
 * ahead of the read models and repairs them; the restarted process finishes every claim with
 * its client order id and places nothing twice; a second cycle is clean; the agents trade again.
 */
jest.setTimeout(400_000);

import { ReconciliationRequested, createEvent } from '@polly/contracts';
import { eventually } from '@polly/testing';
import { compareWithExchange } from './account-comparison';
import { type Stack, startStack } from './in-process';
import { type MarketActor, openActor } from './market-actors';
import type { EventOf } from './recorder';
import { SIMULATOR_WITH_TRADERS, activateAgents, makeFlow, projectorCaughtUp, quietMarkets, quoteMarkets, setAllModes, stackOrderLog } from './trading-scenario';

const ANSWER_DELAY_MS = 4000;

describe('execution killed with orders in flight', () => {
  let stack: Stack;
  let maker: MarketActor;
  let taker: MarketActor;
  let markets: string[];
  const inFlight = new Set<string>();
  let approvedIntents: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      simulator: SIMULATOR_WITH_TRADERS,
      processes: ['execution', 'ingest'],
      env: { POLLY_RECONCILIATION_GRACE_SECONDS: '1' },
      logLevel: 'info',
    });
    maker = await openActor(stack);
    taker = await openActor(stack);
    await activateAgents(stack, 'SemiAuto');
    markets = await quietMarkets(stack, 9);
    await quoteMarkets(stack, maker, markets);
  });

  afterAll(async () => {
    await stack?.admin('DELETE', '/faults').catch(() => undefined);
    stack?.saveRecord('stack-crash');
    await stack?.stop();
  });

  const ourPosts = () => stackOrderLog(stack);
  const requestCycle = async (reason: string) => {
    const from = stack.recorder.recorded.length;
    await stack.bus.publish(createEvent(ReconciliationRequested, 'demo', { trigger: 'manual', reason }, { source: 'crash-test' }));
    const started = await eventually(async () => stack.recorder.recorded.slice(from).find((entry) => entry.event.type === 'reconciliation.started')?.event, { timeoutMs: 30_000, what: 'a cycle to start' });
    const cycleId = (started.data as { cycleId: string }).cycleId;
    const completed = await stack.recorder.waitFor('reconciliation.completed', (event) => event.data.cycleId === cycleId, 60_000);
    return { cycleId, completed, discrepancies: stack.recorder.events('reconciliation.discrepancy', (event) => event.data.cycleId === cycleId) };
  };

  it('is killed while the exchange holds orders it has not answered', async () => {
    const burst = markets.slice(0, 8);
    const from = stack.recorder.recorded.length;
    await Promise.all(burst.map((market) => makeFlow(taker, market, 'yes')));
    const requests = await eventually(
      async () => {
        const found = burst.map((market) => stack.recorder.recorded.slice(from).find((entry) => entry.event.type === 'approval.requested' && entry.event.data.intent.marketTicker === market)?.event);
        return found.every(Boolean) && (found as Array<EventOf<'approval.requested'>>);
      },
      { timeoutMs: 60_000, what: 'Prime’s buys waiting for approval' },
    );
    stack.signal('ingest', 'SIGSTOP');
    await stack.admin('POST', '/faults', { latencyMs: ANSWER_DELAY_MS });
    for (const request of requests) {
      const approved = await stack.control('POST', `/control/approvals/${request.data.approvalId}/approve`, { environment: 'demo' });
      expect(approved.status).toBe(202);
    }
    const wanted = new Set(requests.map((request) => request.data.intent.clientOrderId));
    await eventually(async () => (await ourPosts()).filter((entry) => entry.clientOrderId !== null && wanted.has(entry.clientOrderId) && entry.status === 201).length >= 4, {
      timeoutMs: 30_000,
      intervalMs: 20,
      what: 'orders placed and unanswered',
    });
    await stack.kill('execution', 'SIGKILL');
    await stack.admin('DELETE', '/faults');
    stack.signal('ingest', 'SIGCONT');
    for (const entry of await ourPosts()) if (entry.clientOrderId !== null && wanted.has(entry.clientOrderId)) inFlight.add(entry.clientOrderId);
    approvedIntents = [...wanted];
    // Placed at the exchange, never answered to the process that placed them.
    expect(stack.recorder.events('order.accepted', (event) => inFlight.has(event.data.order.clientOrderId))).toEqual([]);
    expect(inFlight.size).toBeGreaterThanOrEqual(4);
  });

  it('while execution is down, reconciliation reports the difference and repairs it', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cycle = await requestCycle('crash test: execution is down');
    const kinds = cycle.discrepancies.map((event) => event.data.kind);
    console.log(`discrepancies while execution was down: ${JSON.stringify(cycle.completed.data.byKind)}`);
    expect(cycle.completed.data.clean).toBe(false);
    expect(kinds).toContain('order-mismatch');
    expect(kinds).toContain('missing-fill');
    expect(kinds).toContain('position-mismatch');
    for (const event of cycle.discrepancies) expect(event.data.resolution).toBe('adopted-exchange-state');
    const repaired = cycle.discrepancies.filter((event) => event.data.kind === 'order-mismatch').map((event) => event.data.clientOrderId);
    expect(repaired.filter((clientOrderId) => clientOrderId !== null && inFlight.has(clientOrderId)).length).toBeGreaterThan(0);
    // The fills are the agent's: joined to its orders through the client ids the exchange's orders carry.
    const repairedFills = stack.recorder.events('fill.recorded', (event) => event.data.source === 'reconciliation' && event.data.clientOrderId !== null && inFlight.has(event.data.clientOrderId));
    expect(repairedFills.length).toBeGreaterThan(0);
    for (const fill of repairedFills) expect(fill.data.agentId).toBe('prime');
  });

  it('restarts and finishes every claim with the same client order id: one order each at the exchange', async () => {
    await stack.restart('execution');
    await eventually(
      async () => approvedIntents.every((clientOrderId) => stack.recorder.events('order.accepted', (event) => event.data.order.clientOrderId === clientOrderId).length > 0),
      { timeoutMs: 60_000, what: 'every approved order accepted after the restart' },
    );
    const posts = await ourPosts();
    for (const clientOrderId of approvedIntents) expect(posts.filter((entry) => entry.clientOrderId === clientOrderId && entry.status === 201)).toHaveLength(1);
    // The ones that had landed were found again: the restarted process was told 409 for them.
    for (const clientOrderId of inFlight) expect(posts.filter((entry) => entry.clientOrderId === clientOrderId && entry.status === 409).length).toBeGreaterThanOrEqual(1);
    const account = (await stack.admin('GET', `/accounts/${stack.keys.keyId}`)) as { orders: Array<{ client_order_id: string }> };
    const ids = account.orders.map((order) => order.client_order_id);
    expect(ids.length).toBe(new Set(ids).size);
    for (const clientOrderId of inFlight) {
      const fills = stack.recorder.events('fill.recorded', (event) => event.data.clientOrderId === clientOrderId);
      expect(new Set(fills.map((fill) => fill.data.fillId)).size).toBe(1);
    }
  });

  it('a second cycle finds nothing left to repair', async () => {
    await projectorCaughtUp(stack);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cycle = await requestCycle('crash test: after the restart');
    expect(cycle.discrepancies.map((event) => `${event.data.kind} ${event.data.marketTicker} ${JSON.stringify(event.data.local)} ${JSON.stringify(event.data.remote)}`)).toEqual([]);
    expect(cycle.completed.data.clean).toBe(true);
    const comparison = await compareWithExchange(stack);
    expect(comparison.differences).toEqual([]);
  });

  it('agents trade again after the restart', async () => {
    await setAllModes(stack, 'Auto');
    const market = markets[8] as string;
    await makeFlow(taker, market, 'yes');
    const accepted = await stack.recorder.waitFor('order.accepted', (event) => event.data.order.marketTicker === market && event.data.order.agentId === 'prime', 30_000);
    expect(accepted.data.order.orderId).toEqual(expect.any(String));
    await stack.recorder.waitFor('fill.recorded', (event) => event.data.clientOrderId === accepted.data.order.clientOrderId);
  });
});
