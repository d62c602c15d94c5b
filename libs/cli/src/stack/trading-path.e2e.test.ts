/**
 * The trading path end to end in demo, against the simulator with its background traders on:
 * Prime and Peritia (Auto) each place, fill and close positions, and afterwards the projector's
 * orders, fills and positions equal the simulator's own record of the account.
 *
 * Prime follows flow the test makes in a market nobody else trades (a maker quotes it, a taker's
 * buys dominate the minute), then sells when the flow turns. Peritia trades a 15-minute BTC
 * window the test sees open and settle: the simulator's clock is moved to the window's open
 * (POST /admin/clock/advance), forward inside it until Peritia finds an edge in the background
 * traders' quotes, and past its close. Moving the exchange's clock puts it ahead of the wall
 * clock, and the agents compare the exchange's open, close and index times with "now": in this
 * stack the agents read the simulator's clock, as they read the exchange's (equal to the wall
 * clock) in production. The other services keep the wall clock; their time checks compare
 * times of their own.
 */
jest.setTimeout(900_000);

import { createAgentsService } from '@polly/agents';
import { eventually } from '@polly/testing';
import { compareWithExchange } from './account-comparison';
import { type Stack, startStack } from './in-process';
import { type MarketActor, openActor } from './market-actors';
import { SIMULATOR_WITH_TRADERS, activateAgents, makeFlow, projectorCaughtUp, quietMarkets, quoteMarkets, setAllModes } from './trading-scenario';

describe('Prime and Peritia trading in demo against the simulator', () => {
  let stack: Stack;
  let maker: MarketActor;
  let taker: MarketActor;

  beforeAll(async () => {
    stack = await startStack({
      simulator: SIMULATOR_WITH_TRADERS,
      definitions: (simulator) => ({ agents: createAgentsService({ now: () => simulator.exchange.now() }) }),
      logLevel: 'info',
    });
    maker = await openActor(stack);
    taker = await openActor(stack);
  });

  afterAll(async () => {
    stack?.saveRecord('stack-trading-path');
    await stack?.stop();
  });

  const simulatedNow = () => stack.simulator.exchange.now();
  const advance = (seconds: number) => stack.admin('POST', '/clock/advance', { seconds });
  const windows = () => stack.simulator.exchange.universe.listed.filter((market) => market.seriesTicker === 'KXBTC15M');
  const fillsOf = (agentId: string, ticker: string) => stack.recorder.events('fill.recorded', (event) => event.data.agentId === agentId && event.data.marketTicker === ticker);
  const positionOf = (agentId: string, ticker: string) => stack.recorder.events('position.updated', (event) => event.data.agentId === agentId && event.data.marketTicker === ticker).at(-1)?.data;

  it('connects the demo keys and puts every agent in Auto', async () => {
    await activateAgents(stack, 'Auto');
  });

  it('Prime buys into the flow, and sells when it turns', async () => {
    const [market] = (await quietMarkets(stack, 1)) as [string];
    await quoteMarkets(stack, maker, [market]);
    await makeFlow(taker, market, 'yes');
    await eventually(async () => fillsOf('prime', market).some((fill) => fill.data.action === 'buy'), { timeoutMs: 30_000, what: 'Prime’s buy filled' });
    await makeFlow(taker, market, 'no', '120.00');
    await eventually(async () => fillsOf('prime', market).some((fill) => fill.data.action === 'sell'), { timeoutMs: 30_000, what: 'Prime’s sell filled' });
    await eventually(async () => positionOf('prime', market)?.position === '0.00', { what: 'Prime flat again' });
    expect(fillsOf('prime', market).map((fill) => [fill.data.action, fill.data.side, fill.data.count])).toEqual([
      ['buy', 'yes', '1.00'],
      ['sell', 'yes', '1.00'],
    ]);
  });

  it('Peritia trades a 15-minute window that opens, and its position is closed when the window settles', async () => {
    // Peritia needs 120 index returns (two minutes of BRTI) before it prices anything.
    await eventually(
      async () => stack.recorder.events('agent.decided', (event) => event.data.agentId === 'peritia' && Number(event.data.inputs.volatilitySamples ?? 0) >= 120).length > 0,
      { timeoutMs: 300_000, intervalMs: 1000, what: 'Peritia warmed up' },
    );
    const current = windows().find((market) => market.status === 'active');
    const next = windows().find((market) => market.status === 'initialized');
    if (!current || !next) throw new Error('no current and next KXBTC15M window');
    expect(next.openTime).toBe(current.closeTime);
    await advance(Math.ceil((next.openTime - simulatedNow()) / 1000) + 1);
    expect(stack.simulator.exchange.engine.market(next.ticker)?.status).toBe('active');

    // Inside the window: every minute moves the index past quotes the background makers left resting.
    for (let step = 0; step < 10 && fillsOf('peritia', next.ticker).length === 0; step += 1) {
      const working = stack.recorder.events('order.accepted', (event) => event.data.order.agentId === 'peritia' && event.data.order.marketTicker === next.ticker && event.data.order.status === 'resting');
      for (const resting of working) {
        // Someone sells into Peritia's resting bid.
        const { yesPrice, bookSide } = resting.data.order;
        await taker.order(next.ticker, bookSide === 'bid' ? 'ask' : 'bid', yesPrice, '50.00', 'immediate_or_cancel').catch(() => undefined);
      }
      const filled = await eventually(async () => fillsOf('peritia', next.ticker).length > 0, { timeoutMs: 20_000, intervalMs: 250, what: 'a Peritia fill' }).catch(() => false);
      if (!filled && next.closeTime - simulatedNow() > 240_000) await advance(60);
    }
    expect(fillsOf('peritia', next.ticker).length).toBeGreaterThan(0);

    // Past the close: the window determines two seconds later and settles one second after that.
    await advance(Math.ceil((next.closeTime - simulatedNow()) / 1000) + 5);
    const settled = await eventually(async () => {
      const position = positionOf('peritia', next.ticker);
      return position?.source === 'settlement' && position;
    }, { timeoutMs: 60_000, what: 'Peritia’s position settled' });
    expect(settled.position).toBe('0.00');
  });

  it('leaves the read models equal to the simulator’s account: orders, fills and net positions', async () => {
    await setAllModes(stack, 'FullStop');
    // What was in flight lands (answers, fill reports, the projector) before comparing.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await projectorCaughtUp(stack);
    const comparison = await eventually(
      async () => {
        const result = await compareWithExchange(stack);
        return result.differences.length === 0 ? result : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1000, what: 'read models equal to the exchange' },
    ).catch(async () => compareWithExchange(stack));
    expect(comparison.differences).toEqual([]);
    expect(comparison.orders).toBeGreaterThanOrEqual(3);
    expect(comparison.fills).toBeGreaterThanOrEqual(3);
  });
});
