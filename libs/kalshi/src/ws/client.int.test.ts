/**
 * The WebSocket client against the simulator: books kept from snapshots and deltas equal the
 * exchange's own; a dropped connection and a silent one (no pings) are replaced and every
 * subscription comes back; an injected sequence gap is detected and repaired with fresh snapshots.
 */
import type { KalshiClient } from '../rest/client';
import { type Account, type SimulatorHarness, startSimulator, waitFor } from '../testing/simulator';
import { StreamBooks } from './books';
import type { KalshiStream } from './client';
import type { StreamMessage } from './frames';
import type { ChannelFailure, RejectedFrame, RestoredSubscriptions, SequenceGap } from './observability';

let exchange: SimulatorHarness;
let account: Account;
let trader: KalshiClient;
let tickers: string[];
const streams: KalshiStream[] = [];

beforeAll(async () => {
  exchange = await startSimulator({ markets: 400, traders: false });
  account = await exchange.newAccount();
  trader = exchange.client({ account });
  // Bitcoin markets get the background traders' flow; KXBTC15M has the tapered deci-cent grid.
  const pick = async (query: Parameters<KalshiClient['getMarketsPage']>[0], count: number) => {
    const page = await trader.getMarketsPage({ status: 'open', limit: 200, ...query });
    if (!page.ok) throw new Error(JSON.stringify(page.error));
    return page.value.markets.filter((market) => market.price_level_structure !== 'deci_cent').slice(0, count).map((market) => market.ticker);
  };
  tickers = [...(await pick({ seriesTicker: 'KXBTC15M' }, 1)), ...(await pick({ seriesTicker: 'KXBTCD' }, 1)), ...(await pick({}, 2))];
  expect(tickers).toHaveLength(4);
}, 60_000);

afterEach(async () => {
  await exchange.clearFaults();
  await exchange.traders({ enabled: false });
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
});

afterAll(async () => {
  await exchange?.stop();
});

function openStream(options: Parameters<SimulatorHarness['stream']>[0] = { account }) {
  const stream = exchange.stream(options);
  streams.push(stream);
  const books = new StreamBooks();
  const messages: StreamMessage[] = [];
  let lastMessageAt = Date.now();
  stream.events.on('message', (message) => {
    messages.push(message);
    lastMessageAt = Date.now();
    books.apply(message);
  });
  stream.events.on('gap', (gap) => books.markStale(gap.marketTickers));
  const quiet = (forMs = 400) => waitFor(() => Date.now() - lastMessageAt >= forMs, 15_000);
  const snapshotsOf = (ticker: string) => messages.filter((message) => message.type === 'orderbook_snapshot' && message.msg.market_ticker === ticker);
  return { stream, books, messages, quiet, snapshotsOf };
}

