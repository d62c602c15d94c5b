/**
 * One environment's cache: the only writer of `market-state-{environment}`. At start it reads
 * back every entry it wrote before; then a durable consumer on `md.{environment}.>` folds
 * MARKET_DATA into one entry per market, in stream order. Changed markets are written through the
 * coalescing writer (latest wins, one write in flight per market), and each write is followed at
 * once by a light notification on core NATS. Messages are acknowledged only once the writes they
 * caused are stored, so a crash loses nothing: unacknowledged events come again and the source
 * sequence in each entry skips what is already in it.
 */
import type { Bus } from '@polly/bus';
import {
  type AnyEvent,
  type Environment,
  type MarketStateNotification,
  marketStateNotificationSubject,
} from '@polly/contracts';
import type { Logger } from '@polly/runtime';
import { CoalescingWriter } from './coalescing-writer';
import { MarketDataConsumer } from './market-data-consumer';
import {
  type Cause,
  type FoldOutcome,
  type MarketEntry,
  entryFromState,
  deltasIn,
  foldEvent,
  foldListing,
  hasBook,
  isMarketEvent,
  newEntry,
  packIdleBook,
  stateOf,
} from './market-entry';
import { MarketStateStore, marketStateKey } from './market-state-store';
import type { CacheMetrics } from './metrics';

/** The cache's durable consumer of MARKET_DATA for one environment. */
export const marketDataDurable = (environment: Environment): string => `cache-${environment}`;

export interface CacheEnvironmentOptions {
  environment: Environment;
  bus: Bus;
  logger: Logger;
  metrics: CacheMetrics;
  /** Messages fetched from the broker at a time. */
  batchSize: number;
  /** Messages folded ahead of their KV writes at most (unacknowledged). */
  maxAckPending?: number;
  /** Books kept unpacked (the most recently changed); the others are packed. */
  activeBooks?: number;
  /** KV writes in flight at once. */
  writeConcurrency: number;
  now?: () => number;
}

/** When two changes share one write, the notification names the one that matters most to an agent. */
const CAUSE_PRIORITY: Record<Cause, number> = { stale: 5, book: 4, trade: 3, ticker: 2, status: 1 };

interface PendingChange {
  cause: Cause;
  /** When ingest received the first frame not yet written (ms). */
  since: number;
}

export class CacheEnvironment {
  readonly entries = new Map<string, MarketEntry>();
  private readonly changes = new Map<string, PendingChange>();
  /** Markets whose book is unpacked, least recently changed first. */
  private readonly active = new Map<string, MarketEntry>();
  private readonly writer: CoalescingWriter;
  private store: MarketStateStore | null = null;
  private readonly labels: { environment: Environment };
  private readonly now: () => number;
  private readonly encoder = new TextEncoder();
  private consuming: Promise<void> | null = null;
  private consumers: MarketDataConsumer[] = [];
  private loading = true;
  private stopped = false;

  constructor(private readonly options: CacheEnvironmentOptions) {
    this.labels = { environment: options.environment };
    this.now = options.now ?? Date.now;
    this.writer = new CoalescingWriter({
      concurrency: options.writeConcurrency,
      write: (ticker) => this.write(ticker),
      onFailure: (ticker, error, attempt) => {
        options.metrics.writeFailures.inc(this.labels);
        options.logger.warn({ environment: options.environment, ticker, attempt, error: String(error) }, 'KV write failed; retrying');
      },
    });
  }

  get environment(): Environment {
    return this.options.environment;
  }

  get ready(): boolean {
    return !this.loading && this.consuming !== null && !this.stopped;
  }

  /** The status with every key prefixed by the environment, for the service heartbeat. */
  heartbeatDetails(): Record<string, string | number | boolean | null> {
    return Object.fromEntries(Object.entries(this.status()).map(([key, value]) => [`${this.environment}.${key}`, value]));
  }

