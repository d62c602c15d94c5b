/**
 * Admin endpoints and REST fault injection: error storms, held responses, latency, a paused
 * exchange, the order log, books, account dumps, background traders, the firehose and stats.
 */
import { constants, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import WebSocket from 'ws';
import { type ExchangeSimulator, startExchangeSimulator } from '../simulator';

describe('admin endpoints and injected faults', () => {
  let simulator: ExchangeSimulator;
  let keyId: string;
  let privateKeyPem: string;
  let window: string;

  const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${simulator.adminUrl}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: await response.json() };
  };

  const signed = (method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> => {
    const timestamp = String(Date.now());
    const signature = sign('sha256', Buffer.from(`${timestamp}${method}/trade-api/v2${path}`), {
      key: privateKeyPem,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    }).toString('base64');
    return fetch(`${simulator.restUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'KALSHI-ACCESS-KEY': keyId, 'KALSHI-ACCESS-TIMESTAMP': timestamp, 'KALSHI-ACCESS-SIGNATURE': signature },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  };
  const json = async (response: Promise<Response>): Promise<any> => (await response).json();
  const bid = (price: string) => ({ ticker: window, side: 'bid', price, count: '1.00', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker' });

  beforeAll(async () => {
    simulator = await startExchangeSimulator({ port: 0, seed: 9, markets: 500, traders: false, clock: 'manual', startTime: '2026-07-22T17:07:00Z', tier: 'prime' });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyId = randomUUID();
    privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const registered = await admin('POST', '/keys', { keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), balance: '250.00', tier: 'prime' });
    expect(registered.status).toBe(201);
    window = simulator.exchange.universe.listed.find((market) => market.seriesTicker === 'KXBTC15M' && market.status === 'active')?.ticker as string;
  });
  afterAll(() => simulator.stop());
  afterEach(() => admin('DELETE', '/faults'));

  it('registers accounts with their balance and refuses bad key bodies', async () => {
    const balance = await json(signed('GET', '/portfolio/balance'));
    expect(balance).toMatchObject({ balance: 25_000, balance_dollars: '250.0000' });
    expect((await admin('POST', '/keys', { keyId: 'x', publicKeyPem: 'not a key' })).status).toBe(400);
    expect((await admin('POST', '/keys', { publicKeyPem: 'x' })).body.error.code).toBe('bad_request');
  });

  it('fails the next matching requests with an error storm, by path prefix', async () => {
    const storm = await admin('POST', '/faults', { http: { status: 503, count: 2, pathPrefix: '/markets' } });
    expect(storm.body.http).toEqual({ status: 503, count: 2, pathPrefix: '/markets' });
    expect((await fetch(`${simulator.restUrl}/exchange/status`)).status).toBe(200);
    const first = await fetch(`${simulator.restUrl}/markets?limit=1`);
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ error: { code: 'service_unavailable', message: 'service unavailable' } });
    expect((await fetch(`${simulator.restUrl}/markets/${window}`)).status).toBe(503);
    expect((await fetch(`${simulator.restUrl}/markets/${window}`)).status).toBe(200);
    await admin('POST', '/faults', { http: { status: 429, count: 1 } });
    const limited = await fetch(`${simulator.restUrl}/exchange/status`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({ error: 'too many requests' });
  });

  it('holds responses past a client timeout, and adds latency', async () => {
    await admin('POST', '/faults', { timeouts: { count: 1, pathPrefix: '/trade-api/v2/exchange' } });
    await expect(fetch(`${simulator.restUrl}/exchange/status`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await fetch(`${simulator.restUrl}/exchange/status`, { signal: AbortSignal.timeout(2_000) })).status).toBe(200);
    await admin('POST', '/faults', { latencyMs: 250 });
    const started = Date.now();
    await fetch(`${simulator.restUrl}/exchange/status`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('logs an order when it is placed, while added latency still holds its answer back', async () => {
    await admin('POST', '/faults', { latencyMs: 1500 });
    const clientOrderId = randomUUID();
    const answer = signed('POST', '/portfolio/events/orders', { ...bid('0.1100'), client_order_id: clientOrderId });
    let logged: any;
    const deadline = Date.now() + 1000;
    while (!logged && Date.now() < deadline) {
      logged = (await admin('GET', '/order-log')).body.find((entry: { clientOrderId: string | null }) => entry.clientOrderId === clientOrderId);
      if (!logged) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logged).toMatchObject({ keyId, method: 'POST', status: 201 });
    expect(logged.processedAtMs).toBeGreaterThanOrEqual(logged.receivedAtMs);
    expect(Math.floor(logged.processedAtMs)).toBe(Date.parse(logged.at));
    expect((await answer).status).toBe(201);
    await admin('DELETE', '/faults');
  });

  it('pauses the exchange: status inactive, orders refused, cancel-on-pause orders cancelled', async () => {
    const resting = await json(signed('POST', '/portfolio/events/orders', { ...bid('0.1200'), cancel_order_on_pause: true }));
    await admin('POST', '/faults', { paused: true });
    const status = await json(fetch(`${simulator.restUrl}/exchange/status`));
    expect(status).toMatchObject({ exchange_active: false, trading_active: false });
    const refused = await signed('POST', '/portfolio/events/orders', bid('0.1300'));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).error.code).toBe('trading_is_paused');
    const order = await json(signed('GET', `/portfolio/orders/${resting.order_id}`));
    expect(order.order.status).toBe('canceled');
    await admin('DELETE', '/faults');
    expect((await signed('POST', '/portfolio/events/orders', bid('0.1300'))).status).toBe(201);
  });

  it('keeps an order log, and dumps books and accounts', async () => {
    const clientOrderId = randomUUID();
    await signed('POST', '/portfolio/events/orders', { ...bid('0.1400'), client_order_id: clientOrderId });
    const log = await admin('GET', '/order-log');
    expect(log.body.at(-1)).toMatchObject({ keyId, method: 'POST', path: '/trade-api/v2/portfolio/events/orders', status: 201, clientOrderId });
    const book = await admin('GET', `/books/${window}`);
    expect(book.body.orderbook_fp.yes_dollars).toContainEqual(['0.1400', '1.00']);
    const account = await admin('GET', `/accounts/${keyId}`);
    expect(account.body.orders.some((order: any) => order.client_order_id === clientOrderId)).toBe(true);
    expect(account.body.balance.balance_dollars).toMatch(/^\d+\.\d{4,6}$/);
    expect((await admin('GET', '/books/NOPE')).status).toBe(404);
  });

  it('runs background traders on request', async () => {
    const before = (await admin('GET', '/stats')).body.backgroundOrders;
    await admin('POST', '/traders', { enabled: true, ordersPerSecond: 200 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    await admin('POST', '/traders', { enabled: false });
    expect((await admin('GET', '/stats')).body.backgroundOrders).toBeGreaterThan(before + 50);
  });

  it('keeps the background traders out of the markets it is told to leave alone', async () => {
    const { exchange } = simulator;
    const quiet = exchange.universe.listed
      .filter((market) => market.status === 'active' && !market.seriesTicker.startsWith('KXBTC') && (exchange.engine.book(market.ticker)?.empty ?? true))
      .map((market) => market.ticker);
    expect(quiet.length).toBeGreaterThan(100);
    const before = (await admin('GET', '/stats')).body.backgroundOrders;
    const answer = await admin('POST', '/traders', { enabled: true, ordersPerSecond: 400, leaveAlone: quiet });
    expect(answer.body).toMatchObject({ enabled: true, leftAlone: quiet.length });
    await new Promise((resolve) => setTimeout(resolve, 800));
    await admin('POST', '/traders', { enabled: false });
    expect((await admin('GET', '/stats')).body.backgroundOrders).toBeGreaterThan(before + 100);
    expect(quiet.filter((ticker) => !(exchange.engine.book(ticker)?.empty ?? true))).toEqual([]);
    expect((await admin('POST', '/traders', { enabled: false, leaveAlone: [''] })).status).toBe(400);
  });

  it('fires a firehose of real deltas at subscribers', async () => {
    const timestamp = String(Date.now());
    const signature = sign('sha256', Buffer.from(`${timestamp}GET/trade-api/ws/v2`), {
      key: privateKeyPem,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    }).toString('base64');
    const socket = new WebSocket(simulator.wsUrl, { headers: { 'KALSHI-ACCESS-KEY': keyId, 'KALSHI-ACCESS-TIMESTAMP': timestamp, 'KALSHI-ACCESS-SIGNATURE': signature } });
    let deltas = 0;
    let lastSeq = 0;
    let ordered = true;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type !== 'orderbook_delta') return;
      deltas += 1;
      ordered &&= message.seq === lastSeq + 1;
      lastSeq = message.seq;
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: window } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    lastSeq = 1; // the snapshot
    const fired = await admin('POST', '/firehose', { messages: 2_000 });
    expect(fired.body).toMatchObject({ messages: 2_000, tickers: [window] });
    const deadline = Date.now() + 5_000;
    while (deltas < 2_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deltas).toBe(2_000);
    expect(ordered).toBe(true);
    expect((await admin('GET', `/books/${window}`)).body.orderbook_fp.yes_dollars).not.toContainEqual(['0.0010', '1.00']);
    socket.close();
  });
});
