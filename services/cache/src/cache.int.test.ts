/**
 * The cache against a real NATS: MARKET_DATA events in, MarketState entries in the KV bucket and
 * notifications out; a stale book is written stale until its snapshot; a restart reads the
 * bucket back and continues the same books; re-reading the whole stream changes nothing.
 */
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import {
  BookDeltaReceived,
  BookMarkedStale,
  BookSnapshotReceived,
  type EventData,
  MarketState,
  MarketStateNotification,
  MarketSynced,
  TickerUpdated,
  TradeExecuted,
  createEvent,
  marketStateBucket,
} from '@polly/contracts';
import { type ServiceHandle, createLogger, startService } from '@polly/runtime';
import { type TestBus, createTestBus, eventually, testNatsUrl } from '@polly/testing';
import type { CacheConfig } from './config';
import { marketStateKey } from './market-state-store';
import { cacheService } from './service';

const TICKER = 'KXHIGHNY-26MAY16-B78.5';
const CONNECTION = 'connection-1';
const receivedAt = () => new Date().toISOString();

let bus: TestBus;
let kv: KV;
let cache: ServiceHandle<CacheConfig> | undefined;
let notifications: MarketStateNotification[];
let sequence = 0;

const start = async () => {
  cache = await startService(cacheService, {
    env: { POLLY_NATS_URL: testNatsUrl(), POLLY_NAMESPACE: bus.namespace, POLLY_ENVIRONMENTS: 'demo', POLLY_HEALTH_PORT: '0', POLLY_CACHE_BATCH: '50' },
    logger: createLogger({ service: 'cache', level: 'warn' }),
  });
};
const stop = async () => {
  await cache?.stop();
  cache = undefined;
};

const publish = (definition: Parameters<typeof createEvent>[0], data: unknown) => {
  sequence += 1;
  return bus.publish(createEvent(definition, 'demo', data as never, { source: 'test', id: `test-${bus.namespace}-${sequence}` }));
};
const snapshot = (seq: number, yes: Array<[string, string]>, no: Array<[string, string]> = []) =>
  publish(BookSnapshotReceived, { connectionId: CONNECTION, sid: 2, seq, marketTicker: TICKER, yes, no, receivedAt: receivedAt() } satisfies EventData<typeof BookSnapshotReceived>);
const delta = (seq: number, side: 'yes' | 'no', price: string, change: string) =>
  publish(BookDeltaReceived, {
    connectionId: CONNECTION,
    sid: 2,
    seq,
    marketTicker: TICKER,
    side,
    price,
    delta: change,
    exchangeTimestampMs: null,
    clientOrderId: null,
    receivedAt: receivedAt(),
  } satisfies EventData<typeof BookDeltaReceived>);
const stale = () =>
  publish(BookMarkedStale, { marketTicker: TICKER, reason: 'sequence-gap', connectionId: CONNECTION, sid: 2, expectedSeq: 4, receivedSeq: 6 } satisfies EventData<typeof BookMarkedStale>);

async function entry(): Promise<MarketState | undefined> {
  const stored = await kv.get(marketStateKey(TICKER) as string);
  return stored && stored.length > 0 ? MarketState.parse(stored.json()) : undefined;
}

const settled = (check: (state: MarketState) => boolean, what: string) =>
  eventually(async () => {
    const state = await entry();
    return state && check(state) ? state : undefined;
  }, { what, timeoutMs: 15_000 });

beforeEach(async () => {
  bus = await createTestBus();
  kv = await bus.bucketKeyValue(marketStateBucket('demo'));
  notifications = [];
  bus.connection.subscribe(bus.subject('cache.demo.updated.>'), {
    callback: (_error, message) => {
      notifications.push(MarketStateNotification.parse(message.json()));
    },
  });
  await start();
});

afterEach(async () => {
  await stop();
  await bus.dispose();
});

