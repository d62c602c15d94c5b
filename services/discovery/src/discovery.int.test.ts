/**
 * Discovery against the exchange simulator with 50,000 markets (manual clock, no background
 * traders, so the universe moves only when the test advances time), the real projector, NATS and
 * Postgres: the whole listing, the deep KXBTC15M series, the plan, a restart, lifecycle events,
 * a poll that catches up without them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyEvent, EventData, MarketStateChanged, MarketSynced, SubscriptionPlanUpdated } from '@polly/contracts';
import { type ExchangeSimulator, startExchangeSimulator } from '@polly/exchange-sim';
import { eventually } from '@polly/testing';
import type { DiscoveryEnvironment } from './environment';
import { type Stack, admin, startStack } from './testing/harness';
import { type LifecycleRelay, startLifecycleRelay } from './testing/lifecycle-relay';

jest.setTimeout(600_000);

const MARKETS = 50_000;
const LISTED = { unopened: new Set(['initialized']), open: new Set(['active', 'inactive']) };

type Synced = EventData<typeof MarketSynced>;
type StateChanged = EventData<typeof MarketStateChanged>;
type PlanData = EventData<typeof SubscriptionPlanUpdated>;
const ofType = <T>(events: AnyEvent[], type: string) => events.filter((event) => event.type === type) as unknown as Array<AnyEvent & { data: T }>;

/** The simulator's own listing, in the order discovery reads it: every unopened market, then every open one. */
function exchangeListing(simulator: ExchangeSimulator): string[] {
  const markets = [...simulator.exchange.universe.markets.values()].sort((a, b) => a.listingKey - b.listingKey);
  return [...markets.filter((market) => LISTED.unopened.has(market.status)), ...markets.filter((market) => LISTED.open.has(market.status))].map((market) => market.ticker);
}

const windows = (simulator: ExchangeSimulator, status: string) =>
  [...simulator.exchange.universe.markets.values()].filter((market) => market.seriesTicker === 'KXBTC15M' && market.status === status).map((market) => market.ticker);

function record(name: string, value: unknown): void {
  const folder = path.resolve(__dirname, '../../../.artifacts/measurements');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
  console.log(`${name}: ${JSON.stringify(value)}`);
}

