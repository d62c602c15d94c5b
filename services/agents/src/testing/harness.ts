/**
 * The agents service on real servers for integration tests: a test namespace on NATS, a
 * database cloned from the migrated template, and the inputs the other services would give it —
 * market metadata rows (as the projector writes them), cache entries and notifications (as the
 * cache writes them, through its own store), index values, CONTROL commands and SYSTEM cycles.
 *
 * The clock is the real one shifted to five seconds past the next whole minute, so a test has
 * 55 seconds inside one calendar minute (holds are recorded once per market and minute).
 */
import { MarketStateStore, marketStateKey } from '@polly/cache';
import {
  type AgentMode,
  type AnyEvent,
  DisableAgent,
  EnableAgent,
  type Environment,
  type EventDefinition,
  IndexValueUpdated,
  KeysConnected,
  type MarketState,
  type MarketStateNotification,
  PauseAgent,
  ReconciliationCompleted,
  ReconciliationStarted,
  SetAgentMode,
  SetAllAgentsMode,
  StartAgent,
  StopAgent,
  complement,
  createEvent,
  formatDollars,
  marketStateNotificationSubject,
  parseDollars,
} from '@polly/contracts';
import { createLogger, startService } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, eventually, testNatsUrl } from '@polly/testing';
import { priceRangesFor } from '@polly/market';
import { type AgentsServiceOptions, createAgentsService } from '../service';

export type AgentsHandle = Awaited<ReturnType<typeof startService>>;

/** Real time shifted to 5 s past the next whole minute. */
export function testClock(): { now: () => number; offset: number } {
  const real = Date.now();
  const offset = Math.ceil(real / 60_000) * 60_000 + 5_000 - real;
  return { now: () => Date.now() + offset, offset };
}

export async function startAgents(bus: TestBus, database: TestDatabase, options: AgentsServiceOptions & { env?: Record<string, string> } = {}): Promise<AgentsHandle> {
  const { env, ...serviceOptions } = options;
  return startService(createAgentsService(serviceOptions), {
    env: {
      POLLY_NATS_URL: testNatsUrl(),
      POLLY_NAMESPACE: bus.namespace,
      POLLY_DATABASE_URL: database.connectionString,
      POLLY_ENVIRONMENTS: 'demo',
      POLLY_HEALTH_PORT: '0',
      POLLY_AGENTS_ACTIVATION_QUIET_SECONDS: '1',
      POLLY_AGENTS_RESTART_BASE_MS: '200',
      ...env,
    },
    logger: createLogger({ service: 'agents', level: 'silent' }),
  });
}

export interface Testbed {
  bus: TestBus;
  database: TestDatabase;
  /** The running service, stopped after each test. */
  agents: AgentsHandle | undefined;
}

/** A fresh namespace and database for each test of the calling describe block, cleaned up after. */
export function useTestbed(): Testbed {
  const testbed = { agents: undefined } as Testbed;
  beforeEach(async () => {
    testbed.bus = await createTestBus();
    testbed.database = await createTestDatabase();
  });
  afterEach(async () => {
    await testbed.agents?.stop();
    testbed.agents = undefined;
    await testbed.bus.dispose();
    await testbed.database.dispose();
  });
  return testbed;
}

let counter = 0;
const options = (at: number) => ({ source: 'test', id: `test-${Date.now()}-${(counter += 1)}`, occurredAt: new Date(at) });

export function command(definition: EventDefinition, data: Record<string, unknown>, at = Date.now(), environment: Environment = 'demo'): AnyEvent {
  return createEvent(definition, environment, { requestedBy: 'owner', ...data } as never, options(at)) as AnyEvent;
}

export const commands = {
  start: (agentId: string) => command(StartAgent, { agentId }),
  stop: (agentId: string) => command(StopAgent, { agentId }),
  pause: (agentId: string) => command(PauseAgent, { agentId }),
  enable: (agentId: string) => command(EnableAgent, { agentId }),
  disable: (agentId: string) => command(DisableAgent, { agentId }),
  setMode: (agentId: string, mode: AgentMode) => command(SetAgentMode, { agentId, mode }),
  setAllModes: (mode: AgentMode) => command(SetAllAgentsMode, { mode }),
};

export const keysConnected = (at = Date.now()): AnyEvent =>
  createEvent(KeysConnected, 'demo', { keyIdHint: 'ab12', verifiedAt: new Date(at).toISOString(), balance: '100.00' }, options(at)) as AnyEvent;

export function reconciliationCycle(cycleId: string, at = Date.now()): AnyEvent[] {
  return [
    createEvent(ReconciliationStarted, 'demo', { cycleId, trigger: 'startup' }, options(at)) as AnyEvent,
    createEvent(ReconciliationCompleted, 'demo', { cycleId, trigger: 'startup', clean: true, discrepancies: 0, byKind: {}, summary: [], durationMs: 20, error: null }, options(at + 1)) as AnyEvent,
  ];
}

export const indexValue = (value: string, at: number, windowedAverage: string | null = null): AnyEvent =>
  createEvent(IndexValueUpdated, 'demo', { indexId: 'BRTI', value, windowedAverage, exchangeTimestampMs: at, receivedAt: new Date(at).toISOString() }, options(at)) as AnyEvent;

export async function publish(bus: TestBus, ...events: AnyEvent[]): Promise<void> {
  for (const event of events) await bus.publish(event);
}

