/**
 * The whole market-data path in one process, for integration and e2e tests: the exchange
 * simulator, a real NATS (the test namespace), ingest's environment pipeline with keys from a
 * private secrets folder, and the cache writing its KV bucket. Plans are published the way
 * discovery publishes them. Not part of the service bundle.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Bus, connectBus } from '@polly/bus';
import { CacheEnvironment, cacheMetrics, marketDataDurable, marketStateKey } from '@polly/cache';
import { type AnyEvent, MarketState, SubscriptionPlanUpdated, createEvent, marketStateBucket } from '@polly/contracts';
import { type ExchangeSimulator, type SimulatorOptions, simulatorAdmin, startExchangeSimulator } from '@polly/exchange-sim';
import { createLogger, createMetrics, writeKeyPair } from '@polly/runtime';
import { type TestBus, createTestBus, eventually, testNatsUrl } from '@polly/testing';
import { IngestEnvironment, type IngestEnvironmentOptions } from '../environment';
import { ingestMetrics } from '../metrics';

export interface DataPathOptions {
  simulator?: SimulatorOptions;
  /** Start the cache as well (default true). */
  cache?: boolean;
  ingest?: Partial<Pick<IngestEnvironmentOptions, 'queueCapacity' | 'publishConcurrency' | 'batchSize' | 'subscriptionBatch' | 'stream'>>;
}

export type ExchangeBook = { yes_dollars: Array<[string, string]>; no_dollars: Array<[string, string]> };

