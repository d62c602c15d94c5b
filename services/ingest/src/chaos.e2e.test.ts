/**
 * One minute of chaos on the data path: the background traders move the books while the
 * exchange drops every WebSocket connection every few seconds and skips sequence numbers in
 * between. Afterwards every cached book equals the exchange's, and no state agents could see was
 * fresh while its book was stale: every KV write and every notification of the run is recorded
 * and checked against an independent fold of the stream up to the point the write came from.
 */
import { MarketStateNotification } from '@polly/contracts';
import { freshWhileStale, notificationsAgree, recordKvWrites } from './testing/consistency';
import { type DataPath, startDataPath } from './testing/data-path';

jest.setTimeout(300_000);

const RUN_MS = Number(process.env.POLLY_CHAOS_MS ?? 60_000);
const DROP_EVERY_MS = 4_000;
const GAPS_EVERY_MS = 3_000;

let path: DataPath;

beforeAll(async () => {
  path = await startDataPath({ simulator: { markets: 600, seed: 21 } });
});

afterAll(async () => {
  await path?.stop();
});

it('keeps every cached book equal to the exchange and never fresh while stale, through a minute of drops and gaps', async () => {
  const markets = path.bitcoinMarkets(24);
  expect(markets.length).toBeGreaterThanOrEqual(20);
  const recording = new AbortController();
  const { records, caughtUp } = await recordKvWrites(path.bus, recording.signal);
  const notifications: MarketStateNotification[] = [];
  const subscription = path.bus.connection.subscribe(path.bus.subject('cache.demo.updated.>'), {
    callback: (_error, message) => {
      notifications.push(MarketStateNotification.parse(message.json()));
    },
  });

  await path.publishPlan({ add: markets, watchlist: markets.slice(0, 4) });
  await path.admin('POST', '/traders', { enabled: true, ordersPerSecond: 120 });
  const started = Date.now();
  let drops = 0;
  let gapRequests = 0;
  const dropper = setInterval(() => {
    drops += 1;
    void path.admin('POST', '/faults', { dropConnections: true });
  }, DROP_EVERY_MS);
  const skipper = setInterval(() => {
    gapRequests += 1;
    void path.admin('POST', '/faults', { skipSeq: { count: 10 } });
  }, GAPS_EVERY_MS);
  await new Promise((resolve) => setTimeout(resolve, RUN_MS));
  clearInterval(dropper);
  clearInterval(skipper);
  await path.admin('DELETE', '/faults');
  // A little calm trading after the storm, then stop and let everything settle.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await path.admin('POST', '/traders', { enabled: false });
  await path.quiet(1_500, 60_000);
  await caughtUp();
  recording.abort();
  await path.bus.connection.flush(); // every notification sent before this point is in
  subscription.unsubscribe();
  const elapsedMs = Date.now() - started;

  const marketData = await path.stored('MARKET_DATA');
  const count = (type: string, reason?: string) =>
    marketData.filter(({ event }) => event.type === type && (reason === undefined || (event.data as { reason?: string }).reason === reason)).length;
  const summary = {
    elapsedMs,
    drops,
    gapRequests,
    deltas: count('book.delta'),
    deltaBatches: count('book.deltas'),
    snapshots: count('book.snapshot'),
    staleFromGaps: count('book.stale', 'sequence-gap'),
    staleFromDrops: count('book.stale', 'connection-lost'),
    kvWrites: records.length,
    notifications: notifications.length,
  };
  console.log(`chaos run: ${JSON.stringify(summary)}`);
  // The run really exercised what it claims to.
  expect(summary.drops).toBeGreaterThanOrEqual(Math.floor(RUN_MS / DROP_EVERY_MS) - 1);
  expect(summary.staleFromDrops).toBeGreaterThanOrEqual(markets.length * (summary.drops - 1));
  expect(summary.staleFromGaps).toBeGreaterThan(0);
  expect(summary.deltas).toBeGreaterThan(RUN_MS / 100);

  // 1. Every cached book equals the exchange's, and is fresh.
  expect(await path.mismatchedBooks(markets)).toEqual([]);
  // 2. No KV entry said fresh while the stream said its book was stale (or showed another book).
  expect(freshWhileStale(records, marketData)).toEqual([]);
  // 3. Every notification said what its entry said.
  const { disagreements, unmatched } = notificationsAgree(notifications, records);
  expect(disagreements).toEqual([]);
  expect(unmatched).toBe(0);
  expect(records.filter((record) => !record.state.stale).length).toBeGreaterThan(markets.length);
});
