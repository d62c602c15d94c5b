/**
 * Every row of the retry table against the simulator, which injects the failure
 * (`POST /admin/faults`). Delays are the real ones of the table (taken from `retry` events), so
 * these tests take a few seconds each.
 */
import type { KalshiError } from '../errors';
import { type Account, type SimulatorHarness, startSimulator } from '../testing/simulator';
import type { KalshiClient } from './client';
import type { RequestEvent, RetryEvent } from './observability';

let exchange: SimulatorHarness;
let account: Account;
let ticker: string;

beforeAll(async () => {
  exchange = await startSimulator({ markets: 300, traders: false });
  account = await exchange.newAccount();
  const open = await exchange.client().getMarketsPage({ status: 'open', limit: 1 });
  if (!open.ok || !open.value.markets[0]) throw new Error('no open market');
  ticker = open.value.markets[0].ticker;
}, 60_000);

afterEach(async () => {
  await exchange.clearFaults();
});

afterAll(async () => {
  await exchange?.stop();
});

/** A client that records the delays it waited before each retry. */
function recordingClient(options: { timeoutMs?: number; onUnauthorized?: (error: KalshiError) => void; account?: Account } = {}) {
  const client = exchange.client({ ...options, account: options.account ?? account });
  const retries: RetryEvent[] = [];
  const requests: RequestEvent[] = [];
  client.events.on('retry', (event) => retries.push(event));
  client.events.on('request', (event) => requests.push(event));
  return { client, retries, requests, delays: () => retries.map((retry) => retry.delayMs) };
}

const order = (clientOrderId?: string) => ({
  ticker,
  side: 'bid' as const,
  price: '0.0200',
  count: '1.00',
  time_in_force: 'good_till_canceled' as const,
  self_trade_prevention_type: 'taker_at_cross' as const,
  ...(clientOrderId ? { client_order_id: clientOrderId } : {}),
});

async function ordersPlacedWith(clientOrderId: string, client: KalshiClient): Promise<number> {
  const listed = await client.getOrdersPage({ ticker, limit: 1000 });
  if (!listed.ok) throw new Error(JSON.stringify(listed.error));
  return listed.value.orders.filter((entry) => entry.client_order_id === clientOrderId).length;
}

describe('429 Too Many Requests', () => {
  it('retries ×3 then succeeds, reusing the same client_order_id and placing exactly one order', async () => {
    const { client, delays, requests } = recordingClient();
    await exchange.faults({ http: { status: 429, count: 3, pathPrefix: '/trade-api/v2/portfolio/events/orders' } });
    const clientOrderId = `retry-429-${Date.now()}`;
    const placed = await client.createOrder(order(clientOrderId));
    expect(placed).toMatchObject({ ok: true, status: 201, attempts: 4 });
    expect(delays()).toEqual([100, 200, 400]);
    // Four requests, all carrying the same id; the exchange answered 429 three times, then placed it once.
    expect(requests.map((request) => [request.clientOrderId, request.status])).toEqual([
      [clientOrderId, 429],
      [clientOrderId, 429],
      [clientOrderId, 429],
      [clientOrderId, 201],
    ]);
    const placedEntries = (await exchange.orderLog()).filter((entry) => entry.clientOrderId === clientOrderId && entry.status === 201);
    expect(placedEntries).toHaveLength(1);
    expect(await ordersPlacedWith(clientOrderId, client)).toBe(1);
  });

  it('backs off 100, 200, 400, 800, 1600 ms and then fails with the attempt count', async () => {
    const { client, delays } = recordingClient();
    await exchange.faults({ http: { status: 429, count: 10, pathPrefix: '/trade-api/v2/markets' } });
    const started = Date.now();
    const result = await client.getMarket(ticker);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3100);
    expect(result).toMatchObject({ ok: false, error: { kind: 'rate-limited', status: 429, code: 'too_many_requests', attempts: 6 } });
    expect(delays()).toEqual([100, 200, 400, 800, 1600]);
  }, 15_000);
});

describe('500 Internal Server Error', () => {
  it('retries after 500 ms and succeeds', async () => {
    const { client, delays } = recordingClient();
    await exchange.faults({ http: { status: 500, count: 2, pathPrefix: '/trade-api/v2/markets' } });
    expect(await client.getMarket(ticker)).toMatchObject({ ok: true, attempts: 3 });
    expect(delays()).toEqual([500, 500]);
  });

  it('gives up after 3 retries', async () => {
    const { client, delays } = recordingClient();
    await exchange.faults({ http: { status: 500, count: 10, pathPrefix: '/trade-api/v2/markets' } });
    expect(await client.getMarket(ticker)).toMatchObject({ ok: false, error: { kind: 'http', status: 500, attempts: 4 } });
    expect(delays()).toEqual([500, 500, 500]);
  });
});

describe('503 Service Unavailable', () => {
  it('retries 3 times after 1000 ms, then fails', async () => {
    const { client, delays } = recordingClient();
    await exchange.faults({ http: { status: 503, count: 10, pathPrefix: '/trade-api/v2/exchange' } });
    expect(await client.getExchangeStatus()).toMatchObject({ ok: false, error: { kind: 'http', status: 503, attempts: 4 } });
    expect(delays()).toEqual([1000, 1000, 1000]);
  }, 15_000);

  it('succeeds when the exchange recovers within the retries', async () => {
    const { client } = recordingClient();
    await exchange.faults({ http: { status: 503, count: 1, pathPrefix: '/trade-api/v2/exchange' } });
    expect(await client.getExchangeStatus()).toMatchObject({ ok: true, attempts: 2 });
  });
});

