/**
 * Ingest and the cache against the exchange simulator and a real NATS: the plan reaches the
 * exchange as update_subscription batches, cached books equal the exchange's, a sequence gap
 * marks the books stale until fresh snapshots, a dropped connection is restored with every
 * subscription and asks for a reconciliation, and a firehose faster than single publishes is
 * joined into batches without losing, repeating or reordering a delta. Few publishes are allowed
 * in flight, so joining happens here whenever frames come faster than a few at a time.
 */
import type { AnyEvent } from '@polly/contracts';
import type { ControlFrame } from '@polly/kalshi';
import { eventually } from '@polly/testing';
import { type DataPath, startDataPath } from './testing/data-path';

let path: DataPath;
let markets: string[];

beforeAll(async () => {
  path = await startDataPath({ ingest: { subscriptionBatch: 3, publishConcurrency: 4 } });
  markets = path.bitcoinMarkets(8);
  expect(markets).toHaveLength(8);
}, 60_000);

afterAll(async () => {
  await path?.stop();
});

afterEach(async () => {
  await path.admin('DELETE', '/faults');
  await path.admin('POST', '/traders', { enabled: false });
});

const eventsOf = async (type: string) => (await path.stored('MARKET_DATA')).filter(({ event }) => event.type === type).map(({ event }) => event as AnyEvent & { data: any });

describe('the subscription plan', () => {
  it('reaches the exchange as batched update_subscription commands, and a removal as delete_markets', async () => {
    const stream = path.ingest.currentStream;
    if (!stream) throw new Error('no stream');
    await eventually(async () => stream.isReady, { what: 'the WebSocket' });
    const replies: ControlFrame[] = [];
    stream.events.on('control', (frame) => replies.push(frame));

    await path.publishPlan({ add: markets.slice(0, 7), watchlist: [markets[6] as string] });
    await eventually(async () => replies.filter((reply) => reply.type === 'ok').length >= 2, { what: 'two update_subscription replies' });
    // 7 markets in batches of 3: one subscribe (watchlist first), then two add_markets.
    expect(replies.filter((reply) => reply.type === 'subscribed' && reply.channel === 'orderbook_delta')).toHaveLength(1);
    const lastAdd = replies.filter((reply) => reply.type === 'ok').at(-1) as Extract<ControlFrame, { type: 'ok' }>;
    // The exchange's own list after the update.
    expect([...((lastAdd.msg as { market_tickers: string[] }).market_tickers ?? [])].sort()).toEqual(markets.slice(0, 7).sort());
    await eventually(async () => new Set((await eventsOf('book.snapshot')).map((event) => event.data.marketTicker)).size === 7, { what: 'a snapshot of every planned market' });

    await path.publishPlan({ add: [markets[7] as string], remove: [markets[0] as string, markets[1] as string] });
    await eventually(async () => (await eventsOf('book.stale')).filter((event) => event.data.reason === 'unsubscribed').length === 2, { what: 'the removed books marked stale' });
    const removal = replies.filter((reply) => reply.type === 'ok').at(-1) as Extract<ControlFrame, { type: 'ok' }>;
    expect((removal.msg as { market_tickers: string[] }).market_tickers.sort()).toEqual(markets.slice(2, 8).sort());
    expect(path.ingest.plan.markets.size).toBe(6);
    const stale = await eventually(async () => {
      const state = await path.cachedState(markets[0] as string);
      return state?.stale ? state : undefined;
    }, { what: 'the cache to show the unsubscribed book as stale' });
    expect(stale.staleReason).toBe('unsubscribed');
  }, 60_000);
});

describe('cached books', () => {
  it('equal the exchange’s books after a burst of trading', async () => {
    const followed = markets.slice(2, 8);
    await path.quiet();
    await path.admin('POST', '/traders', { enabled: true, ordersPerSecond: 300 });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await path.admin('POST', '/traders', { enabled: false });
    await path.quiet();
    expect(await path.mismatchedBooks(followed)).toEqual([]);
    const deltas = [...(await eventsOf('book.delta')), ...(await eventsOf('book.deltas'))].reduce((sum, event) => sum + (event.type === 'book.deltas' ? event.data.deltas.length : 1), 0);
    expect(deltas).toBeGreaterThan(20);
  }, 60_000);
});

