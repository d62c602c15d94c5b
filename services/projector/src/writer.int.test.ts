import { sql } from 'kysely';
import {
  type AnyEvent,
  MarketStateChanged,
  MarketSynced,
  type MarketView,
  ReconciliationCompleted,
  ReconciliationStarted,
  ServiceHeartbeat,
  createEvent,
} from '@polly/contracts';
import { schemaChecksums } from '@polly/db';
import { type TestDatabase, createTestDatabase, tradingHistory } from '@polly/testing';
import { foldEvent } from './folds';
import { applyOperations } from './writer';

const market = (ticker: string, overrides: Partial<MarketView> = {}): MarketView => ({
  marketTicker: ticker,
  eventTicker: 'KXBTCD-26NOV21',
  seriesTicker: 'KXBTCD',
  title: `Bitcoin above ${ticker}?`,
  subtitle: '',
  yesSubTitle: 'Yes',
  noSubTitle: 'No',
  exchangeStatus: 'active',
  internalState: 'ACTIVE',
  openTime: '2026-11-21T00:00:00.000Z',
  closeTime: '2026-11-22T00:00:00.000Z',
  expectedExpirationTime: null,
  strikeType: 'greater',
  floorStrike: '97000.00',
  capStrike: null,
  priceLevelStructure: 'linear_cent',
  priceRanges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
  yesBid: '0.4400',
  yesAsk: '0.4600',
  lastPrice: null,
  volume: '120.00',
  volume24h: '12.50',
  openInterest: '80.00',
  result: null,
  settlementValue: null,
  listingIndex: 3,
  ...overrides,
});

/** Events for the tables the trading history does not reach, with the order-sensitive cases. */
function otherEvents(): AnyEvent[] {
  const at = (second: number) => ({ source: 'test', occurredAt: `2026-11-21T10:00:${String(second).padStart(2, '0')}.000Z` });
  return [
    // An update before the row exists changes nothing; the upsert after it creates the row.
    createEvent(MarketStateChanged, 'demo', { marketTicker: 'M1', from: 'ACTIVE', to: 'WATCHLIST', reason: 'early', exchangeStatus: null }, at(1)),
    createEvent(MarketSynced, 'demo', market('M1'), at(2)),
    createEvent(MarketStateChanged, 'demo', { marketTicker: 'M1', from: 'ACTIVE', to: 'IGNORED', reason: 'user', exchangeStatus: 'closed' }, at(3)),
    // A second sync keeps the first discovered_at (insert-only column).
    createEvent(MarketSynced, 'demo', market('M1', { yesBid: '0.5000', internalState: 'ACTIVE' }), at(4)),
    createEvent(MarketSynced, 'live', market('M2', { floorStrike: null, listingIndex: null }), at(5)),
    createEvent(ServiceHeartbeat, 'demo', { service: 'ingest', instanceId: 'a', startedAt: '2026-11-21T09:00:00.000Z', uptimeSeconds: 5, ready: false, details: { lag: 3, ok: true, note: 'it\'s "quoted"' } }, at(6)),
    createEvent(ServiceHeartbeat, 'demo', { service: 'ingest', instanceId: 'a', startedAt: '2026-11-21T09:00:00.000Z', uptimeSeconds: 10, ready: true, details: { lag: 0 } }, at(7)),
    createEvent(ReconciliationStarted, 'live', { cycleId: 'c1', trigger: 'startup' }, at(8)),
    createEvent(ReconciliationCompleted, 'live', { cycleId: 'c1', trigger: 'startup', clean: false, discrepancies: 2, byKind: { 'missing-fill': 2 }, summary: ['a', 'b'], durationMs: 40, error: null }, at(9)),
  ];
}

describe('writing row operations', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('writes a whole batch exactly as applying its operations one at a time would', async () => {
    const events = [...otherEvents(), ...tradingHistory({ events: 1200, seed: 17, environments: ['demo'], idPrefix: 'writer' })];
    const operations = events.flatMap((event) => foldEvent(event));
    // The batch into the demo schema in a few statements; one statement per operation into live.
    await database.db.transaction().execute((transaction) => applyOperations(transaction, () => 'demo', operations));
    for (const operation of operations) await applyOperations(database.db, () => 'live', [operation]);

    const batched = await schemaChecksums(database.db, 'demo');
    expect(batched.filter((table) => table.rows > 0).map((table) => table.table)).toEqual(
      expect.arrayContaining(['markets', 'orders', 'fills', 'positions', 'decisions', 'intents', 'approvals', 'agent_state', 'services', 'reconciliation_cycles']),
    );
    expect(batched).toEqual(await schemaChecksums(database.db, 'live'));
  });

  it('stores JSON as JSON, exact decimals and timestamps, and keeps insert-only columns', async () => {
    await applyOperations(database.db, (environment) => environment, otherEvents().flatMap((event) => foldEvent(event)));
    const { rows: services } = await sql<{ kind: string; details: unknown; uptime_seconds: number }>`
      select jsonb_typeof(details) as kind, details, uptime_seconds from demo.services`.execute(database.db);
    expect(services).toEqual([{ kind: 'object', details: { lag: 0 }, uptime_seconds: 10 }]);
    const markets = await database.db.withSchema('demo').selectFrom('markets').selectAll().execute();
    expect(markets).toHaveLength(1);
    expect(markets[0]).toMatchObject({ internal_state: 'ACTIVE', exchange_status: 'active', yes_bid: '0.500000', floor_strike: '97000.00000000', price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }] });
    expect(markets[0]?.discovered_at.toISOString()).toBe('2026-11-21T10:00:02.000Z');
    expect(markets[0]?.last_sync_at.toISOString()).toBe('2026-11-21T10:00:04.000Z');
    const cycles = await database.db.withSchema('live').selectFrom('reconciliation_cycles').selectAll().execute();
    expect(cycles[0]).toMatchObject({ clean: false, discrepancies: 2, by_kind: { 'missing-fill': 2 }, summary: ['a', 'b'], error: null });
  });
});
