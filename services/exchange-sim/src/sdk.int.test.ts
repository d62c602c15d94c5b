/**
 * The official kalshi-typescript SDK (3.30.0, unmodified) against the simulator: catalog reads
 * with pagination, order books, V2 order entry, portfolio reads and Kalshi-shaped errors.
 * Each API object gets its own axios instance so the SDK's signing interceptors stay local.
 */
import { constants, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { parseDollars } from '@polly/contracts';
import axios, { type AxiosError, type AxiosInstance } from 'axios';
import { Configuration, EventsApi, ExchangeApi, MarketApi, OrdersApi, PortfolioApi } from 'kalshi-typescript';
import { type ExchangeSimulator, startExchangeSimulator } from './simulator';

interface Client {
  keyId: string;
  privateKeyPem: string;
  markets: MarketApi;
  events: EventsApi;
  exchange: ExchangeApi;
  portfolio: PortfolioApi;
  orders: OrdersApi;
}

function newKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function sdkClient(simulator: ExchangeSimulator, keyId: string, privateKeyPem: string): Client {
  const configuration = new Configuration({ apiKey: keyId, privateKeyPem, basePath: simulator.restUrl });
  const instance = (): AxiosInstance => axios.create();
  return {
    keyId,
    privateKeyPem,
    markets: new MarketApi(configuration, simulator.restUrl, instance()),
    events: new EventsApi(configuration, simulator.restUrl, instance()),
    exchange: new ExchangeApi(configuration, simulator.restUrl, instance()),
    portfolio: new PortfolioApi(configuration, simulator.restUrl, instance()),
    orders: new OrdersApi(configuration, simulator.restUrl, instance()),
  };
}

function account(simulator: ExchangeSimulator, tier: 'basic' | 'prime' = 'prime', balance = '1000.00'): Client {
  const keys = newKeys();
  const keyId = randomUUID();
  simulator.registerKey(keyId, keys.publicKeyPem, { tier, balance });
  return sdkClient(simulator, keyId, keys.privateKeyPem);
}

interface Answer {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

/** Status, body and headers of an SDK call, whether it succeeded or failed over HTTP. */
async function answer(call: Promise<{ status: number; data: unknown; headers: unknown }>): Promise<Answer> {
  try {
    const response = await call;
    return { status: response.status, body: response.data, headers: response.headers as Record<string, unknown> };
  } catch (error) {
    const response = (error as AxiosError).response;
    if (response) return { status: response.status, body: response.data, headers: response.headers as Record<string, unknown> };
    throw error;
  }
}

async function failure(call: Promise<{ status: number; data: unknown; headers: unknown }>): Promise<Answer> {
  const result = await answer(call);
  if (result.status < 400) throw new Error(`expected a failure, got ${result.status}`);
  return result;
}

const order = (ticker: string, side: 'bid' | 'ask', price: string, count: string, extra: Record<string, unknown> = {}) =>
  ({ ticker, side, price, count, time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross', ...extra }) as any;

describe('the official Kalshi SDK against the exchange simulator', () => {
  let simulator: ExchangeSimulator;
  let alice: Client;
  let bob: Client;
  let window: string;

  beforeAll(async () => {
    simulator = await startExchangeSimulator({ port: 0, seed: 11, markets: 2_000, traders: false, clock: 'manual', startTime: '2026-07-22T17:07:00Z' });
    alice = account(simulator);
    bob = account(simulator);
    const { data } = await alice.markets.getMarkets(10, undefined, undefined, 'KXBTC15M', undefined, undefined, undefined, undefined, undefined, undefined, undefined, 'open');
    window = data.markets[0]?.ticker as string;
  });
  afterAll(() => simulator.stop());

  it('says it is simulated', async () => {
    const { data } = await alice.exchange.getExchangeStatus();
    expect(data.exchange_active).toBe(true);
    expect(data.exchange_index_statuses?.[0]?.description).toMatch(/^SIMULATED/);
    const series = await alice.markets.getSeries('KXBTC15M');
    expect(series.data.series).toMatchObject({ ticker: 'KXBTC15M', fee_type: 'quadratic', product_metadata: { simulated: true } });
    expect(series.data.series.tags).toContain('Simulated');
  });

  it('lists every market once through cursor pagination, ending with an empty cursor', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data } = await alice.markets.getMarkets(1000, cursor);
      for (const market of data.markets) {
        expect(seen.has(market.ticker)).toBe(false);
        seen.add(market.ticker);
      }
      cursor = data.cursor || undefined;
      pages += 1;
    } while (cursor);
    expect(seen.size).toBe(simulator.exchange.universe.markets.size);
    expect(pages).toBeGreaterThan(1);
    expect(seen.has(window)).toBe(true);
  });

  it('lists events with nested markets and filters by series', async () => {
    const { data } = await alice.events.getEvents(5, undefined, true, undefined, 'open', 'KXBTC15M');
    expect(data.events).toHaveLength(1);
    expect(data.cursor).toBe('');
    expect(data.events[0]?.markets?.[0]?.ticker).toBe(window);
    const event = await alice.events.getEvent(data.events[0]?.event_ticker as string, true);
    expect(event.data.markets.map((market) => market.ticker)).toEqual([window]);
    let cursor: string | undefined;
    let total = 0;
    do {
      const page = await alice.events.getEvents(200, cursor);
      total += page.data.events.length;
      cursor = page.data.cursor || undefined;
    } while (cursor);
    expect(total).toBe(simulator.exchange.universe.events.size);
  });

  it('describes a KXBTC15M market as Kalshi does', async () => {
    const { data } = await alice.markets.getMarket(window);
    expect(data.market).toMatchObject({
      ticker: 'KXBTC15M-26JUL221315-15',
      status: 'active',
      strike_type: 'greater_or_equal',
      price_level_structure: 'tapered_deci_cent',
      open_time: '2026-07-22T17:00:00Z',
      close_time: '2026-07-22T17:15:00Z',
      yes_bid_dollars: '0.0000',
      yes_ask_dollars: '1.0000',
    });
    expect(data.market.price_ranges).toEqual([
      { start: '0.0000', end: '0.1000', step: '0.0010' },
      { start: '0.1000', end: '0.9000', step: '0.0100' },
      { start: '0.9000', end: '1.0000', step: '0.0010' },
    ]);
    expect(data.market.yes_sub_title).toMatch(/^Target Price: \$[\d,]+\.\d\d$/);
  });

  it('creates, reads and cancels a V2 order, and shows it in the book', async () => {
    const created = await alice.orders.createOrderV2(order(window, 'bid', '0.4200', '5.00', { client_order_id: randomUUID() }));
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ fill_count: '0.00', remaining_count: '5.00' });
    const book = await alice.markets.getMarketOrderbook(window);
    expect(book.data.orderbook_fp.yes_dollars).toEqual([['0.4200', '5.00']]);
    const read = await alice.orders.getOrder(created.data.order_id);
    expect(read.data.order).toMatchObject({ status: 'resting', outcome_side: 'yes', book_side: 'bid', yes_price_dollars: '0.4200', remaining_count_fp: '5.00' });
    const cancelled = await alice.orders.cancelOrderV2(created.data.order_id);
    expect(cancelled.data).toMatchObject({ order_id: created.data.order_id, reduced_by: '5.00' });
    expect((await alice.orders.getOrder(created.data.order_id)).data.order.status).toBe('canceled');
    expect((await alice.markets.getMarketOrderbook(window)).data.orderbook_fp.yes_dollars).toEqual([]);
  });

  it('matches two accounts, then reports fills, positions, balance and the trade', async () => {
    const ask = await bob.orders.createOrderV2(order(window, 'ask', '0.5500', '10.00')); // NO bid at 0.45
    const books = await alice.markets.getMarketOrderbooks([window]);
    expect(books.data.orderbooks[0]?.orderbook_fp.no_dollars).toEqual([['0.4500', '10.00']]);
    const taken = await alice.orders.createOrderV2(order(window, 'bid', '0.6000', '4.00', { time_in_force: 'immediate_or_cancel' }));
    // 4 × $0.55 = $2.20; taker fee ceil(0.07 × 4 × 0.55 × 0.45, $0.0001) = $0.0693
    expect(taken.data).toMatchObject({ fill_count: '4.00', remaining_count: '0.00', average_fill_price: '0.5500' });
    const fills = await alice.portfolio.getFills(window);
    expect(fills.data.fills[0]).toMatchObject({ count_fp: '4.00', yes_price_dollars: '0.5500', is_taker: true, fee_cost: '0.0693', outcome_side: 'yes' });
    const positions = await alice.portfolio.getPositions(undefined, undefined, 'position');
    expect(positions.data.market_positions).toEqual([expect.objectContaining({ ticker: window, position_fp: '4.00', market_exposure_dollars: '2.2000' })]);
    const bobPositions = await bob.portfolio.getPositions();
    expect(bobPositions.data.market_positions[0]).toMatchObject({ position_fp: '-4.00' });
    const balance = await alice.portfolio.getBalance();
    expect(balance.data).toMatchObject({ balance_dollars: '997.7307', balance: 99773 });
    const trades = await alice.markets.getTrades(10, undefined, window);
    expect(trades.data.trades[0]).toMatchObject({ count_fp: '4.00', yes_price_dollars: '0.5500', taker_outcome_side: 'yes', taker_book_side: 'bid' });
    const bobOrder = await bob.orders.getOrder(ask.data.order_id);
    expect(bobOrder.data.order).toMatchObject({ status: 'resting', fill_count_fp: '4.00', remaining_count_fp: '6.00', outcome_side: 'no', book_side: 'ask' });
    const candles = await alice.markets.getMarketCandlesticks('KXBTC15M', window, Date.parse('2026-07-22T17:00:00Z') / 1000, Date.parse('2026-07-22T17:10:00Z') / 1000, 1);
    expect(candles.data.candlesticks.some((candle) => candle.volume_fp === '4.00')).toBe(true);
  });

  it('amends, decreases, batches and cancels everything', async () => {
    const placed = await alice.orders.createOrderV2(order(window, 'bid', '0.2000', '3.00'));
    const amended = await alice.orders.amendOrderV2(placed.data.order_id, { ticker: window, side: 'bid', price: '0.2100', count: '6.00' } as any);
    expect(amended.data).toMatchObject({ remaining_count: '6.00', fill_count: '0.00' });
    const decreased = await alice.orders.decreaseOrderV2(placed.data.order_id, { reduce_by: '2.00' });
    expect(decreased.data.remaining_count).toBe('4.00');
    const batch = await alice.orders.batchCreateOrdersV2({
      orders: [order(window, 'bid', '0.1500', '1.00'), order(window, 'bid', '0.1550', '1.00'), order(window, 'ask', '0.9500', '1.00')],
    });
    expect(batch.status).toBe(201);
    expect(batch.data.orders[1]?.error).toMatchObject({ code: 'invalid_price' });
    const cancelled = await alice.orders.batchCancelOrdersV2({ orders: [{ order_id: batch.data.orders[0]?.order_id as string }, { order_id: 'no-such-order' }] });
    expect(cancelled.data.orders[0]).toMatchObject({ reduced_by: '1.00' });
    expect(cancelled.data.orders[1]?.error).toMatchObject({ code: 'not_found' });
    const all = await alice.orders.cancelAllOrders();
    expect(all.status).toBe(204);
    const resting = await alice.orders.getOrders(window, undefined, undefined, undefined, 'resting');
    expect(resting.data.orders).toHaveLength(0);
  });

  it('answers Kalshi-shaped errors', async () => {
    const impostor = sdkClient(simulator, alice.keyId, newKeys().privateKeyPem);
    const unauthorized = await failure(impostor.portfolio.getBalance());
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body.error).toMatchObject({ code: 'authentication_error' });

    const clientOrderId = randomUUID();
    await alice.orders.createOrderV2(order(window, 'bid', '0.1000', '1.00', { client_order_id: clientOrderId }));
    const duplicate = await failure(alice.orders.createOrderV2(order(window, 'bid', '0.1100', '1.00', { client_order_id: clientOrderId })));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'order_already_exists' });

    const offGrid = await failure(alice.orders.createOrderV2(order(window, 'bid', '0.3050', '1.00')));
    expect(offGrid.status).toBe(400);
    expect(offGrid.body.error).toMatchObject({ code: 'invalid_price', message: 'invalid price' });

    const missing = await failure(alice.markets.getMarket('NO-SUCH-MARKET'));
    expect(missing.status).toBe(404);

    const badCursor = await failure(alice.markets.getMarkets(10, 'not-a-cursor'));
    expect(badCursor.body.error).toMatchObject({ code: 'invalid_cursor' });
  });

  it('refuses the legacy order endpoint with deprecated_v1_order_endpoint', async () => {
    const path = '/trade-api/v2/portfolio/orders';
    const timestamp = String(Date.now());
    const signature = sign('sha256', Buffer.from(`${timestamp}POST${path}`), {
      key: alice.privateKeyPem,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    }).toString('base64');
    const response = await fetch(`${simulator.restUrl}/portfolio/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'KALSHI-ACCESS-KEY': alice.keyId, 'KALSHI-ACCESS-TIMESTAMP': timestamp, 'KALSHI-ACCESS-SIGNATURE': signature },
      body: JSON.stringify({ ticker: window, side: 'yes', action: 'buy', count: 1, yes_price: 40 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'deprecated_v1_order_endpoint', message: 'Please switch to the V2 endpoints', details: 'https://docs.kalshi.com/api-reference/orders/create-order-v2' },
    });
  });

  it('rate-limits a Basic key with a bare 429 and no Retry-After', async () => {
    const basic = account(simulator, 'basic');
    const results = await Promise.all(Array.from({ length: 30 }, () => answer(basic.portfolio.getBalance())));
    // A Basic read bucket holds 200 tokens and each read costs 10 (plus a little refill while the burst runs).
    const served = results.filter((result) => result.status === 200).length;
    expect(served).toBeGreaterThanOrEqual(20);
    expect(served).toBeLessThan(24);
    const limited = results.find((result) => result.status === 429) as Answer;
    expect(limited.body).toEqual({ error: 'too many requests' });
    expect(limited.headers['retry-after']).toBeUndefined();
  });

  it('settles the window when simulated time passes its close, paying the winning side', async () => {
    await alice.orders.cancelAllOrders();
    const before = parseDollars((await alice.portfolio.getBalance()).data.balance_dollars);
    simulator.exchange.advanceBy(10 * 60);
    const market = (await alice.markets.getMarket(window)).data.market;
    expect(market.status).toBe('finalized');
    expect(['yes', 'no']).toContain(market.result);
    const settlements = await alice.portfolio.getSettlements(10, undefined, window);
    expect(settlements.data.settlements[0]).toMatchObject({ ticker: window, yes_count_fp: '4.00', market_result: market.result, revenue: market.result === 'yes' ? 400 : 0 });
    expect((await alice.portfolio.getPositions()).data.market_positions).toHaveLength(0);
    const after = parseDollars((await alice.portfolio.getBalance()).data.balance_dollars);
    expect(after - before).toBe(market.result === 'yes' ? parseDollars('4.00') : 0n);
  });
});
