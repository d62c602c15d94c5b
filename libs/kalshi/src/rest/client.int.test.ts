/**
 * The REST client against the exchange simulator: public market data without keys, signed
 * portfolio reads and the whole V2 order lifecycle.
 */
import { type Account, type SimulatorHarness, startSimulator } from '../testing/simulator';
import type { KalshiClient } from './client';
import type { Market } from './schemas/market-data';

let exchange: SimulatorHarness;
let account: Account;
let trader: KalshiClient;
let market: Market;

beforeAll(async () => {
  exchange = await startSimulator({ markets: 400, traders: false });
  account = await exchange.newAccount();
  trader = exchange.client({ account });
  const open = await trader.getMarketsPage({ status: 'open', limit: 200 });
  if (!open.ok) throw new Error(JSON.stringify(open.error));
  const candidate = open.value.markets.find((entry) => entry.price_level_structure === 'linear_cent') ?? open.value.markets[0];
  if (!candidate) throw new Error('the simulator has no open market');
  market = candidate;
}, 60_000);

afterAll(async () => {
  await exchange?.stop();
});

/** A good-till-canceled bid on the test market. */
const bid = (price: string, count: string) => ({
  ticker: market.ticker,
  side: 'bid' as const,
  price,
  count,
  time_in_force: 'good_till_canceled' as const,
  self_trade_prevention_type: 'taker_at_cross' as const,
});

describe('public market data without keys', () => {
  const anonymous = () => exchange.client();

  it('reads the exchange status, which says it is simulated', async () => {
    const status = await anonymous().getExchangeStatus();
    expect(status).toMatchObject({ ok: true, status: 200, attempts: 1 });
    if (status.ok) expect(status.value.exchange_index_statuses?.[0]?.description).toMatch(/^SIMULATED/);
  });

  it('reads series, events and markets', async () => {
    const client = anonymous();
    const series = await client.getSeriesList();
    expect(series.ok && series.value.series.length).toBeGreaterThan(0);
    if (series.ok) expect(series.value.series[0]?.tags).toContain('Simulated');
    const events = await client.getEventsPage({ limit: 5 });
    expect(events.ok && events.value.events.length).toBe(5);
    const one = await client.getMarket(market.ticker);
    expect(one.ok && one.value.market.ticker).toBe(market.ticker);
    if (events.ok && events.value.events[0]) {
      const event = await client.getEvent(events.value.events[0].event_ticker, true);
      expect(event.ok).toBe(true);
    }
  });

  it('reads books and trades', async () => {
    const client = anonymous();
    const book = await client.getOrderbook(market.ticker);
    expect(book.ok).toBe(true);
    const books = await client.getOrderbooks([market.ticker]);
    expect(books.ok && books.value.orderbooks[0]?.ticker).toBe(market.ticker);
    const trades = await client.getTradesPage({ limit: 10 });
    expect(trades.ok).toBe(true);
  });

  it('answers an unknown market with a 404 and no retry', async () => {
    const missing = await anonymous().getMarket('KXNOPE-00JAN01-T0');
    expect(missing).toMatchObject({ ok: false, error: { kind: 'http', status: 404, attempts: 1, operation: 'getMarket' } });
  });

  it('refuses signed calls without a key, before sending anything', async () => {
    const client = anonymous();
    const balance = await client.getBalance();
    expect(balance).toMatchObject({ ok: false, error: { kind: 'not-configured', attempts: 0 } });
    expect(client.counters().requests.read).toBe(0);
  });
});