describe('the cache', () => {
  it('writes a market state derived from snapshot and deltas, under the escaped ticker, and notifies', async () => {
    await snapshot(1, [['0.4000', '5.00']], [['0.5500', '3.00']]);
    await delta(2, 'yes', '0.4200', '2.00');
    await publish(TickerUpdated, {
      marketTicker: TICKER,
      lastPrice: '0.4100',
      yesBid: '0.4200',
      yesAsk: '0.4500',
      yesBidSize: '2.00',
      yesAskSize: '3.00',
      volume: '120.00',
      openInterest: '40.00',
      exchangeTimestampMs: null,
      receivedAt: receivedAt(),
    });
    await publish(TradeExecuted, {
      tradeId: 'trade-1',
      marketTicker: TICKER,
      yesPrice: '0.4300',
      noPrice: '0.5700',
      count: '1.00',
      takerSide: 'yes',
      exchangeTimestampMs: 1_767_225_600_000,
      sid: 3,
      seq: 1,
      receivedAt: receivedAt(),
    });
    const state = await settled((candidate) => candidate.recentTrades.length === 1, 'the trade in the cached state');
    expect(state).toMatchObject({
      marketTicker: TICKER,
      seriesTicker: 'KXHIGHNY',
      stale: false,
      yesBid: '0.4200',
      yesBidSize: '2.00',
      noBid: '0.5500',
      yesAsk: '0.4500',
      noAsk: '0.5800',
      spread: '0.0300',
      midpoint: '0.4350',
      impliedProbability: '0.4350',
      lastPrice: '0.4300',
      volume: '120.00',
      book: { yes: [['0.4000', '5.00'], ['0.4200', '2.00']], no: [['0.5500', '3.00']] },
      recentTrades: [{ tradeId: 'trade-1', yesPrice: '0.4300', at: '2026-01-01T00:00:00.000Z' }],
    });
    // The key keeps the dot: KV keys cannot hold the escape character.
    expect(marketStateKey(TICKER)).toBe(TICKER);
    await eventually(async () => notifications.at(-1)?.revision === state.revision, { what: 'the notification of the last write' });
    expect(notifications.at(-1)).toMatchObject({ marketTicker: TICKER, stale: false, lastPrice: '0.4300', yesBid: '0.4200', yesAsk: '0.4500' });
    const revisions = notifications.map((notification) => notification.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  });

  it('writes a stale book as stale until its next snapshot, and never as fresh meanwhile', async () => {
    await snapshot(1, [['0.4000', '5.00']]);
    await settled((state) => !state.stale, 'the fresh book');
    await stale();
    await delta(6, 'yes', '0.4000', '1.00');
    const staleState = await settled((state) => state.stale, 'the stale mark');
    expect(staleState).toMatchObject({ staleReason: 'sequence-gap', book: { yes: [['0.4000', '5.00']] } });
    await snapshot(7, [['0.4000', '6.00']]);
    await settled((state) => !state.stale, 'the book fresh again');
    const after = notifications.filter((notification) => notification.revision > staleState.revision);
    expect(after.every((notification) => !notification.stale)).toBe(true);
    const staleNotice = notifications.find((notification) => notification.revision === staleState.revision);
    expect(staleNotice).toMatchObject({ stale: true, cause: 'stale' });
    // Between the stale mark and the snapshot nothing said fresh.
    const staleAt = notifications.findIndex((notification) => notification.stale);
    const freshAgain = notifications.findIndex((notification, index) => index > staleAt && !notification.stale);
    expect(notifications.slice(staleAt, freshAgain).every((notification) => notification.stale)).toBe(true);
  });

  it('reads its entries back after a restart and continues the same book', async () => {
    await snapshot(1, [['0.4000', '5.00']]);
    await delta(2, 'yes', '0.4000', '1.00');
    const before = await settled((state) => state.book.yes[0]?.[1] === '6.00', 'the delta');
    await stop();
    await start();
    await delta(3, 'yes', '0.4000', '1.00');
    const after = await settled((state) => state.book.yes[0]?.[1] === '7.00', 'the delta after the restart');
    expect(after.stale).toBe(false);
    expect(after.revision).toBeGreaterThan(before.revision);
  });

  it('changes nothing when events it already wrote are delivered again (acknowledgements lost in a crash)', async () => {
    await snapshot(1, [['0.4000', '5.00']]);
    const firstDelta = await delta(2, 'yes', '0.4000', '1.00');
    for (let seq = 3; seq <= 30; seq += 1) await delta(seq, 'yes', '0.4000', '1.00');
    const before = await settled((state) => state.book.yes[0]?.[1] === '34.00', 'all deltas');
    await stop();
    // As if none of the deltas had been acknowledged: the consumer starts again at the first one.
    await bus.manager.consumers.delete(bus.stream('MARKET_DATA'), 'cache-demo');
    await bus.manager.consumers.add(bus.stream('MARKET_DATA'), {
      durable_name: 'cache-demo',
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: firstDelta.sequence,
      filter_subject: bus.subject('md.demo.>'),
    });
    await start();
    await delta(31, 'yes', '0.4000', '1.00');
    const after = await settled((state) => state.revision > before.revision, 'the next write');
    expect(after.book.yes).toEqual([['0.4000', '35.00']]);
  });

  it('acknowledges every event once the writes it caused are stored, with one acknowledgement for many', async () => {
    await snapshot(1, [['0.4000', '5.00']]);
    for (let seq = 2; seq <= 40; seq += 1) await delta(seq, 'yes', '0.4000', '1.00');
    await settled((state) => state.book.yes[0]?.[1] === '44.00', 'all deltas');
    const last = await bus.lastSequence('MARKET_DATA');
    const info = await eventually(async () => {
      const current = await bus.manager.consumers.info(bus.stream('MARKET_DATA'), 'cache-demo');
      return current.ack_floor.stream_seq === last && current.num_ack_pending === 0 ? current : undefined;
    }, { what: 'the acknowledgement of the last event' });
    expect(info.config.ack_policy).toBe(AckPolicy.All);
  });

  it('takes the status and tickers of every market discovery lists', async () => {
    await publish(MarketSynced, {
      marketTicker: TICKER,
      eventTicker: 'KXHIGHNY-26MAY16',
      seriesTicker: 'KXHIGHNY',
      title: 'High temperature in New York',
      subtitle: '',
      yesSubTitle: '78° to 79°',
      noSubTitle: '',
      exchangeStatus: 'active',
      internalState: 'ACTIVE',
      openTime: null,
      closeTime: null,
      expectedExpirationTime: null,
      strikeType: 'between',
      floorStrike: '78',
      capStrike: '79',
      priceLevelStructure: 'linear_cent',
      priceRanges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
      yesBid: null,
      yesAsk: null,
      lastPrice: null,
      volume: null,
      volume24h: null,
      openInterest: null,
      result: null,
      settlementValue: null,
      listingIndex: 12,
    } satisfies EventData<typeof MarketSynced>);
    const state = await settled((candidate) => candidate.status === 'active', 'the listed status');
    expect(state).toMatchObject({ eventTicker: 'KXHIGHNY-26MAY16', seriesTicker: 'KXHIGHNY', stale: true, staleReason: 'awaiting-snapshot' });
    expect(notifications.at(-1)).toMatchObject({ cause: 'status', stale: true });
  });

  it('serves its metrics with the folded events and writes', async () => {
    await snapshot(1, [['0.4000', '5.00']]);
    await settled((state) => !state.stale, 'the first write');
    const metrics = await (await fetch(`http://127.0.0.1:${cache?.health.port}/metrics`)).text();
    expect(metrics).toMatch(/polly_cache_events_folded_total\{[^}]*type="book.snapshot"[^}]*outcome="book"[^}]*\} 1/);
    expect(metrics).toMatch(/polly_cache_kv_writes_total\{[^}]*environment="demo"[^}]*\} [1-9]/);
    const ready = await fetch(`http://127.0.0.1:${cache?.health.port}/readyz`);
    expect(ready.status).toBe(200);
  });
});
