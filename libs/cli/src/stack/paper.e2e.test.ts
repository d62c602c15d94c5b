/**
 * Paper mode (`POLLY_DEMO_TRADE_MODE=paper`) end to end: the demo keys are connected (they give
 * the market data), Prime trades in Auto on flow the test makes, its orders are filled against
 * the cached book by the paper fill model and recorded like any fill, and the simulator's order
 * log shows no order-entry request at all. The test's own maker and taker are accounts inside
 * the simulator (as its background traders are), so the log would show any request, whoever
 * sent it.
 */
jest.setTimeout(300_000);

import { eventually } from '@polly/testing';
import { type Stack, startStack } from './in-process';
import { type MarketActor, insideActor } from './market-actors';
import { SIMULATOR_WITH_TRADERS, activateAgents, makeFlow, projectorCaughtUp, quietMarkets, quoteMarkets } from './trading-scenario';

describe('paper trading in demo', () => {
  let stack: Stack;
  let maker: MarketActor;
  let taker: MarketActor;

  beforeAll(async () => {
    stack = await startStack({
      simulator: SIMULATOR_WITH_TRADERS,
      env: { POLLY_DEMO_TRADE_MODE: 'paper' },
      logLevel: 'info',
    });
    maker = insideActor(stack);
    taker = insideActor(stack);
  });

  afterAll(async () => {
    stack?.saveRecord('stack-paper');
    await stack?.stop();
  });

  const fillsOf = (market: string) => stack.recorder.events('fill.recorded', (event) => event.data.agentId === 'prime' && event.data.marketTicker === market);

  it('trades on paper: orders filled by the fill model and recorded, and not one order-entry request at the exchange', async () => {
    await activateAgents(stack, 'Auto');
    const [market] = (await quietMarkets(stack, 1)) as [string];
    await quoteMarkets(stack, maker, [market]);

    await makeFlow(taker, market, 'yes');
    await eventually(async () => fillsOf(market).length >= 1, { timeoutMs: 30_000, what: 'Prime’s paper buy filled' });
    await makeFlow(taker, market, 'no', '120.00');
    await eventually(async () => fillsOf(market).length >= 2, { timeoutMs: 30_000, what: 'Prime’s paper sell filled' });
    expect(fillsOf(market).map((fill) => [fill.data.action, fill.data.side, fill.data.price, fill.data.count, fill.data.paper, fill.data.source])).toEqual([
      ['buy', 'yes', '0.5000', '1.00', true, 'paper'],
      ['sell', 'yes', '0.4500', '1.00', true, 'paper'],
    ]);
    const orders = stack.recorder.events('order.accepted', (event) => event.data.order.marketTicker === market && event.data.order.agentId === 'prime');
    expect(orders.map((event) => event.data.order.orderId)).toEqual([expect.stringMatching(/^paper-/), expect.stringMatching(/^paper-/)]);

    // Recorded: the projector's fills hold them.
    await projectorCaughtUp(stack);
    const stored = await stack.database.db.withSchema('demo').selectFrom('fills').selectAll().where('market_ticker', '=', market).execute();
    expect(stored.map((row) => [row.action, row.paper, row.source])).toEqual(expect.arrayContaining([['buy', true, 'paper'], ['sell', true, 'paper']]));

    // Prime traded elsewhere too (the background flow), always on paper; the exchange saw no order entry at all.
    expect(stack.recorder.events('order.accepted').every((event) => event.data.order.paper)).toBe(true);
    expect(await stack.admin('GET', '/order-log')).toEqual([]);
    expect((await stack.admin('GET', `/accounts/${stack.keys.keyId}`)).orders).toEqual([]);
  });
});
