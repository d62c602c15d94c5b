/**
 * Execution against the exchange simulator (in-process), live mode, with ingest publishing the
 * account's private channels: every outcome of an order, fills attributed to agents,
 * idempotency, cancel-all and the 401 halt.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { CancelAllOrders, FillRecorded, OrderCancelRequested, createEvent } from '@polly/contracts';
import type { Market } from '@polly/kalshi';
import { eventually } from '@polly/testing';
import { type Harness, startWithMarket, tradeIntent } from './testing/harness';

jest.setTimeout(120_000);

describe('execution, live mode, against the exchange simulator', () => {
  let harness: Harness;
  let market: Market;

  beforeAll(async () => {
    ({ harness, market } = await startWithMarket());
    await harness.startExecution();
    await harness.startIngest();
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  const postsOf = async (clientOrderId: string) =>
    (await harness.orderLog()).filter((entry) => entry.method === 'POST' && entry.clientOrderId === clientOrderId);

  it('places an order the exchange accepts: order.submitted, then order.accepted resting with the exchange id', async () => {
    const intent = tradeIntent(market.ticker, { price: '0.3000', count: '5.00' });
    await harness.approve(intent);
    const accepted = await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(accepted.data.order).toMatchObject({ status: 'resting', bookSide: 'bid', yesPrice: '0.3000', remainingCount: '5.00', agentId: 'prime', paper: false });
    expect(accepted.data.order.orderId).toEqual(expect.any(String));
    const submitted = harness.events('order.submitted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(submitted).toHaveLength(1);
    expect(await postsOf(intent.clientOrderId)).toEqual([expect.objectContaining({ status: 201 })]);
  });

  it('maps a NO buy to an ask at the YES price', async () => {
    const intent = tradeIntent(market.ticker, { side: 'no', price: '0.2000', count: '1.00' });
    await harness.approve(intent);
    const accepted = await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(accepted.data.order).toMatchObject({ bookSide: 'ask', yesPrice: '0.8000', price: '0.2000', side: 'no' });
  });

  it('fills against resting liquidity; the fill, position and P/L are the agent’s', async () => {
    const resting = await harness.maker.client.createOrder({ ticker: market.ticker, side: 'ask', price: '0.5500', count: '10.00', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross' });
    expect(resting.ok).toBe(true);
    const intent = tradeIntent(market.ticker, { agentId: 'peritia', agentName: 'Peritia', clientOrderId: `peritia-${Date.now().toString(36)}-fill01`, price: '0.5500', count: '4.00' });
    await harness.approve(intent);

    const accepted = await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(accepted.data.order).toMatchObject({ status: 'executed', filledCount: '4.00', remainingCount: '0.00' });
    const fill = await harness.waitFor('fill.recorded', (event) => event.data.clientOrderId === intent.clientOrderId);
    expect(fill.data).toMatchObject({ agentId: 'peritia', action: 'buy', side: 'yes', yesPrice: '0.5500', price: '0.5500', count: '4.00', isTaker: true, paper: false, source: 'exchange' });
    const position = await harness.waitFor('position.updated', (event) => event.data.agentId === 'peritia');
    expect(position.data).toMatchObject({ marketTicker: market.ticker, position: '4.00', costBasis: '2.2000', source: 'fills' });
    const pnl = await harness.waitFor('pnl.recorded', (event) => event.data.agentId === 'peritia');
    expect(pnl.data).toMatchObject({ fills: 1, feesPaid: fill.data.fee });
    await harness.waitFor('pnl.recorded', (event) => event.data.agentId === 'account');
    await harness.waitFor('position.updated', (event) => event.data.agentId === null && event.data.marketTicker === market.ticker);
    const balance = await harness.waitFor('balance.updated', (event) => event.data.source === 'exchange');
    expect(balance.data.balance).toMatch(/^\d+\.\d{4,6}$/);
  });

  it('a fill that reconciliation recovered goes into the agent’s position, without a second fill.recorded', async () => {
    const order = harness.events('order.accepted', (event) => event.data.order.agentId === 'peritia')[0]?.data.order;
    if (!order) throw new Error('the filled order of the previous test is missing');
    await harness.bus.publish(
      createEvent(
        FillRecorded,
        'demo',
        {
          fillId: 'recovered-fill-1',
          orderId: order.orderId,
          clientOrderId: order.clientOrderId,
          agentId: 'peritia',
          marketTicker: market.ticker,
          action: 'buy',
          side: 'yes',
          yesPrice: '0.5000',
          price: '0.5000',
          count: '1.00',
          isTaker: false,
          fee: '0.0000',
          filledAt: new Date().toISOString(),
          paper: false,
          source: 'reconciliation',
        },
        { source: 'reconciliation' },
      ),
    );
    const position = await harness.waitFor('position.updated', (event) => event.data.agentId === 'peritia' && event.data.position === '5.00');
    expect(position.data.costBasis).toBe('2.7000');
    expect(harness.events('fill.recorded', (event) => event.data.fillId === 'recovered-fill-1')).toHaveLength(1);
  });

  it('refuses a price off the grid before anything reaches the exchange (INVALID_PRICE)', async () => {
    const intent = tradeIntent(market.ticker, { price: '0.4050' });
    await harness.approve(intent);
    const rejected = await harness.waitFor('order.rejected', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(rejected.data).toMatchObject({ code: 'INVALID_PRICE', exchangeCode: null, order: { status: 'rejected', errorCode: 'INVALID_PRICE' } });
    expect(harness.events('order.submitted', (event) => event.data.order.clientOrderId === intent.clientOrderId)).toHaveLength(0);
    expect(await postsOf(intent.clientOrderId)).toHaveLength(0);
  });

  it('refuses an unknown market (MARKET_UNKNOWN)', async () => {
    const intent = tradeIntent('KXNOSUCH-26NOV21-X1');
    await harness.approve(intent);
    const rejected = await harness.waitFor('order.rejected', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(rejected.data.code).toBe('MARKET_UNKNOWN');
  });

  it('asks the exchange about a market the cache still calls initialized (nothing announces an opening) and places the order when it is open', async () => {
    await harness.putMarketState(market.ticker, { status: 'initialized' });
    try {
      const intent = tradeIntent(market.ticker, { price: '0.3100', count: '1.00' });
      await harness.approve(intent);
      const accepted = await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
      expect(accepted.data.order).toMatchObject({ status: 'resting', yesPrice: '0.3100' });
    } finally {
      await harness.putMarketState(market.ticker);
    }
  });

  it('refuses a market the exchange has not opened yet (MARKET_NOT_OPEN), without placing anything', async () => {
    const listed = await harness.trader.client.getMarketsPage({ series_ticker: 'KXBTC15M', status: 'unopened', limit: 10 } as never);
    if (!listed.ok) throw new Error(listed.error.message);
    const next = listed.value.markets.find((candidate) => candidate.status === 'initialized');
    if (!next) throw new Error('the simulator lists no KXBTC15M window that has not opened');
    const intent = tradeIntent(next.ticker, { price: '0.5000', count: '1.00' });
    await harness.approve(intent);
    const rejected = await harness.waitFor('order.rejected', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(rejected.data).toMatchObject({ code: 'MARKET_NOT_OPEN', exchangeCode: null });
    expect(await postsOf(intent.clientOrderId)).toHaveLength(0);
  });

  it('an exchange refusal is order.rejected with the exchange’s code', async () => {
    const intent = tradeIntent(market.ticker, { price: '0.5000', count: '100000.00' });
    await harness.approve(intent);
    const rejected = await harness.waitFor('order.rejected', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(rejected.data).toMatchObject({ code: 'EXCHANGE_REJECTED', exchangeCode: 'available_balance_too_low' });
    expect(await postsOf(intent.clientOrderId)).toEqual([expect.objectContaining({ status: 400 })]);
  });

  it('a 429 storm ends as order.failed RATE_LIMITED_RETRIES_EXHAUSTED after the retry table (6 attempts)', async () => {
    await harness.admin('POST', '/faults', { http: { status: 429, count: 6, pathPrefix: '/portfolio/events/orders' } });
    try {
      const intent = tradeIntent(market.ticker, { price: '0.2500' });
      const started = Date.now();
      await harness.approve(intent);
      const failed = await harness.waitFor('order.failed', (event) => event.data.order.clientOrderId === intent.clientOrderId, 20_000);
      expect(failed.data).toMatchObject({ code: 'RATE_LIMITED_RETRIES_EXHAUSTED', attempts: 6, order: { status: 'failed' } });
      // The back-off: 100 + 200 + 400 + 800 + 1600 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(3100);
    } finally {
      await harness.admin('DELETE', '/faults');
    }
  });

  it('a 5xx that clears within the retry table still places the order once', async () => {
    await harness.admin('POST', '/faults', { http: { status: 500, count: 2, pathPrefix: '/portfolio/events/orders' } });
    try {
      const intent = tradeIntent(market.ticker, { price: '0.2600' });
      await harness.approve(intent);
      const accepted = await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
      expect(accepted.data.order.status).toBe('resting');
      expect(await postsOf(intent.clientOrderId)).toHaveLength(1);
    } finally {
      await harness.admin('DELETE', '/faults');
    }
  });

  it('the same approved intent delivered twice places one order', async () => {
    const intent = tradeIntent(market.ticker, { price: '0.2700' });
    await Promise.all([harness.approve(intent), harness.approve(intent)]);
    await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    await harness.approve(intent);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await postsOf(intent.clientOrderId)).toHaveLength(1);
    expect(harness.events('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId)).toHaveLength(1);
    expect(harness.events('intent.denied', (event) => event.data.intentId === intent.intentId)).toHaveLength(0);
  });

  it('a client order id reused by another intent is denied DUPLICATE_CLIENT_ORDER_ID', async () => {
    const first = tradeIntent(market.ticker, { price: '0.2800' });
    await harness.approve(first);
    await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === first.clientOrderId);
    const reuse = { ...tradeIntent(market.ticker, { price: '0.2900' }), clientOrderId: first.clientOrderId };
    await harness.approve(reuse);
    const denied = await harness.waitFor('intent.denied', (event) => event.data.intentId === reuse.intentId);
    expect(denied.data).toMatchObject({ code: 'DUPLICATE_CLIENT_ORDER_ID', clientOrderId: first.clientOrderId });
    expect(await postsOf(first.clientOrderId)).toHaveLength(1);
  });

  it("cancels an agent's resting order when that agent asks, and refuses the request from another agent or for an order that no longer rests", async () => {
    const intent = tradeIntent(market.ticker, { price: '0.2500', count: '2.00' });
    await harness.approve(intent);
    await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId && event.data.order.status === 'resting');
    const request = (agentId: string) =>
      harness.bus.publish(
        createEvent(
          OrderCancelRequested,
          'demo',
          { agentId, clientOrderId: intent.clientOrderId, marketTicker: market.ticker, decisionId: randomUUID(), reasonCode: 'EDGE_GONE', explanation: 'test' },
          { source: 'agents' },
        ),
      );
    const deletesOf = async () => (await harness.orderLog()).filter((entry) => entry.method === 'DELETE' && entry.keyId === harness.trader.keyId).length;
    const before = await deletesOf();
    await request('peritia');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.events('order.cancelled', (event) => event.data.order.clientOrderId === intent.clientOrderId)).toEqual([]);
    expect(await deletesOf()).toBe(before);

    await request('prime');
    const cancelled = await harness.waitFor('order.cancelled', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(cancelled.data).toMatchObject({ reason: 'cancelled by prime: EDGE_GONE', order: { status: 'canceled', remainingCount: '0.00' } });
    expect(await deletesOf()).toBe(before + 1);
    const account = (await harness.admin('GET', `/accounts/${harness.trader.keyId}`)) as { orders: Array<{ client_order_id: string; status: string }> };
    expect(account.orders.find((order) => order.client_order_id === intent.clientOrderId)?.status).toBe('canceled');

    // Asked again once it is gone: nothing is sent.
    await request('prime');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.events('order.cancelled', (event) => event.data.order.clientOrderId === intent.clientOrderId)).toHaveLength(1);
    expect(await deletesOf()).toBe(before + 1);
  });

  it('orders.cancel-all cancels every resting order of the environment', async () => {
    const resting = harness.events('order.accepted', (event) => event.data.order.status === 'resting').map((event) => event.data.order.clientOrderId);
    expect(resting.length).toBeGreaterThan(2);
    await harness.bus.publish(createEvent(CancelAllOrders, 'demo', { requestedBy: 'test' }, { source: 'control-api' }));
    await eventually(async () => resting.every((id) => harness.events('order.cancelled', (event) => event.data.order.clientOrderId === id).length > 0), { what: 'every resting order cancelled' });
    const account = (await harness.admin('GET', `/accounts/${harness.trader.keyId}`)) as { orders: Array<{ status: string }> };
    expect(account.orders.filter((order) => order.status === 'resting')).toHaveLength(0);
    const deletes = (await harness.orderLog()).filter((entry) => entry.method === 'DELETE' && entry.keyId === harness.trader.keyId);
    expect(deletes.length).toBeGreaterThan(0);
  });

  it('a 401 halts trading (CONTROL trading.halted) and nothing more is sent', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    harness.simulator.registerKey(harness.trader.keyId, other);
    const refused = tradeIntent(market.ticker, { price: '0.3100' });
    await harness.approve(refused);
    const rejected = await harness.waitFor('order.rejected', (event) => event.data.order.clientOrderId === refused.clientOrderId);
    expect(rejected.data).toMatchObject({ code: 'UNAUTHORIZED' });
    const halted = await harness.waitFor('trading.halted');
    expect(halted.data).toMatchObject({ code: 'UNAUTHORIZED', service: 'execution' });

    const after = tradeIntent(market.ticker, { price: '0.3200', clientOrderId: `prime-${randomUUID().slice(0, 8)}` });
    await harness.approve(after);
    const stopped = await harness.waitFor('order.rejected', (event) => event.data.order.clientOrderId === after.clientOrderId);
    expect(stopped.data.code).toBe('TRADING_HALTED');
    expect(await postsOf(after.clientOrderId)).toHaveLength(0);
  });
});