describe('a timeout', () => {
  it('retries 3 times after 250 ms, then fails', async () => {
    const { client, delays } = recordingClient({ timeoutMs: 300 });
    await exchange.faults({ timeouts: { count: 10, pathPrefix: '/trade-api/v2/markets' } });
    expect(await client.getMarket(ticker)).toMatchObject({ ok: false, error: { kind: 'timeout', attempts: 4 } });
    expect(delays()).toEqual([250, 250, 250]);
  });

  it('succeeds when an answer arrives within the retries', async () => {
    const { client } = recordingClient({ timeoutMs: 300 });
    await exchange.faults({ timeouts: { count: 1, pathPrefix: '/trade-api/v2/markets' } });
    expect(await client.getMarket(ticker)).toMatchObject({ ok: true, attempts: 2 });
  });
});

describe('answers that are never retried', () => {
  it('does not retry a 400', async () => {
    const { client, retries } = recordingClient();
    const placed = await client.createOrder({ ...order(), price: '0.0000' });
    expect(placed).toMatchObject({ ok: false, error: { kind: 'http', status: 400, attempts: 1 } });
    expect(retries).toHaveLength(0);
  });

  it('does not retry a 404', async () => {
    const { client, retries } = recordingClient();
    expect(await client.getMarket('KXNOPE-00JAN01-T0')).toMatchObject({ ok: false, error: { status: 404, attempts: 1 } });
    expect(retries).toHaveLength(0);
  });

  it('does not retry a 401 and raises the halt signal', async () => {
    const stranger = { keyId: account.keyId, privateKeyPem: (await exchange.newAccount()).privateKeyPem };
    const halts: KalshiError[] = [];
    const { client, retries } = recordingClient({ account: stranger, onUnauthorized: (error) => halts.push(error) });
    const events: KalshiError[] = [];
    client.events.on('unauthorized', (error) => events.push(error));
    const balance = await client.getBalance();
    expect(balance).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401, code: 'authentication_error', attempts: 1 } });
    expect(retries).toHaveLength(0);
    expect(halts).toHaveLength(1);
    expect(events).toHaveLength(1);
  });
});

describe('order creation under retries', () => {
  it('places exactly one order when an attempt times out, whether or not it landed', async () => {
    const { client, delays } = recordingClient({ timeoutMs: 400 });
    await exchange.faults({ timeouts: { count: 1, pathPrefix: '/trade-api/v2/portfolio/events/orders' } });
    const clientOrderId = `retry-timeout-${Date.now()}`;
    const placed = await client.createOrder(order(clientOrderId));
    expect(placed).toMatchObject({ ok: true, attempts: 2, value: { client_order_id: clientOrderId } });
    expect(delays()).toEqual([250]);
    expect(await ordersPlacedWith(clientOrderId, client)).toBe(1);
  });

  it('after a 5xx, takes a 409 on the retry as the order having landed, and returns it', async () => {
    // The simulator cannot lose the answer of an order it placed, so the landing is an earlier
    // create with the same id; to the client the situation is the same: a 5xx, then a duplicate.
    const { client, requests } = recordingClient();
    const clientOrderId = `retry-landed-${Date.now()}`;
    const first = await client.createOrder(order(clientOrderId));
    expect(first.ok).toBe(true);
    await exchange.faults({ http: { status: 500, count: 1, pathPrefix: '/trade-api/v2/portfolio/events/orders' } });
    const again = await client.createOrder(order(clientOrderId));
    expect(requests.slice(1).map((request) => [request.operation, request.status])).toEqual([
      ['createOrder', 500],
      ['createOrder', 409],
      ['createOrder.lookup', 200],
    ]);
    expect(again).toMatchObject({ ok: true, attempts: 2, value: { client_order_id: clientOrderId, recovered: true, remaining_count: '1.00' } });
    expect(again.ok && first.ok && again.value.order_id).toBe(first.ok && first.value.order_id);
    expect(await ordersPlacedWith(clientOrderId, client)).toBe(1);
  });

  it('keeps a 409 an error when no earlier attempt could have landed (the id was reused)', async () => {
    const { client } = recordingClient();
    const clientOrderId = `reused-${Date.now()}`;
    expect((await client.createOrder(order(clientOrderId))).ok).toBe(true);
    const again = await client.createOrder(order(clientOrderId));
    expect(again).toMatchObject({ ok: false, error: { kind: 'http', status: 409, attempts: 1, clientOrderId } });
  });

  it('sends every attempt of a create with the id it generated', async () => {
    const { client, requests } = recordingClient();
    await exchange.faults({ http: { status: 500, count: 1, pathPrefix: '/trade-api/v2/portfolio/events/orders' } });
    const placed = await client.createOrder(order());
    expect(placed).toMatchObject({ ok: true, attempts: 2 });
    if (!placed.ok) return;
    expect(requests.map((request) => [request.clientOrderId, request.status])).toEqual([
      [placed.value.client_order_id, 500],
      [placed.value.client_order_id, 201],
    ]);
    expect(await ordersPlacedWith(placed.value.client_order_id, client)).toBe(1);
  });
});