  status(): Record<string, string | number | boolean | null> {
    let books = 0;
    let stale = 0;
    for (const entry of this.entries.values()) {
      if (hasBook(entry)) books += 1;
      if (hasBook(entry) && entry.stale) stale += 1;
    }
    return { markets: this.entries.size, books, activeBooks: this.active.size, staleBooks: stale, pendingWrites: this.writer.pending };
  }

  /** Read back what was written before, then start folding MARKET_DATA (in the background). */
  async start(signal: AbortSignal): Promise<void> {
    const { bus, environment, logger, metrics } = this.options;
    this.store = await MarketStateStore.open(bus, environment);
    const started = this.now();
    for await (const stored of this.store.load((key, reason) => {
      metrics.loaded.inc({ ...this.labels, outcome: 'invalid' });
      logger.warn({ environment, key, reason }, 'skipping an unreadable cache entry');
    })) {
      this.entries.set(stored.state.marketTicker, entryFromState(stored.state, stored.sourceSequence, stored.origin));
      metrics.loaded.inc({ ...this.labels, outcome: 'loaded' });
    }
    this.loading = false;
    logger.info({ environment, markets: this.entries.size, elapsedMs: this.now() - started }, 'cache entries loaded from KV');
    this.refreshGauges();
    const common = {
      bus,
      maxAckPending: this.options.maxAckPending ?? 20_000,
      fetchSize: this.options.batchSize,
      logger,
      isWritten: (market: string, version: number) => (this.entries.get(market)?.writtenVersion ?? 0) >= version,
      onDeadLetter: (reason: string, subject: string) => {
        metrics.deadLetters.inc(this.labels);
        logger.warn({ environment, subject, reason }, 'dead-lettered a message the cache can never fold');
      },
    };
    const marketData = new MarketDataConsumer({
      ...common,
      stream: 'MARKET_DATA',
      filterSubject: `md.${environment}.>`,
      durable: marketDataDurable(environment),
      fold: (event, streamSequence) => this.fold(event, streamSequence),
    });
    const listings = new MarketDataConsumer({
      ...common,
      stream: 'MARKETS',
      filterSubject: `markets.${environment}.market.synced.>`,
      durable: `cache-${environment}-listing`,
      fold: (event) => this.foldListed(event),
    });
    this.consumers = [marketData, listings];
    const run = (consumer: MarketDataConsumer, stream: string) =>
      consumer.run(signal).catch((error: unknown) => {
        if (!signal.aborted) logger.error({ environment, stream, error: String(error) }, 'a consumer of the cache stopped');
      });
    this.consuming = Promise.all([run(marketData, 'MARKET_DATA'), run(listings, 'MARKETS')]).then(() => {
      this.stopped = true;
    });
  }

  async stop(): Promise<void> {
    await this.consuming;
    await this.writer.idle();
    for (const consumer of this.consumers) {
      consumer.acknowledge();
      consumer.close();
    }
  }

  /** Resolves once every change folded so far is written (tests and benchmarks). */
  written(): Promise<void> {
    return this.writer.idle();
  }

  refreshGauges(): void {
    const status = this.status();
    const { metrics } = this.options;
    metrics.markets.set(this.labels, status.markets as number);
    metrics.books.set(this.labels, status.books as number);
    metrics.staleBooks.set(this.labels, status.staleBooks as number);
    metrics.pendingWrites.set(this.labels, this.writer.pending);
    metrics.unacknowledged.set(this.labels, this.consumers.reduce((sum, consumer) => sum + consumer.unacknowledged, 0));
    metrics.coalesced.set(this.labels, this.writer.stats().coalesced);
  }

  /** Fold one MARKET_DATA event; the market and version to write, or null when nothing changed. */
  private fold(event: AnyEvent, streamSequence: number): { market: string; version: number } | null {
    if (!isMarketEvent(event)) {
      this.options.metrics.folded.inc({ ...this.labels, type: event.type, outcome: 'not-a-market' });
      return null;
    }
    const entry = this.entryOf(event.data.marketTicker);
    const receivedAt = 'receivedAt' in event.data ? event.data.receivedAt : (event as AnyEvent).occurredAt;
    const outcome = foldEvent(entry, event, streamSequence);
    const deltas = deltasIn(event);
    if (deltas > 0) this.options.metrics.deltasFolded.inc(this.labels, deltas);
    if (entry.book !== null) this.keepActive(entry);
    return this.changed(entry, event.type, outcome, receivedAt);
  }