describe('discovery against 50,000 simulated markets', () => {
  let simulator: ExchangeSimulator;
  let stack: Stack;
  let discovery: DiscoveryEnvironment;
  let relay: LifecycleRelay | undefined;
  let listing: string[];

  beforeAll(async () => {
    simulator = await startExchangeSimulator({ port: 0, seed: 7, markets: MARKETS, traders: false, clock: 'manual' });
    // The projector starts after the first cycle, so that cycle is measured on its own.
    stack = await startStack(simulator, { projector: false });
    listing = exchangeListing(simulator);
  });
  afterAll(async () => {
    await relay?.close();
    await stack?.dispose();
    await simulator?.stop();
  });

  it('finds every market, KXBTC15M past index 40,000 included, and puts the open ones in the plan', async () => {
    discovery = await stack.openEnvironment();
    const started = Date.now();
    const report = await discovery.runCycle();
    const elapsedMs = Date.now() - started;

    expect(report).toMatchObject({ ok: true, listingComplete: true, error: null, fetched: 0 });
    expect(report.listed.markets).toBe(listing.length);
    expect(listing.length).toBeGreaterThan(45_000);

    const events = await stack.marketsEvents();
    const synced = ofType<Synced>(events, 'market.synced');
    expect(synced).toHaveLength(listing.length);
    expect(new Set(synced.map((event) => event.data.marketTicker))).toEqual(new Set(listing));
    // The listing index discovery records is the market's place in the listing it read.
    const indexOf = new Map(listing.map((ticker, index) => [ticker, index]));
    expect(synced.filter((event) => event.data.listingIndex !== indexOf.get(event.data.marketTicker))).toEqual([]);
    const bitcoin = synced.filter((event) => event.data.seriesTicker === 'KXBTC15M');
    const open = bitcoin.find((event) => event.data.exchangeStatus === 'active');
    expect(open?.data.listingIndex).toBeGreaterThan(40_000);
    expect(bitcoin.every((event) => event.data.internalState === 'WATCHLIST')).toBe(true);

    const series = ofType<{ simulated: boolean }>(events, 'series.synced');
    expect(series.length).toBeGreaterThan(10);
    expect(series.every((event) => event.data.simulated)).toBe(true);
    expect(ofType<StateChanged>(events, 'market.state-changed')).toHaveLength(listing.length);

    const plan = await stack.foldedPlan();
    expect(plan.members.size).toBe(listing.length);
    expect([...plan.members].filter(([, watchlist]) => watchlist).map(([ticker]) => ticker).sort()).toEqual(bitcoin.map((event) => event.data.marketTicker).sort());
    expect(ofType<PlanData>(events, 'plan.updated').every((event) => event.data.add.length <= 2000)).toBe(true);

    const system = await stack.systemEvents();
    const completed = system.filter((event) => event.type === 'discovery.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]?.data).toMatchObject({ markets: listing.length, pages: report.pages });
    expect(system.filter((event) => event.type === 'discovery.progressed').length).toBeGreaterThanOrEqual(5);

    record('discovery-50k-first-cycle', {
      markets: report.listed.markets,
      events: report.listed.events,
      series: report.listed.series,
      pages: report.pages,
      durationMs: report.durationMs,
      elapsedMs,
      published: events.length,
      planRevisions: report.planRevisions,
      bitcoinListingIndex: open?.data.listingIndex,
    });
  });

  it('republishes nothing after a restart that loads the read models and the plan', async () => {
    const projecting = Date.now();
    await stack.startProjector();
    await stack.projectorCaughtUp(300_000);
    const projectorMs = Date.now() - projecting;
    await discovery.stop();
    const before = await stack.bus.lastSequence('MARKETS');

    const loading = Date.now();
    discovery = await stack.openEnvironment();
    const loadMs = Date.now() - loading;
    expect(discovery.catalogue.known.markets.size).toBe(listing.length);
    expect(discovery.catalogue.plan.members.size).toBe(listing.length);

    const report = await discovery.runCycle();
    expect(report).toMatchObject({ ok: true, changed: { series: 0, events: 0, markets: 0 }, planRevisions: 0, fetched: 0 });
    expect(await stack.bus.lastSequence('MARKETS')).toBe(before);
    record('discovery-50k-unchanged-cycle', { markets: report.listed.markets, pages: report.pages, durationMs: report.durationMs, loadMs, projectorCatchUpMs: projectorMs });
  });

  it('subscribes a newly listed 15-minute market within its lifecycle event, and retires the settled one', async () => {
    discovery.startLifecycle();
    relay = await startLifecycleRelay(simulator, stack.bus);
    const [current] = windows(simulator, 'active');
    const known = new Set(listing);
    expect(current).toBeDefined();

    const advanced = Date.now();
    await admin(simulator, 'POST', '/clock/advance', { seconds: 15 * 60 });
    const created = windows(simulator, 'initialized').find((ticker) => !known.has(ticker));
    expect(created).toBeDefined();

    const createdEvent = await eventually(async () => relay?.published.find((event) => event.marketTicker === created && event.eventType === 'created'), {
      timeoutMs: 30_000,
      what: `the created lifecycle event of ${created}`,
    });
    const addition = await eventually(
      async () => ofType<PlanData>(await stack.marketsEvents({ type: 'plan.updated' }), 'plan.updated').find((event) => event.data.add.includes(created as string)),
      { timeoutMs: 60_000, what: `${created} to join the plan` },
    );
    expect(addition.causationId).toBe(createdEvent.id);
    expect(addition.data.watchlist).toContain(created);
    record('discovery-50k-lifecycle', { lifecycleEventsSoFar: relay?.published.length, msFromAdvanceToPlan: Date.now() - advanced });

    const removal = await eventually(
      async () => ofType<PlanData>(await stack.marketsEvents({ type: 'plan.updated' }), 'plan.updated').find((event) => event.data.remove.includes(current as string)),
      { timeoutMs: 60_000, what: `${current} to leave the plan` },
    );
    const changes = await stack.marketsEvents({ type: 'market.state-changed', key: current as string });
    const retired = ofType<StateChanged>(changes, 'market.state-changed').find((event) => event.data.to === 'INACTIVE');
    expect(retired?.data).toMatchObject({ from: 'WATCHLIST', exchangeStatus: 'determined' });
    expect(removal.causationId).toBe(retired?.causationId);
    const plan = await stack.foldedPlan();
    expect(plan.members.get(created as string)).toBe(true);
    expect(plan.members.has(current as string)).toBe(false);
  });

  it('catches up in one poll when no lifecycle event arrives', async () => {
    await relay?.close();
    relay = undefined;
    const [current] = windows(simulator, 'active');
    const seen = new Set(discovery.catalogue.known.markets.keys());

    await admin(simulator, 'POST', '/clock/advance', { seconds: 15 * 60 });
    const created = windows(simulator, 'initialized').find((ticker) => !seen.has(ticker));
    expect(created).toBeDefined();
    expect(discovery.catalogue.known.markets.has(created as string)).toBe(false);

    const report = await discovery.runCycle();
    expect(report.ok).toBe(true);
    // The window that closed is no longer listed: it is read on its own and retired.
    expect(report.fetched).toBeGreaterThanOrEqual(1);
    expect(discovery.catalogue.known.markets.get(current as string)).toMatchObject({ state: 'INACTIVE' });
    const plan = await stack.foldedPlan();
    expect(plan.members.get(created as string)).toBe(true);
    expect(plan.members.has(current as string)).toBe(false);
    expect(plan.members.size).toBe(exchangeListing(simulator).length);
  });
});