/** A resting or crossing order from our own account, to make the books move. */
async function place(ticker: string, side: 'bid' | 'ask', price: string, count = '3.00') {
  const placed = await trader.createOrder({ ticker, side, price, count, time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker' });
  if (!placed.ok) throw new Error(JSON.stringify(placed.error));
}

async function expectBooksEqualExchange(books: StreamBooks, markets: string[]): Promise<void> {
  for (const ticker of markets) {
    expect(books.isStale(ticker)).toBe(false);
    expect(books.book(ticker)?.toOrderbookFp()).toEqual(await exchange.book(ticker));
  }
}

describe('order books from the stream', () => {
  it('match the exchange after snapshots and a stream of deltas', async () => {
    const { stream, books, quiet, snapshotsOf } = openStream();
    expect(await stream.connect()).toBe(true);
    const subscribed = await stream.subscribe('orderbook_delta', { marketTickers: tickers });
    expect(subscribed.ok).toBe(true);
    await waitFor(() => tickers.every((ticker) => snapshotsOf(ticker).length === 1));
    await exchange.traders({ enabled: true, ordersPerSecond: 200 });
    for (const ticker of tickers) {
      await place(ticker, 'bid', '0.3100');
      await place(ticker, 'ask', '0.6900');
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await exchange.traders({ enabled: false });
    await quiet();
    await expectBooksEqualExchange(books, tickers);
    expect(stream.counters()).toMatchObject({ gaps: 0, duplicatesDropped: 0, rejectedByReason: {} });
    // Our 8 orders and the traders' flow on the Bitcoin markets.
    expect(stream.counters().messagesByType.orderbook_delta).toBeGreaterThan(20);
  }, 30_000);
});

describe('a dropped connection', () => {
  it('reconnects and restores every subscription, including markets added later', async () => {
    const { stream, books, quiet, snapshotsOf } = openStream();
    const restored: RestoredSubscriptions[] = [];
    stream.events.on('restored', (event) => restored.push(event));
    await stream.connect();
    const [first, second, third, fourth] = tickers as [string, string, string, string];
    expect((await stream.subscribe('orderbook_delta', { marketTickers: [first, second] })).ok).toBe(true);
    expect((await stream.subscribe('ticker')).ok).toBe(true);
    expect((await stream.subscribe('trade', { marketTickers: [first, second, third, fourth] })).ok).toBe(true);
    expect((await stream.addMarkets('orderbook_delta', [third])).ok).toBe(true);
    await waitFor(() => [first, second, third].every((ticker) => snapshotsOf(ticker).length === 1));
    const firstConnection = stream.connectionId;

    await exchange.faults({ dropConnections: true });
    await waitFor(() => restored.length === 2);
    expect(stream.connectionId).not.toBe(firstConnection);
    expect(restored[1]?.channels).toEqual([
      { channel: 'orderbook_delta', sid: expect.any(Number), marketTickers: 3, ok: true },
      { channel: 'ticker', sid: expect.any(Number), marketTickers: 'all', ok: true },
      { channel: 'trade', sid: expect.any(Number), marketTickers: 4, ok: true },
    ]);
    await waitFor(() => [first, second, third].every((ticker) => snapshotsOf(ticker).length === 2));
    expect(snapshotsOf(fourth)).toHaveLength(0);
    const listed = await stream.listSubscriptions();
    expect(listed.ok && Array.isArray(listed.value) && listed.value.length).toBe(3);
    expect(stream.counters()).toMatchObject({ connects: 2, reconnects: 1 });

    // The restored subscription is live: a new order shows up as a delta in the kept book.
    await place(third, 'bid', '0.2200');
    await quiet();
    await expectBooksEqualExchange(books, [first, second, third]);
  }, 30_000);

  it('replaces a connection that stops receiving pings', async () => {
    const { stream, snapshotsOf } = openStream({ account, heartbeatTimeoutMs: 1_000 });
    const restored: RestoredSubscriptions[] = [];
    stream.events.on('restored', (event) => restored.push(event));
    await stream.connect();
    await stream.subscribe('orderbook_delta', { marketTickers: [tickers[0] as string] });
    // The exchange pings every 10 s, so a 1 s watchdog declares the connection dead.
    await waitFor(() => restored.length >= 2, 10_000);
    expect(stream.counters().heartbeatTimeouts).toBeGreaterThanOrEqual(1);
    expect(restored[1]?.channels[0]).toMatchObject({ channel: 'orderbook_delta', ok: true, marketTickers: 1 });
    await waitFor(() => snapshotsOf(tickers[0] as string).length >= 2);
  }, 20_000);
});

describe('a sequence gap', () => {
  it('is reported, and the books are rebuilt from fresh snapshots to equal the exchange', async () => {
    const { stream, books, quiet, messages } = openStream();
    const gaps: SequenceGap[] = [];
    stream.events.on('gap', (gap) => gaps.push(gap));
    await stream.connect();
    await stream.subscribe('orderbook_delta', { marketTickers: tickers });
    await waitFor(() => tickers.every((ticker) => !books.isStale(ticker)));

    await exchange.faults({ skipSeq: { count: 1 } });
    await place(tickers[0] as string, 'bid', '0.1500');
    await waitFor(() => gaps.length === 1);
    expect(gaps[0]).toMatchObject({ channel: 'orderbook_delta', recovery: 'snapshot-requested', marketTickers: tickers });
    expect((gaps[0]?.receivedSeq ?? 0) - (gaps[0]?.expectedSeq ?? 0)).toBe(1);
    // Fresh snapshots answer the get_snapshot command (they carry its id).
    await waitFor(() => tickers.every((ticker) => messages.some((message) => message.type === 'orderbook_snapshot' && message.id !== null && message.msg.market_ticker === ticker)));

    await place(tickers[1] as string, 'ask', '0.8800');
    await quiet();
    await expectBooksEqualExchange(books, tickers);
    expect(stream.counters()).toMatchObject({ gaps: 1, snapshotRequests: 1 });
  }, 30_000);
});

describe('frames a client must survive', () => {
  it('counts and reports malformed, unknown and duplicate frames without dropping the connection', async () => {
    const { stream, books, quiet } = openStream();
    const rejected: RejectedFrame[] = [];
    stream.events.on('rejected', (event) => rejected.push(event));
    await stream.connect();
    const subscribed = await stream.subscribe('orderbook_delta', { marketTickers: [tickers[0] as string] });
    if (!subscribed.ok) throw new Error(JSON.stringify(subscribed.error));
    const { sid } = subscribed.value;
    await waitFor(() => !books.isStale(tickers[0] as string));
    const connection = stream.connectionId;

    await exchange.injectFrames([
      '{"type":',
      '[1,2,3]',
      '{"sid":1,"msg":{}}',
      '{"type":"multivariate_lookup","sid":9,"msg":{}}',
      JSON.stringify({ type: 'orderbook_delta', sid, seq: 2, msg: { market_ticker: tickers[0], side: 'yes', price_dollars: 0.5, delta_fp: '1.00' } }),
      // A repeat of the snapshot's number: a duplicate, dropped before it can touch the book.
      JSON.stringify({ type: 'orderbook_delta', sid, seq: 1, msg: { market_ticker: tickers[0], side: 'yes', price_dollars: '0.0100', delta_fp: '99.00' } }),
    ]);
    await waitFor(() => rejected.length === 5);
    expect(stream.counters()).toMatchObject({
      rejectedByReason: { 'invalid-json': 1, 'not-an-object': 1, 'missing-type': 1, 'unknown-type': 1, 'invalid-message': 1 },
      duplicatesDropped: 1,
      reconnects: 0,
    });
    expect(rejected.find((event) => event.reason === 'unknown-type')?.type).toBe('multivariate_lookup');
    expect(stream.connectionId).toBe(connection);

    await place(tickers[0] as string, 'bid', '0.1200');
    await quiet();
    await expectBooksEqualExchange(books, [tickers[0] as string]);
  }, 20_000);

  it('subscribes again after a terminal channel error (code 10)', async () => {
    const { stream, snapshotsOf } = openStream();
    const failures: ChannelFailure[] = [];
    stream.events.on('channel-error', (failure) => failures.push(failure));
    await stream.connect();
    const subscribed = await stream.subscribe('orderbook_delta', { marketTickers: [tickers[1] as string] });
    if (!subscribed.ok) throw new Error(JSON.stringify(subscribed.error));
    await waitFor(() => snapshotsOf(tickers[1] as string).length === 1);
    await exchange.injectFrames([JSON.stringify({ type: 'error', sid: subscribed.value.sid, msg: { code: 10, msg: 'Channel error' } })]);
    await waitFor(() => snapshotsOf(tickers[1] as string).length === 2);
    expect(failures).toEqual([{ channel: 'orderbook_delta', sid: subscribed.value.sid, code: 10, message: 'Channel error', resubscribing: true }]);
    expect(stream.subscriptions()[0]?.sid).not.toBeNull();
  }, 20_000);
});

describe('an exchange that adds the LEGACY extras', () => {
  it('is read the same way: no frame refused, books equal to the exchange, REST bodies accepted', async () => {
    const legacy = await startSimulator({ markets: 200, traders: false, legacyFields: true, seed: 5 });
    try {
      const legacyAccount = await legacy.newAccount();
      const client = legacy.client({ account: legacyAccount });
      const page = await client.getMarketsPage({ status: 'open', seriesTicker: 'KXBTCD', limit: 2 });
      expect(page.ok).toBe(true);
      const markets = page.ok ? page.value.markets.map((market) => market.ticker) : [];
      expect(markets).toHaveLength(2);
      const stream = legacy.stream({ account: legacyAccount });
      streams.push(stream);
      const books = new StreamBooks();
      stream.events.on('message', (message) => books.apply(message));
      await stream.connect();
      await stream.subscribe('orderbook_delta', { marketTickers: markets });
      await stream.subscribe('trade', { marketTickers: markets });
      await waitFor(() => markets.every((ticker) => !books.isStale(ticker)));
      const [first] = markets as [string];
      const seller = legacy.client({ account: await legacy.newAccount() });
      const order = (by: KalshiClient, side: 'bid' | 'ask') =>
        by.createOrder({ ticker: first, side, price: '0.4200', count: '2.50', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'maker' });
      expect((await order(client, 'bid')).ok).toBe(true);
      expect((await order(seller, 'ask')).ok).toBe(true);
      await waitFor(() => (stream.counters().messagesByType.trade ?? 0) >= 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const ticker of markets) expect(books.book(ticker)?.toOrderbookFp()).toEqual(await legacy.book(ticker));
      expect(stream.counters()).toMatchObject({ rejectedByReason: {}, legacyFrames: 0 });
      expect((await client.getFillsPage({ ticker: first })).ok).toBe(true);
      expect((await client.getOrdersPage({ ticker: first })).ok).toBe(true);
    } finally {
      await Promise.all(streams.splice(0).map((stream) => stream.close()));
      await legacy.stop();
    }
  }, 30_000);
});