describe('a firehose faster than single publishes', () => {
  it('is joined into book.deltas: every delta exactly once, in order, and the books equal the exchange', async () => {
    const followed = markets.slice(2, 8);
    await path.quiet();
    const before = (await path.stored('MARKET_DATA')).at(-1)?.streamSequence ?? 0;
    const sent = (await path.admin('POST', '/firehose', { messages: 6000, tickers: followed })) as { messages: number };
    expect(sent.messages).toBe(6000);
    await path.quiet();
    const after = (await path.stored('MARKET_DATA')).filter(({ streamSequence }) => streamSequence > before).map(({ event }) => event as AnyEvent & { data: any });
    const batches = after.filter((event) => event.type === 'book.deltas');
    expect(batches.length).toBeGreaterThan(0);
    // Every delta once: the exchange's sequence numbers, market by market, only go up.
    const seqs = new Map<string, number[]>();
    for (const event of after) {
      if (event.type !== 'book.delta' && event.type !== 'book.deltas') continue;
      const list = seqs.get(event.data.marketTicker) ?? [];
      if (event.type === 'book.delta') list.push(event.data.seq);
      else for (const delta of event.data.deltas) list.push(delta.seq);
      seqs.set(event.data.marketTicker, list);
    }
    const all = [...seqs.values()].flat();
    expect(all).toHaveLength(6000);
    expect(new Set(all).size).toBe(6000);
    for (const list of seqs.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    // A batch's id names its first and last sequence numbers.
    const first = batches[0] as AnyEvent & { data: any };
    expect(first.id.endsWith(`:${first.data.deltas[0].seq}-${first.data.deltas.at(-1).seq}`)).toBe(true);
    expect(await path.mismatchedBooks(followed)).toEqual([]);
  }, 60_000);
});

describe('a sequence gap', () => {
  it('marks every book of the subscription stale until fresh snapshots make them equal the exchange again', async () => {
    const followed = markets.slice(2, 8);
    const before = (await path.stored('MARKET_DATA')).at(-1)?.streamSequence ?? 0;
    // Skips land on whichever sequenced message goes out next (trades of every market, the index,
    // lifecycle, books); with trading on, some of the next 40 are deltas of the followed books.
    await path.admin('POST', '/traders', { enabled: true, ordersPerSecond: 200 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await path.admin('POST', '/faults', { skipSeq: { count: 40 } });
    await eventually(async () => (await eventsOf('book.stale')).some((event) => event.data.reason === 'sequence-gap'), { what: 'the gap', timeoutMs: 20_000 });
    await path.admin('POST', '/traders', { enabled: false });
    await path.quiet();
    const after = (await path.stored('MARKET_DATA')).filter(({ streamSequence }) => streamSequence > before).map(({ event }) => event as AnyEvent & { data: any });
    const staleMarked = after.filter((event) => event.type === 'book.stale' && event.data.reason === 'sequence-gap').map((event) => event.data.marketTicker);
    expect([...new Set(staleMarked)].sort()).toEqual([...followed].sort());
    // The last stale mark of each market is followed by a fresh snapshot of it.
    for (const ticker of followed) {
      const staleAt = after.findLastIndex((event) => event.type === 'book.stale' && event.data.marketTicker === ticker);
      expect(after.slice(staleAt).some((event) => event.type === 'book.snapshot' && event.data.marketTicker === ticker)).toBe(true);
    }
    expect(await path.mismatchedBooks(followed)).toEqual([]);
  }, 60_000);
});

describe('a dropped connection', () => {
  it('is restored with every subscription, marks the books stale until their snapshots, and asks for a reconciliation', async () => {
    const followed = markets.slice(2, 8);
    const stream = path.ingest.currentStream;
    if (!stream) throw new Error('no stream');
    const firstConnection = stream.connectionId;
    await path.admin('POST', '/faults', { dropConnections: true });
    await eventually(async () => stream.isReady && stream.connectionId !== firstConnection, { what: 'the new connection', timeoutMs: 20_000 });
    await path.quiet();
    const system = (await path.stored('SYSTEM')).map(({ event }) => event as AnyEvent & { data: any });
    expect(system.some((event) => event.type === 'connection.changed' && event.data.state === 'disconnected' && event.data.connectionId === firstConnection)).toBe(true);
    expect(system.some((event) => event.type === 'connection.changed' && event.data.state === 'connected' && event.data.connectionId === stream.connectionId)).toBe(true);
    expect(system.filter((event) => event.type === 'reconciliation.requested').at(-1)?.data).toMatchObject({ trigger: 'reconnect' });
    const md = (await eventsOf('book.stale')).filter((event) => event.data.reason === 'connection-lost' && event.data.connectionId === firstConnection);
    expect(md.map((event) => event.data.marketTicker).sort()).toEqual([...followed].sort());
    // Every followed market was subscribed again on the new connection (its snapshot came on it).
    const snapshots = (await eventsOf('book.snapshot')).filter((event) => event.data.connectionId === stream.connectionId);
    expect(new Set(snapshots.map((event) => event.data.marketTicker))).toEqual(new Set(followed));
    const listed = await stream.listSubscriptions();
    const channels = listed.ok ? (listed.value as Array<{ channel: string }>).map((entry) => entry.channel).sort() : [];
    expect(channels).toEqual(['cfbenchmarks_value', 'fill', 'market_lifecycle_v2', 'market_positions', 'orderbook_delta', 'ticker', 'trade', 'user_orders']);
    expect(await path.mismatchedBooks(followed)).toEqual([]);
  }, 60_000);
});