/** A series and a market as the projector writes them from discovery's events. */
export async function insertMarket(
  database: TestDatabase,
  market: { ticker: string; series: string; openTime: number; closeTime: number; floorStrike?: string | null; status?: string; watchlist?: boolean },
): Promise<void> {
  const at = new Date(market.openTime).toISOString();
  const scoped = database.db.withSchema('demo');
  await scoped
    .insertInto('series')
    .values({ series_ticker: market.series, title: market.series, category: 'Crypto', frequency: 'fifteen_min', tags: '[]', fee_type: 'quadratic', fee_multiplier: '1', volume: null, simulated: true, updated_at: at })
    .onConflict((conflict) => conflict.column('series_ticker').doNothing())
    .execute();
  await scoped
    .insertInto('markets')
    .values({
      market_ticker: market.ticker,
      event_ticker: market.ticker.split('-').slice(0, 2).join('-'),
      series_ticker: market.series,
      title: market.ticker,
      subtitle: '',
      yes_sub_title: '',
      no_sub_title: '',
      exchange_status: market.status ?? 'active',
      internal_state: market.watchlist ? 'WATCHLIST' : 'ACTIVE',
      open_time: at,
      close_time: new Date(market.closeTime).toISOString(),
      expected_expiration_time: null,
      strike_type: market.floorStrike ? 'greater_or_equal' : null,
      floor_strike: market.floorStrike ?? null,
      cap_strike: null,
      price_level_structure: 'tapered_deci_cent',
      price_ranges: JSON.stringify(priceRangesFor('tapered_deci_cent')),
      yes_bid: null,
      yes_ask: null,
      last_price: null,
      volume: null,
      volume_24h: null,
      open_interest: null,
      result: null,
      settlement_value: null,
      listing_index: null,
      discovered_at: at,
      last_sync_at: at,
    })
    .execute();
}

export interface TradeSpec {
  takerSide: 'yes' | 'no';
  count: string;
  at: number;
}

/** A cache entry with a one-level book on each side and the given trades. */
export function marketState(ticker: string, book: { yesBid: string; yesAsk: string }, trades: TradeSpec[], revision: number, at: number): MarketState {
  const noBid = formatDollars(complement(parseDollars(book.yesAsk)));
  const noAsk = formatDollars(complement(parseDollars(book.yesBid)));
  return {
    marketTicker: ticker,
    eventTicker: ticker.split('-').slice(0, 2).join('-'),
    seriesTicker: ticker.split('-')[0] ?? null,
    status: 'active',
    stale: false,
    staleReason: null,
    yesBid: formatDollars(parseDollars(book.yesBid)),
    yesBidSize: '10.00',
    noBid,
    noBidSize: '10.00',
    yesAsk: formatDollars(parseDollars(book.yesAsk)),
    noAsk,
    spread: formatDollars(parseDollars(book.yesAsk) - parseDollars(book.yesBid)),
    midpoint: null,
    impliedProbability: null,
    lastPrice: null,
    volume: null,
    openInterest: null,
    book: { yes: [[formatDollars(parseDollars(book.yesBid)), '10.00']], no: [[noBid, '10.00']] },
    recentTrades: trades.map((trade) => ({ tradeId: `${ticker}-${trade.at}-${trade.takerSide}-${trade.count}`, yesPrice: book.yesAsk, count: trade.count, takerSide: trade.takerSide, at: new Date(trade.at).toISOString() })),
    revision,
    updatedAt: new Date(at).toISOString(),
  };
}

/** Write an entry the way the cache does (its store, with headers) and announce it. */
export async function publishMarketState(bus: TestBus, state: MarketState, environment: Environment = 'demo'): Promise<void> {
  const store = await MarketStateStore.open(bus, environment);
  await store.write(marketStateKey(state.marketTicker) as string, state, state.revision, null);
  const notification: MarketStateNotification = {
    marketTicker: state.marketTicker,
    revision: state.revision,
    stale: state.stale,
    cause: state.recentTrades.length > 0 ? 'trade' : 'book',
    yesBid: state.yesBid,
    yesAsk: state.yesAsk,
    lastPrice: state.lastPrice,
    updatedAt: state.updatedAt,
  };
  bus.connection.publish(bus.subject(marketStateNotificationSubject(environment, state.marketTicker)), new TextEncoder().encode(JSON.stringify(notification)));
  await bus.connection.flush();
}

/** Every TRADING event of the environment published by the agents so far. */
export async function agentEvents(bus: TestBus, environment: Environment = 'demo'): Promise<AnyEvent[]> {
  const events: AnyEvent[] = [];
  const info = await bus.manager.streams.info(bus.stream('TRADING'));
  if (info.state.messages === 0) return events;
  for await (const item of bus.read({ stream: 'TRADING', filterSubject: `trading.${environment}.>` })) {
    if (item.valid && item.event.source === 'agents') events.push(item.event as AnyEvent);
  }
  return events;
}

/** Wait until the agents' events satisfy `check`; returns what it returned. */
export function waitForEvents<T>(bus: TestBus, check: (events: AnyEvent[]) => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  return eventually(async () => check(await agentEvents(bus)), { timeoutMs, intervalMs: 100, what });
}

/** The lifecycle transitions of one agent, as "FROM→TO". */
export function transitions(events: AnyEvent[], agentId: string): string[] {
  return events.flatMap((event) => (event.type === 'agent.state-changed' && event.data.agentId === agentId ? [`${event.data.from ?? '∅'}→${event.data.to}`] : []));
}

export function decisionsOf(events: AnyEvent[], agentId: string) {
  return events.flatMap((event) => (event.type === 'agent.decided' && event.data.agentId === agentId ? [event.data] : []));
}

export function intentsOf(events: AnyEvent[], agentId: string) {
  return events.flatMap((event) => (event.type === 'intent.created' && event.data.agentId === agentId ? [event.data] : []));
}

export function lastStateOf(events: AnyEvent[], agentId: string): string | null {
  const states = transitions(events, agentId);
  return states.length > 0 ? (states[states.length - 1] as string).split('→')[1] as string : null;
}