/** The simulator with one registered account, and its key pair in a private secrets folder. */
export async function simulatorWithKeys(options: SimulatorOptions = {}, writeKeys = true) {
  const simulator: ExchangeSimulator = await startExchangeSimulator({ port: 0, seed: 11, markets: 400, traders: false, ...options });
  const secretsDir = mkdtempSync(path.join(os.tmpdir(), 'polly-secrets-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = { keyId: randomUUID(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  simulator.registerKey(keys.keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const connectKeys = () => writeKeyPair(secretsDir, 'demo', { ...keys, connectedAt: new Date().toISOString() });
  if (writeKeys) connectKeys();
  const admin = simulatorAdmin(simulator.adminUrl);
  return {
    simulator,
    secretsDir,
    keys,
    connectKeys,
    admin,
    /** Active Bitcoin markets (the background traders' focus), in listing order. */
    bitcoinMarkets(count: number): string[] {
      return simulator.exchange.universe.listed
        .filter((market) => market.status === 'active' && ['KXBTC15M', 'KXBTCD', 'KXBTC'].includes(market.seriesTicker))
        .slice(0, count)
        .map((market) => market.ticker);
    },
    async exchangeBook(ticker: string): Promise<ExchangeBook> {
      const answer = (await admin('GET', `/books/${encodeURIComponent(ticker)}`)) as { orderbook_fp: Partial<Record<keyof ExchangeBook, Array<[string, string]> | null>> };
      return { yes_dollars: answer.orderbook_fp.yes_dollars ?? [], no_dollars: answer.orderbook_fp.no_dollars ?? [] };
    },
    async stop(): Promise<void> {
      await simulator.stop();
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}

/** Publish plan updates the way discovery does (revisions increase). */
export function planPublisher(bus: Bus) {
  let revision = 0;
  return async (change: { add?: string[]; remove?: string[]; watchlist?: string[] }): Promise<void> => {
    revision += 1;
    const data = { revision, add: change.add ?? [], remove: change.remove ?? [], watchlist: change.watchlist ?? [], reason: 'test' };
    await bus.publish(createEvent(SubscriptionPlanUpdated, 'demo', data, { source: 'discovery' }));
  };
}

/** Every event of a stream stored so far, with its stream sequence. */
export async function storedEvents(bus: Bus, stream: 'MARKET_DATA' | 'SYSTEM' | 'TRADING'): Promise<Array<{ event: AnyEvent; streamSequence: number }>> {
  const events: Array<{ event: AnyEvent; streamSequence: number }> = [];
  if ((await bus.lastSequence(stream)) === 0) return events;
  for await (const item of bus.read({ stream })) if (item.valid) events.push({ event: item.event as AnyEvent, streamSequence: item.streamSequence });
  return events;
}

export async function startDataPath(options: DataPathOptions = {}) {
  const level = process.env.POLLY_TEST_LOG_LEVEL ?? 'error';
  const exchange = await simulatorWithKeys(options.simulator);
  const bus: TestBus = await createTestBus();
  const ingestRegistry = createMetrics('ingest');
  const ingest = new IngestEnvironment({
    environment: 'demo',
    bus,
    websocketUrl: exchange.simulator.wsUrl,
    secretsDir: exchange.secretsDir,
    logger: createLogger({ service: 'ingest', level }),
    metrics: ingestMetrics(ingestRegistry),
    queueCapacity: 20_000,
    publishConcurrency: 256,
    subscriptionBatch: 1000,
    indexIds: ['BRTI'],
    ...options.ingest,
  });

  let cacheBus: Bus | null = null;
  let cache: CacheEnvironment | null = null;
  const cacheAbort = new AbortController();
  if (options.cache ?? true) {
    cacheBus = await connectBus({ servers: testNatsUrl(), name: 'cache-test', namespace: bus.namespace });
    cache = new CacheEnvironment({
      environment: 'demo',
      bus: cacheBus,
      logger: createLogger({ service: 'cache', level }),
      metrics: cacheMetrics(createMetrics('cache')),
      batchSize: 1000,
      writeConcurrency: 1000,
      // Few unpacked books, so that books are packed and unpacked all the time in these tests.
      activeBooks: 4,
    });
    await cache.start(cacheAbort.signal);
  }
  await ingest.start();
  const kv = await bus.bucketKeyValue(marketStateBucket('demo'));

  const harness = {
    ...exchange,
    bus,
    ingest,
    cache,
    ingestMetrics: ingestRegistry,
    publishPlan: planPublisher(bus),
    stored: (stream: 'MARKET_DATA' | 'SYSTEM' | 'TRADING') => storedEvents(bus, stream),

    async cachedState(ticker: string): Promise<MarketState | undefined> {
      const entry = await kv.get(marketStateKey(ticker) as string);
      return entry && entry.length > 0 ? MarketState.parse(entry.json()) : undefined;
    },

    /**
     * Wait until no book event was stored for `forMs` (the index ticks every second regardless)
     * and ingest and the cache have published, folded and written everything.
     */
    async quiet(forMs = 750, timeoutMs = 30_000): Promise<void> {
      let last = -1;
      let since = Date.now();
      const bookEvents = async () => {
        const info = await bus.manager.streams.info(bus.stream('MARKET_DATA'), { subjects_filter: bus.subject('md.demo.book.>') });
        return Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0);
      };
      await eventually(
        async () => {
          const current = await bookEvents();
          if (current !== last) {
            last = current;
            since = Date.now();
            return false;
          }
          return Date.now() - since >= forMs;
        },
        { timeoutMs, intervalMs: 100, what: 'the data path to go quiet' },
      );
      await ingest.drained();
      if (cache) {
        // Under load the cache can trail the stream by seconds: wait until its consumer has been
        // handed every book event and has acknowledged them all (it acknowledges only what is written).
        await eventually(
          async () => {
            const info = await bus.manager.consumers.info(bus.stream('MARKET_DATA'), marketDataDurable('demo'));
            return info.num_pending === 0 && info.num_ack_pending === 0;
          },
          { timeoutMs, intervalMs: 100, what: 'the cache to fold and write every market data event' },
        );
        await cache.written();
      }
    },

    /** Markets whose cached book differs from the exchange's (or is stale or missing). */
    async mismatchedBooks(tickers: readonly string[]): Promise<Array<{ ticker: string; cached: unknown; exchange: ExchangeBook }>> {
      const mismatched = [];
      for (const ticker of tickers) {
        const [state, book] = [await harness.cachedState(ticker), await exchange.exchangeBook(ticker)];
        const cached = state ? { yes_dollars: state.book.yes, no_dollars: state.book.no } : undefined;
        if (!state || state.stale || JSON.stringify(cached) !== JSON.stringify(book)) mismatched.push({ ticker, cached: state ? { ...cached, stale: state.stale } : null, exchange: book });
      }
      return mismatched;
    },

    async stop(): Promise<void> {
      await ingest.stop();
      cacheAbort.abort();
      await cache?.stop();
      await cacheBus?.close();
      await exchange.stop();
      await bus.dispose();
    },
  };
  return harness;
}

export type DataPath = Awaited<ReturnType<typeof startDataPath>>;
