/**
 * Test support for execution: real NATS and Postgres (from the jest global setup), the exchange
 * simulator in-process, accounts with fresh RSA keys, the market read model and the cache's
 * market-state entries filled the way discovery and the cache fill them, the ingest service for
 * the account's private channels, a recorder of every TRADING, CONTROL and SYSTEM event, and the
 * service itself (in-process, or as the built process).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MarketStateStore } from '@polly/cache';
import { marketStateKey } from '@polly/contracts';
import {
  type AnyEvent,
  type Environment,
  type EventType,
  IntentApproved,
  type MarketState,
  type TradeIntent,
  createEvent,
  parseEvent,
} from '@polly/contracts';
import { type ExchangeSimulator, simulatorAdmin, startExchangeSimulator } from '@polly/exchange-sim';
import { type KalshiClient, type Market, createKalshiClient } from '@polly/kalshi';
import { OrderBook, deriveMarketState, seriesOfTicker } from '@polly/market';
import { type ServiceHandle, createLogger, startService, writeKeyPair } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, eventually } from '@polly/testing';
import { ingestService } from '@polly/ingest';
import { executionService } from '../service';

export interface Account {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
  client: KalshiClient;
}

export interface RecordedEvent {
  event: AnyEvent;
  receivedAt: number;
}

export interface OrderLogEntry {
  at: string;
  keyId: string | null;
  method: string;
  path: string;
  status: number;
  clientOrderId: string | null;
}

const newKeyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};

let sequence = 0;

/** An intent as an agent makes it (clientOrderId `<agent>-<base36 ms>-<6 chars>`). */
export function tradeIntent(marketTicker: string, overrides: Partial<TradeIntent> = {}): TradeIntent {
  sequence += 1;
  const suffix = `${randomUUID().replace(/-/g, '').slice(0, 6)}`;
  const now = new Date().toISOString();
  return {
    intentId: `intent-${randomUUID()}`,
    decisionId: `decision-${sequence}`,
    agentId: 'prime',
    agentName: 'Prime',
    clientOrderId: `prime-${Date.now().toString(36)}-${suffix}`,
    marketTicker,
    action: 'buy',
    side: 'yes',
    price: '0.4000',
    count: '5.00',
    timeInForce: 'good_till_canceled',
    postOnly: false,
    reduceOnly: false,
    estimatedFee: '0.0000',
    confidence: 0.6,
    reasoning: 'test intent',
    marketSnapshot: { marketTicker, yesBid: null, yesAsk: null, noBid: null, noAsk: null, lastPrice: null, volume: null, stale: false, observedAt: now },
    createdAt: now,
    ...overrides,
  };
}

export interface HarnessOptions {
  environment?: Environment;
  tier?: 'basic' | 'advanced' | 'premier' | 'paragon' | 'prime';
}

