/**
 * Paper mode: the identical path up to the exchange call, then fills against the cache's book by
 * the fill model, fees from @polly/market, a simulated balance — and not one request to the
 * order endpoints (the simulator's order log proves it).
 */
import { CancelAllOrders, MarketLifecycleChanged, OrderCancelRequested, type MarketState, type TradeIntent, createEvent, formatDollars, parseCount, parseDollars } from '@polly/contracts';
import type { Market } from '@polly/kalshi';
import { feeSchedule, makerFee, takerFee } from '@polly/market';
import { eventually } from '@polly/testing';
import { type Harness, startWithMarket, tradeIntent } from './testing/harness';

jest.setTimeout(120_000);

// YES bid 0.40 × 6; NO bid 0.45 × 3, so the YES ask is 0.55 × 3.
const book: Partial<MarketState> = {
  yesBid: '0.4000',
  yesBidSize: '6.00',
  noBid: '0.4500',
  noBidSize: '3.00',
  yesAsk: '0.5500',
  noAsk: '0.6000',
  midpoint: '0.4750',
  book: { yes: [['0.4000', '6.00']], no: [['0.4500', '3.00']] },
};

describe('execution, paper mode', () => {
  let harness: Harness;
  let market: Market;
  let schedule: ReturnType<typeof feeSchedule>;

  beforeAll(async () => {
    ({ harness, market } = await startWithMarket({ state: book }));
    const series = await harness.trader.client.getSeries(market.event_ticker.split('-')[0] as string);
    if (!series.ok) throw new Error(series.error.message);
    schedule = feeSchedule(series.value.series.fee_type as never, series.value.series.fee_multiplier);
    await harness.startExecution({ POLLY_DEMO_TRADE_MODE: 'paper', POLLY_PAPER_STARTING_BALANCE: '500.00' });
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  let buyer: TradeIntent;

  it('a crossing buy fills as taker at the touch (0.55), only the 3 shown there, and rests the rest', async () => {
    buyer = tradeIntent(market.ticker, { price: '0.5600', count: '5.00' });
    await harness.approve(buyer);
    const accepted = await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === buyer.clientOrderId);
    expect(accepted.data.order).toMatchObject({ paper: true, status: 'resting', filledCount: '3.00', remainingCount: '2.00' });
    expect(accepted.data.order.orderId).toMatch(/^paper-/);
    const fill = await harness.waitFor('fill.recorded', (event) => event.data.clientOrderId === buyer.clientOrderId);
    const fee = takerFee(parseDollars('0.55'), parseCount('3.00'), schedule);
    expect(fill.data).toMatchObject({ agentId: 'prime', yesPrice: '0.5500', count: '3.00', isTaker: true, paper: true, source: 'paper', fee: formatDollars(fee) });
    const position = await harness.waitFor('position.updated', (event) => event.data.agentId === 'prime' && event.data.source === 'paper');
    expect(position.data).toMatchObject({ position: '3.00', costBasis: '1.6500', markPrice: '0.4750', unrealizedPnl: '-0.2250' });
    // 500 − 1.65 − the fee.
    const expected = formatDollars(parseDollars('498.35') - fee);
    const balance = await harness.waitFor('balance.updated', (event) => event.data.source === 'paper' && event.data.balance === expected);
    expect(balance.data.portfolioValue).toBe(formatDollars(parseDollars(expected) + parseDollars('1.425')));
  });

  it('the resting rest fills as maker, at its own price, only on later trades at or through it', async () => {
    const at = () => new Date().toISOString();
    // At 0.57 (above the bid): nothing. Through it at 0.55 for 1: one contract.
    await harness.putMarketState(market.ticker, {
      ...book,
      recentTrades: [
        { tradeId: 'trade-above', yesPrice: '0.5700', count: '4.00', takerSide: 'yes', at: at() },
        { tradeId: 'trade-through', yesPrice: '0.5500', count: '1.00', takerSide: 'yes', at: at() },
      ],
    });
    const first = await harness.waitFor('fill.recorded', (event) => event.data.clientOrderId === buyer.clientOrderId && event.data.isTaker === false);
    expect(first.data).toMatchObject({ yesPrice: '0.5600', count: '1.00', fee: formatDollars(makerFee(parseDollars('0.56'), parseCount('1.00'), schedule)) });
    await harness.putMarketState(market.ticker, {
      ...book,
      recentTrades: [{ tradeId: 'trade-at', yesPrice: '0.5600', count: '5.00', takerSide: 'no', at: at() }],
    });
    const filled = await harness.waitFor('order.updated', (event) => event.data.order.clientOrderId === buyer.clientOrderId && event.data.order.status === 'executed');
    expect(filled.data.order).toMatchObject({ filledCount: '5.00', remainingCount: '0.00' });
    // The order's update and its last fill are separate messages: either may be delivered first.
    const fills = () => harness.events('fill.recorded', (event) => event.data.clientOrderId === buyer.clientOrderId);
    await eventually(async () => fills().length >= 3, { what: 'the third fill' });
    expect(fills().map((fill) => [fill.data.count, fill.data.isTaker])).toEqual([
      ['3.00', true],
      ['1.00', false],
      ['1.00', false],
    ]);
  });

  it('post-only orders that would cross are refused, stale books refused MARKET_STALE', async () => {
    const postOnly = tradeIntent(market.ticker, { action: 'sell', price: '0.3900', postOnly: true });
    await harness.approve(postOnly);
    expect((await harness.waitFor('order.rejected', (event) => event.data.order.clientOrderId === postOnly.clientOrderId)).data).toMatchObject({ code: 'EXCHANGE_REJECTED', message: 'post only cross' });

    await harness.putMarketState(market.ticker, { ...book, stale: true, staleReason: 'sequence-gap' });
    const onStale = tradeIntent(market.ticker, { price: '0.3000' });
    await harness.approve(onStale);
    expect((await harness.waitFor('order.rejected', (event) => event.data.order.clientOrderId === onStale.clientOrderId)).data.code).toBe('MARKET_STALE');
    await harness.putMarketState(market.ticker, book);
  });

  it('cancel-all cancels resting paper orders', async () => {
    const resting = tradeIntent(market.ticker, { price: '0.2000', count: '2.00' });
    await harness.approve(resting);
    await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === resting.clientOrderId && event.data.order.status === 'resting');
    await harness.bus.publish(createEvent(CancelAllOrders, 'demo', { requestedBy: 'test' }, { source: 'control-api' }));
    const cancelled = await harness.waitFor('order.cancelled', (event) => event.data.order.clientOrderId === resting.clientOrderId);
    expect(cancelled.data.order).toMatchObject({ status: 'canceled', remainingCount: '0.00' });
  });

  it("an agent's cancel request takes its resting paper order out of the paper book", async () => {
    const resting = tradeIntent(market.ticker, { price: '0.2100', count: '2.00' });
    await harness.approve(resting);
    await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === resting.clientOrderId && event.data.order.status === 'resting');
    const data = { agentId: 'prime', clientOrderId: resting.clientOrderId, marketTicker: market.ticker, decisionId: 'decision-1', reasonCode: 'EDGE_GONE', explanation: 'test' };
    await harness.bus.publish(createEvent(OrderCancelRequested, 'demo', data, { source: 'agents' }));
    const cancelled = await harness.waitFor('order.cancelled', (event) => event.data.order.clientOrderId === resting.clientOrderId);
    expect(cancelled.data).toMatchObject({ reason: 'cancelled by prime: EDGE_GONE', order: { status: 'canceled', remainingCount: '0.00', paper: true } });
    // A trade through its price no longer fills it.
    await harness.putMarketState(market.ticker, { ...book, recentTrades: [{ tradeId: 'trade-after-cancel', yesPrice: '0.2000', count: '5.00', takerSide: 'no', at: new Date().toISOString() }] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.events('fill.recorded', (event) => event.data.clientOrderId === resting.clientOrderId)).toEqual([]);
  });

  it('settlement closes the agent’s position at $1 per YES contract', async () => {
    await harness.bus.publish(
      createEvent(
        MarketLifecycleChanged,
        'demo',
        {
          marketTicker: market.ticker,
          eventType: 'settled',
          eventTicker: market.event_ticker,
          openTime: null,
          closeTime: null,
          result: 'yes',
          settlementValue: '1.0000',
          isDeactivated: null,
          priceLevelStructure: null,
          priceRanges: null,
          floorStrike: null,
          yesSubTitle: null,
          receivedAt: new Date().toISOString(),
        },
        { source: 'ingest' },
      ),
    );
    const settled = await harness.waitFor('position.updated', (event) => event.data.agentId === 'prime' && event.data.source === 'settlement');
    // Bought 3 at 0.55 and 2 at 0.56 (2.77); 5 × $1 pays 5.00: 2.23 realized.
    expect(settled.data).toMatchObject({ position: '0.00', costBasis: '0.0000', realizedPnl: '2.2300', unrealizedPnl: '0.0000' });
    const pnl = await harness.waitFor('pnl.recorded', (event) => event.data.agentId === 'prime' && event.data.wins === 1);
    expect(pnl.data.unrealizedPnl).toBe('0.0000');
  });

  it('resting paper orders survive a restart and go on filling', async () => {
    const resting = tradeIntent(market.ticker, { price: '0.3000', count: '2.00' });
    await harness.approve(resting);
    await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === resting.clientOrderId && event.data.order.status === 'resting');
    await harness.stop();
    await harness.startExecution({ POLLY_DEMO_TRADE_MODE: 'paper', POLLY_PAPER_STARTING_BALANCE: '500.00' });
    await harness.putMarketState(market.ticker, { ...book, recentTrades: [{ tradeId: 'after-restart', yesPrice: '0.2900', count: '5.00', takerSide: 'no', at: new Date().toISOString() }] });
    const filled = await harness.waitFor('order.updated', (event) => event.data.order.clientOrderId === resting.clientOrderId && event.data.order.status === 'executed');
    expect(filled.data.order).toMatchObject({ filledCount: '2.00', paper: true });
  });

  it('never calls the order endpoints', async () => {
    expect(await harness.orderLog()).toEqual([]);
  });
});