describe('a signed account', () => {
  it('reads its balance, positions, fills, settlements and limits', async () => {
    const balance = await trader.getBalance();
    expect(balance.ok && balance.value.balance_dollars).toBe('1000.0000');
    expect((await trader.getPositionsPage()).ok).toBe(true);
    expect((await trader.getFillsPage()).ok).toBe(true);
    expect((await trader.getSettlementsPage()).ok).toBe(true);
    const limits = await trader.applyAccountLimits();
    expect(limits.ok).toBe(true);
    if (limits.ok) expect(trader.buckets.read.capacity).toBe(limits.value.read.bucket_capacity * trader.limits.headroom);
  });

  it('places, reads, amends, decreases and cancels an order', async () => {
    const placed = await trader.createOrder(bid('0.0300', '10.00'));
    expect(placed).toMatchObject({ ok: true, status: 201, attempts: 1 });
    if (!placed.ok) return;
    expect(placed.value.client_order_id).toMatch(/^[-\w]{36}$/);
    const orderId = placed.value.order_id;

    const read = await trader.getOrder(orderId);
    expect(read.ok && read.value.order).toMatchObject({ status: 'resting', yes_price_dollars: '0.0300', remaining_count_fp: '10.00' });

    const amended = await trader.amendOrder(orderId, { ticker: market.ticker, side: 'bid', price: '0.0400', count: '8.00' });
    expect(amended.ok).toBe(true);
    const decreased = await trader.decreaseOrder(orderId, { reduce_by: '3.00' });
    expect(decreased.ok && decreased.value.remaining_count).toBe('5.00');

    const listed = await trader.getOrdersPage({ ticker: market.ticker, status: 'resting' });
    expect(listed.ok && listed.value.orders.map((order) => order.order_id)).toContain(orderId);

    const canceled = await trader.cancelOrder(orderId);
    expect(canceled.ok && canceled.value.reduced_by).toBe('5.00');
  });

  it('signs with an Ed25519 key: reads its balance, places and cancels an order, opens the WebSocket', async () => {
    const ed25519 = await exchange.newAccount('50.00', undefined, 'ed25519');
    const client = exchange.client({ account: ed25519 });
    const balance = await client.getBalance();
    expect(balance.ok && balance.value.balance_dollars).toBe('50.0000');
    const placed = await client.createOrder(bid('0.0200', '1.00'));
    expect(placed).toMatchObject({ ok: true, status: 201 });
    if (placed.ok) expect((await client.cancelOrder(placed.value.order_id)).ok).toBe(true);
    const stream = exchange.stream({ account: ed25519 });
    try {
      expect(await stream.connect()).toBe(true);
      expect((await stream.subscribe('ticker')).ok).toBe(true);
    } finally {
      await stream.close();
    }
  });

  it('is refused with the exchange’s 401 when an Ed25519 signature is not its key’s', async () => {
    const ed25519 = await exchange.newAccount(undefined, undefined, 'ed25519');
    const other = await exchange.newAccount(undefined, undefined, 'ed25519');
    const forged = exchange.client({ account: { keyId: ed25519.keyId, privateKeyPem: other.privateKeyPem } });
    const balance = await forged.getBalance();
    expect(balance).toMatchObject({ ok: false, error: { status: 401 } });
  });

  it('places and cancels a batch, and cancels everything', async () => {
    const order = bid('0.0200', '1.00');
    const batch = await trader.batchCreateOrders([order, order, order]);
    expect(batch.ok && batch.value.orders).toHaveLength(3);
    if (!batch.ok) return;
    const ids = batch.value.orders.map((entry) => entry.order_id ?? '');
    const canceled = await trader.batchCancelOrders([{ order_id: ids[0] ?? '' }, { order_id: ids[1] ?? '' }]);
    expect(canceled.ok && canceled.value.orders.map((entry) => entry.reduced_by)).toEqual(['1.00', '1.00']);
    expect((await trader.cancelAllOrders()).ok).toBe(true);
    const remaining = await trader.getOrder(ids[2] ?? '');
    expect(remaining.ok && remaining.value.order.status).toBe('canceled');
  });

  it('rejects an off-grid price with the exchange code and no retry', async () => {
    const placed = await trader.createOrder(bid('0.0305', '1.00'));
    expect(placed).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'invalid_price', attempts: 1 } });
  });

  it('checks an order before spending tokens', async () => {
    const placed = await trader.createOrder(bid('0.5', '1.005'));
    expect(placed).toMatchObject({ ok: false, error: { kind: 'invalid-request', attempts: 0 } });
  });
});