  /** This market's book was just used: keep it unpacked, and pack the one idle longest beyond the limit. */
  private keepActive(entry: MarketEntry): void {
    this.active.delete(entry.marketTicker);
    this.active.set(entry.marketTicker, entry);
    if (this.active.size <= (this.options.activeBooks ?? 5000)) return;
    const [ticker, idle] = this.active.entries().next().value as [string, MarketEntry];
    this.active.delete(ticker);
    packIdleBook(idle);
  }

  /** Fold one MARKETS listing event (status and tickers). */
  private foldListed(event: AnyEvent): { market: string; version: number } | null {
    if (event.type !== 'market.synced') return null;
    const entry = this.entryOf(event.data.marketTicker);
    return this.changed(entry, event.type, foldListing(entry, event.data), event.occurredAt);
  }

  private entryOf(ticker: string): MarketEntry {
    let entry = this.entries.get(ticker);
    if (!entry) {
      entry = newEntry(ticker);
      this.entries.set(ticker, entry);
    }
    return entry;
  }

  /** Count the outcome; for a change, schedule the write and say which version it must reach. */
  private changed(entry: MarketEntry, type: string, outcome: FoldOutcome, receivedAt: string): { market: string; version: number } | null {
    this.options.metrics.folded.inc({ ...this.labels, type, outcome: outcome.changed ?? outcome.reason });
    if (outcome.changed === null) return null;
    entry.version += 1;
    this.recordChange(entry.marketTicker, outcome.changed, Date.parse(receivedAt));
    this.writer.mark(entry.marketTicker);
    return { market: entry.marketTicker, version: entry.version };
  }

  private recordChange(ticker: string, cause: Cause, since: number): void {
    const pending = this.changes.get(ticker);
    if (!pending) this.changes.set(ticker, { cause, since });
    else if (CAUSE_PRIORITY[cause] > CAUSE_PRIORITY[pending.cause]) pending.cause = cause;
  }

  /** Write the latest state of one market, then notify. */
  private async write(ticker: string): Promise<void> {
    const entry = this.entries.get(ticker);
    const store = this.store;
    if (!entry || !store) return;
    const change = this.changes.get(ticker);
    this.changes.delete(ticker);
    const version = entry.version;
    entry.revision += 1;
    const state = stateOf(entry, new Date(this.now()).toISOString());
    const key = marketStateKey(ticker);
    const { metrics, bus } = this.options;
    try {
      if (key === undefined) metrics.unkeyable.inc(this.labels);
      else await store.write(key, state, entry.sourceSequence, entry.origin ? { ...entry.origin } : null);
    } catch (error) {
      // Retried by the writer; the change is still to be announced.
      if (change) this.recordChange(ticker, change.cause, change.since);
      throw error;
    }
    entry.writtenVersion = Math.max(entry.writtenVersion, version);
    for (const consumer of this.consumers) consumer.requestAcknowledge();
    metrics.writes.inc(this.labels);
    const cause = change?.cause ?? 'book';
    const notification: MarketStateNotification = {
      marketTicker: ticker,
      revision: state.revision,
      stale: state.stale,
      cause,
      yesBid: state.yesBid,
      yesAsk: state.yesAsk,
      lastPrice: state.lastPrice,
      updatedAt: state.updatedAt,
    };
    bus.connection.publish(bus.subject(marketStateNotificationSubject(this.environment, ticker)), this.encoder.encode(JSON.stringify(notification)));
    metrics.notifications.inc({ ...this.labels, cause });
    if (change && Number.isFinite(change.since)) metrics.notificationDelay.observe(this.labels, Math.max(0, this.now() - change.since) / 1000);
  }
}
