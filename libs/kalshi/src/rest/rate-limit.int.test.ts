/**
 * The token buckets against the simulator, whose own buckets (per key) answer 429 when a client
 * spends faster than its tier allows. Requests are fired all at once; the client must spread them
 * so the exchange, counting arrivals, never refuses one.
 */
import { type SimulatorHarness, startSimulator } from '../testing/simulator';

let exchange: SimulatorHarness;
let ticker: string;

beforeAll(async () => {
  // Its own process, so the exchange counts requests when they arrive, not when this event loop lets it.
  exchange = await startSimulator({ markets: 300, traders: false, separateProcess: true });
  const open = await exchange.client().getMarketsPage({ status: 'open', limit: 1 });
  if (!open.ok || !open.value.markets[0]) throw new Error('no open market');
  ticker = open.value.markets[0].ticker;
}, 60_000);

afterAll(async () => {
  await exchange?.stop();
});

/** Most events in any window of `windowMs` that starts at an event. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  for (let start = 0, end = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && (sorted[end] ?? 0) < (sorted[start] ?? 0) + windowMs) end += 1;
    busiest = Math.max(busiest, end - start);
  }
  return busiest;
}

describe('the write bucket at the Basic tier (100 tokens/s, capacity 100, 10 per order)', () => {
  it('spreads 30 simultaneous orders so the exchange never answers 429', async () => {
    const account = await exchange.newAccount();
    const client = exchange.client({ account });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        client.createOrder({
          ticker,
          side: 'bid',
          price: '0.0100',
          count: '1.00',
          time_in_force: 'good_till_canceled',
          self_trade_prevention_type: 'taker_at_cross',
          client_order_id: `bucket-${account.keyId.slice(0, 8)}-${index}`,
        }),
      ),
    );
    expect(results.filter((result) => !result.ok || result.attempts !== 1)).toEqual([]);
    // The client spends 90% of the budget: a burst of 9, then 9 per second, so 21 more take 2.3 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_200);
    const log = (await exchange.orderLog()).filter((entry) => entry.keyId === account.keyId);
    expect(log).toHaveLength(30);
    expect(log.filter((entry) => entry.status === 429)).toHaveLength(0);
    // As the exchange saw them: never more than capacity + one second of refill (20 orders) in a second.
    expect(busiestWindow(log.map((entry) => entry.at), 1000)).toBeLessThanOrEqual(20);
    expect(client.counters().throttledRequests.write).toBeGreaterThanOrEqual(21);
  }, 20_000);
});

describe('full-size batches at the Basic tier', () => {
  it('sends batches of 10 orders (100 tokens, the whole bucket) back to back without a 429', async () => {
    const account = await exchange.newAccount();
    const client = exchange.client({ account });
    const batch = (round: number) =>
      Array.from({ length: 10 }, (_, index) => ({
        ticker,
        side: 'bid' as const,
        price: '0.0100',
        count: '1.00',
        time_in_force: 'good_till_canceled' as const,
        self_trade_prevention_type: 'taker_at_cross' as const,
        client_order_id: `batch-${account.keyId.slice(0, 8)}-${round}-${index}`,
      }));
    const started = Date.now();
    const results = await Promise.all([0, 1, 2].map((round) => client.batchCreateOrders(batch(round))));
    expect(results.map((result) => result.ok && result.attempts)).toEqual([1, 1, 1]);
    expect(results.flatMap((result) => (result.ok ? result.value.orders.filter((order) => order.error) : []))).toEqual([]);
    // The client refills 90 tokens a second: the second and third batches wait about 1.1 s each.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect((await exchange.orderLog()).filter((entry) => entry.keyId === account.keyId && entry.status === 429)).toEqual([]);
  }, 20_000);
});

describe('the read bucket', () => {
  it('keeps 60 simultaneous reads at the Basic tier free of 429s', async () => {
    const client = exchange.client({ account: await exchange.newAccount() });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 60 }, () => client.getMarket(ticker)));
    expect(results.filter((result) => !result.ok || result.attempts !== 1)).toEqual([]);
    // 18 at once, then 18 per second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_200);
    expect(client.counters().responsesByStatus['429']).toBeUndefined();
  }, 20_000);

  it('never exceeds a configured rate over any second', async () => {
    const client = exchange.client({ account: await exchange.newAccount(), limits: { read: { refillPerSecond: 50, capacity: 50 }, headroom: 1 } });
    const sentAt: number[] = [];
    client.events.on('request', (event) => sentAt.push(Date.now() - event.durationMs));
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.getMarket(ticker)));
    expect(results.filter((result) => !result.ok)).toEqual([]);
    // 5 per second with a burst of 5: 15 more need three seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    expect(sentAt).toHaveLength(20);
    expect(busiestWindow(sentAt, 1000)).toBeLessThanOrEqual(10);
    // Once the burst is spent, a second holds one second of refill (5), give or take the request on its edge.
    expect(busiestWindow(sentAt.filter((time) => time > started + 1000), 1000)).toBeLessThanOrEqual(6);
  }, 20_000);
});