export async function startHarness(options: HarnessOptions = {}) {
  const environment = options.environment ?? 'demo';
  const bus: TestBus = await createTestBus();
  const database: TestDatabase = await createTestDatabase();
  const simulator: ExchangeSimulator = await startExchangeSimulator({ port: 0, seed: 11, markets: 300, traders: false });
  const secretsDir = mkdtempSync(path.join(tmpdir(), 'polly-execution-secrets-'));

  const account = (balance = '1000.00'): Account => {
    const keyId = randomUUID();
    const keys = newKeyPair();
    simulator.registerKey(keyId, keys.publicKeyPem, { balance, ...(options.tier ? { tier: options.tier } : {}) });
    return { keyId, ...keys, client: createKalshiClient({ environment, restBaseUrl: simulator.restUrl, keyId, privateKeyPem: keys.privateKeyPem }) };
  };
  const trader = account();
  const maker = account('100000.00');
  writeKeyPair(secretsDir, environment, { keyId: trader.keyId, privateKeyPem: trader.privateKeyPem, connectedAt: new Date().toISOString() });

  // Every TRADING and CONTROL event of this namespace, as it is published.
  const recorded: RecordedEvent[] = [];
  const decoder = new TextDecoder();
  for (const prefix of ['trading', 'control', 'system']) {
    bus.connection.subscribe(bus.subject(`${prefix}.>`), {
      callback: (error, message) => {
        if (error) return;
        const parsed = parseEvent(JSON.parse(decoder.decode(message.data)));
        if (parsed.ok) recorded.push({ event: parsed.event, receivedAt: Date.now() });
      },
    });
  }

  const stateStore = await MarketStateStore.open(bus, environment);
  let revision = 0;

  /** Discovery's view of a market (markets and series rows), from the exchange. */
  async function seedReadModel(market: Market): Promise<void> {
    const seriesTicker = seriesOfTicker(market.event_ticker) as string;
    const series = await trader.client.getSeries(seriesTicker);
    if (!series.ok) throw new Error(`series ${seriesTicker}: ${series.error.message}`);
    const now = new Date().toISOString();
    const schema = database.db.withSchema(environment);
    await schema
      .insertInto('series')
      .values({
        series_ticker: seriesTicker,
        title: series.value.series.title,
        category: series.value.series.category,
        frequency: series.value.series.frequency,
        tags: JSON.stringify(series.value.series.tags ?? []),
        fee_type: series.value.series.fee_type,
        fee_multiplier: String(series.value.series.fee_multiplier),
        volume: null,
        simulated: true,
        updated_at: now,
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    await schema
      .insertInto('markets')
      .values({
        market_ticker: market.ticker,
        event_ticker: market.event_ticker,
        series_ticker: seriesTicker,
        title: market.title ?? '',
        subtitle: market.subtitle ?? '',
        yes_sub_title: market.yes_sub_title,
        no_sub_title: market.no_sub_title,
        exchange_status: market.status,
        internal_state: 'ACTIVE',
        open_time: market.open_time,
        close_time: market.close_time,
        expected_expiration_time: null,
        strike_type: null,
        floor_strike: null,
        cap_strike: null,
        price_level_structure: market.price_level_structure,
        price_ranges: JSON.stringify(market.price_ranges),
        yes_bid: null,
        yes_ask: null,
        last_price: null,
        volume: null,
        volume_24h: null,
        open_interest: null,
        result: null,
        settlement_value: null,
        listing_index: null,
        discovered_at: now,
        last_sync_at: now,
      })
      .execute();
  }

  /** An open market on a one-cent grid that stays open for the whole test. */
  async function pickMarket(): Promise<Market> {
    const page = await trader.client.getMarketsPage({ status: 'open', limit: 1000 } as never);
    if (!page.ok) throw new Error(page.error.message);
    const market = page.value.markets.find(
      (candidate) => candidate.price_level_structure === 'linear_cent' && Date.parse(candidate.close_time) > Date.now() + 3 * 3600_000,
    );
    if (!market) throw new Error('no long-lived open market in the simulated universe');
    await seedReadModel(market);
    return market;
  }

  /** Write the cache's entry of a market: the given state, or the exchange's current book. */
  async function putMarketState(ticker: string, overrides: Partial<MarketState> = {}): Promise<MarketState> {
    const book = await trader.client.getOrderbook(ticker);
    if (!book.ok) throw new Error(book.error.message);
    const parsed = OrderBook.fromOrderbookFp(book.value.orderbook_fp, ticker);
    if (!parsed.ok) throw new Error(`book of ${ticker} is malformed`);
    revision += 1;
    const state = {
      ...deriveMarketState(parsed.book, {
        marketTicker: ticker,
        eventTicker: null,
        seriesTicker: seriesOfTicker(ticker),
        status: 'active',
        stale: false,
        staleReason: null,
        lastPrice: null,
        volume: null,
        openInterest: null,
        recentTrades: [],
        revision,
        updatedAt: new Date().toISOString(),
      }),
      ...overrides,
    };
    await stateStore.write(marketStateKey(ticker) as string, state, revision, null);
    return state;
  }

  const admin = simulatorAdmin(simulator.adminUrl);

  const serviceEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({
    POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL as string,
    POLLY_NAMESPACE: bus.namespace,
    POLLY_DATABASE_URL: database.connectionString,
    POLLY_ENVIRONMENTS: environment,
    POLLY_DEMO_REST_URL: simulator.restUrl,
    POLLY_DEMO_WS_URL: simulator.wsUrl,
    POLLY_SECRETS_DIR: secretsDir,
    POLLY_HEALTH_PORT: '0',
    POLLY_LOG_LEVEL: 'warn',
    POLLY_EXECUTION_BALANCE_INTERVAL_MS: '200',
    ...overrides,
  });

  const handles: Array<ServiceHandle<unknown>> = [];

  const harness = {
    environment,
    bus,
    database,
    simulator,
    trader,
    maker,
    secretsDir,
    recorded,
    admin,
    pickMarket,
    putMarketState,
    serviceEnv,

    async startExecution(overrides: Record<string, string> = {}) {
      const handle = await startService(executionService, { env: serviceEnv(overrides), logger: createLogger({ service: 'execution', level: 'warn' }) });
      handles.push(handle as ServiceHandle<unknown>);
      return handle;
    },

    /** The ingest service: it publishes the trader account's fill, user_orders and market_positions reports. */
    async startIngest() {
      const handle = await startService(ingestService, {
        env: { ...serviceEnv(), POLLY_INGEST_INDEX_IDS: '' },
        logger: createLogger({ service: 'ingest', level: 'warn' }),
      });
      handles.push(handle as ServiceHandle<unknown>);
      await harness.waitFor('connection.changed', (event) => event.data.state === 'connected');
      // Its channel subscriptions go out right after the connection opens.
      await new Promise((resolve) => setTimeout(resolve, 500));
      return handle;
    },

    async approve(intent: TradeIntent, eventId: string = randomUUID()) {
      const event = createEvent(IntentApproved, environment, { intent, route: 'auto' }, { source: 'gate', id: eventId });
      await bus.publish(event);
      return event;
    },

    events<T extends EventType>(type: T, where: (event: Extract<AnyEvent, { type: T }>) => boolean = () => true): Array<Extract<AnyEvent, { type: T }>> {
      return recorded.map((entry) => entry.event).filter((event): event is Extract<AnyEvent, { type: T }> => event.type === type && where(event as Extract<AnyEvent, { type: T }>));
    },

    /** Wait until an event of `type` matching `where` was published; returns the first. */
    waitFor<T extends EventType>(type: T, where: (event: Extract<AnyEvent, { type: T }>) => boolean = () => true, timeoutMs = 15_000) {
      return eventually(async () => harness.events(type, where)[0], { timeoutMs, what: `${type}` });
    },

    async orderLog(): Promise<OrderLogEntry[]> {
      return (await admin('GET', '/order-log')) as OrderLogEntry[];
    },

    async stop() {
      for (const handle of handles.splice(0)) await handle.stop('test finished');
    },

    async dispose() {
      await harness.stop();
      await simulator.stop();
      await bus.dispose();
      await database.dispose();
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
  return harness;
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A harness with an open market, in the read model and in the cache (its current book, or `state`). */
export async function startWithMarket(options: HarnessOptions & { state?: Partial<MarketState> } = {}) {
  const harness = await startHarness(options);
  const market = await harness.pickMarket();
  await harness.putMarketState(market.ticker, options.state);
  return { harness, market };
}
