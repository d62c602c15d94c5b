/**
 * Property: whatever orders arrive, an order book rebuilt from the stream (snapshot + deltas)
 * equals the exchange's own book. Each run drives the simulator with 10,000 random orders from
 * several accounts through the REST client (batches of 10, each account within its write budget),
 * then compares every affected book with `GET /admin/books/{ticker}`.
 */
import fc from 'fast-check';
import type { KalshiClient } from '../rest/client';
import type { NewOrder } from '../rest/order-calls';
import { type SimulatorHarness, startSimulator, waitFor } from '../testing/simulator';
import { StreamBooks } from './books';

const ORDERS = 10_000;
const ACCOUNTS = 10;
const MARKETS = 8;
const BATCH = 10;

let exchange: SimulatorHarness;
let tickers: string[];

beforeAll(async () => {
  // Its own process: the exchange matches and streams on one core while this one signs and parses.
  exchange = await startSimulator({ markets: 400, traders: false, seed: 11, separateProcess: true });
  const open = await exchange.client().getMarketsPage({ status: 'open', limit: 300 });
  if (!open.ok) throw new Error(JSON.stringify(open.error));
  tickers = open.value.markets.filter((market) => market.price_level_structure === 'linear_cent').slice(0, MARKETS).map((market) => market.ticker);
  expect(tickers).toHaveLength(MARKETS);
}, 60_000);

afterAll(async () => {
  await exchange?.stop();
});

const randomOrder = fc.record({
  market: fc.integer({ min: 0, max: MARKETS - 1 }),
  account: fc.integer({ min: 0, max: ACCOUNTS - 1 }),
  side: fc.constantFrom('bid' as const, 'ask' as const),
  priceCents: fc.integer({ min: 25, max: 75 }),
  contracts: fc.integer({ min: 1, max: 500 }),
  timeInForce: fc.constantFrom('good_till_canceled' as const, 'good_till_canceled' as const, 'immediate_or_cancel' as const),
});
type RandomOrder = typeof randomOrder extends fc.Arbitrary<infer T> ? T : never;

async function sendAll(clients: KalshiClient[], orders: RandomOrder[]): Promise<{ accepted: number; refused: number }> {
  const perAccount = clients.map(() => [] as NewOrder[]);
  for (const order of orders) {
    perAccount[order.account]?.push({
      ticker: tickers[order.market] as string,
      side: order.side,
      price: `0.${String(order.priceCents).padStart(2, '0')}00`,
      count: `${Math.floor(order.contracts / 100)}.${String(order.contracts % 100).padStart(2, '0')}`,
      time_in_force: order.timeInForce,
      self_trade_prevention_type: 'taker_at_cross',
    });
  }
  let accepted = 0;
  let refused = 0;
  await Promise.all(
    clients.map(async (client, index) => {
      const queue = perAccount[index] ?? [];
      for (let start = 0; start < queue.length; start += BATCH) {
        const result = await client.batchCreateOrders(queue.slice(start, start + BATCH));
        if (!result.ok) throw new Error(`batch refused: ${JSON.stringify(result.error)}`);
        for (const item of result.value.orders) {
          if (item.error) refused += 1;
          else accepted += 1;
        }
      }
    }),
  );
  return { accepted, refused };
}

describe('an order book rebuilt from the stream', () => {
  it('equals the exchange book after 10,000 random orders', async () => {
    // Premier accounts (1,000 write tokens a second each), sized from GET /account/limits.
    const accounts = await Promise.all(Array.from({ length: ACCOUNTS }, () => exchange.newAccount('1000000.00', 'premier')));
    const clients = accounts.map((account) => exchange.client({ account }));
    for (const client of clients) expect((await client.applyAccountLimits()).ok).toBe(true);
    expect(clients[0]?.limits.write).toEqual({ refillPerSecond: 1000, capacity: 2000 });
    const observer = await exchange.newAccount();
    await fc.assert(
      fc.asyncProperty(fc.array(randomOrder, { minLength: ORDERS, maxLength: ORDERS }), async (orders) => {
        const stream = exchange.stream({ account: observer });
        const books = new StreamBooks();
        let lastMessageAt = Date.now();
        stream.events.on('message', (message) => {
          lastMessageAt = Date.now();
          books.apply(message);
        });
        stream.events.on('gap', (gap) => books.markStale(gap.marketTickers));
        try {
          await stream.connect();
          const subscribed = await stream.subscribe('orderbook_delta', { marketTickers: tickers });
          expect(subscribed.ok).toBe(true);
          await waitFor(() => tickers.every((ticker) => !books.isStale(ticker)));

          const { accepted, refused } = await sendAll(clients, orders);
          // The property is only meaningful if the exchange took the orders.
          expect(accepted).toBeGreaterThanOrEqual(ORDERS * 0.95);
          expect(accepted + refused).toBe(ORDERS);

          await waitFor(() => Date.now() - lastMessageAt >= 500, 30_000);
          const affected = [...new Set(orders.map((order) => tickers[order.market] as string))];
          for (const ticker of affected) {
            expect(books.isStale(ticker)).toBe(false);
            expect(books.book(ticker)?.toOrderbookFp()).toEqual(await exchange.book(ticker));
          }
          expect(stream.counters()).toMatchObject({ gaps: 0, rejectedByReason: {} });
          expect(stream.counters().messagesByType.orderbook_delta).toBeGreaterThan(ORDERS / 2);
        } finally {
          await stream.close();
        }
      }),
      // Each run places 10,000 real orders (about 25 s here), so one run by default; shrinking would
      // replay them, so a failure ends the property. KALSHI_PROPERTY_RUNS asks for more runs.
      { numRuns: Number(process.env.KALSHI_PROPERTY_RUNS ?? 1), endOnFailure: true },
    );
  }, 240_000);
});
