/**
 * One environment's data path: its own keys, its own WebSocket (`createKalshiStream`), its own
 * plan and its own bounded publish queue. Frames are normalised as they arrive and pushed to the
 * queue without waiting; a full queue pauses the socket until it drains. Nothing is dropped
 * silently: every frame is published, or counted as rejected or unpublished with its reason.
 *
 * Book trust: a sequence gap on the book channel, a lost connection, a terminal channel error or
 * an unsubscribed market publishes `book.stale` for each affected market (in stream order, before
 * the frame that revealed the gap); the client asks for fresh snapshots, and each snapshot
 * publishes `book.snapshot`, which makes that book fresh again.
 */
import { type Bus, InvalidEventError } from '@polly/bus';
import {
  BookMarkedStale,
  ConnectionChanged,
  type Environment,
  type EventData,
  ReconciliationRequested,
  STREAMS,
  definitionOf,
  toIsoTimestamp,
} from '@polly/contracts';
import { type KalshiStream, type KalshiStreamOptions, type SequenceGap, type StateChange, type StreamMessage, createKalshiStream } from '@polly/kalshi';
import type { Logger, StoredKeyPair } from '@polly/runtime';
import { BOOK_CHANNEL, BookSubscriptions, followedMarkets } from './exchange/book-subscriptions';
import { watchKeys } from './exchange/keys';
import { type IngestMetrics, counterChildren } from './metrics';
import { marketDataCoalescing, reportCount } from './pipeline/market-data-batches';
import { eventId } from './pipeline/event-ids';
import { type PublishableEvent, envelope, normalize } from './pipeline/normalize';
import { PublishQueue } from './pipeline/publish-queue';
import { followPlan } from './plan/plan-follower';
import { SubscriptionPlan } from './plan/plan';

export interface IngestEnvironmentOptions {
  environment: Environment;
  bus: Bus;
  websocketUrl: string;
  secretsDir: string;
  logger: Logger;
  metrics: IngestMetrics;
  queueCapacity: number;
  publishConcurrency: number;
  /** Most deltas (ticker reports) of one market joined into one `book.deltas` (`ticker.updates`) while they wait (1: never; default 250). */
  batchSize?: number;
  subscriptionBatch: number;
  indexIds: readonly string[];
  /** Extra stream settings (heartbeat, reconnect back-off, command timeout). */
  stream?: Partial<KalshiStreamOptions>;
}

type StaleReason = EventData<typeof BookMarkedStale>['reason'];

/** Channels followed for every market, next to the book channel that follows the plan. */
const UNFILTERED_CHANNELS = ['ticker', 'trade', 'market_lifecycle_v2', 'fill', 'user_orders', 'market_positions'] as const;

export class IngestEnvironment {
  readonly plan = new SubscriptionPlan();
  readonly queue: PublishQueue<PublishableEvent>;
  private stream: KalshiStream | null = null;
  private books: BookSubscriptions | null = null;
  private keys: StoredKeyPair | undefined;
  private frameNumber = 0;
  private frameConnection: string | null = null;
  /** True while the books follow a live connection (so a drop marks them stale once). */
  private booksLive = false;
  private everConnected = false;
  private connectionState = 'idle';
  private readonly abort = new AbortController();
  private keyChanges: Promise<void> = Promise.resolve();
  /** Queue gauges also move while nothing is published (a paused socket, a stalled bus). */
  private readonly refreshGauges = setInterval(() => this.updateQueueGauges(), 1000);
  private readonly labels: { environment: Environment };
  private readonly framesOf: ReturnType<typeof counterChildren>;
  private readonly publishedOf: ReturnType<typeof counterChildren>;

  constructor(private readonly options: IngestEnvironmentOptions) {
    this.labels = { environment: options.environment };
    const { metrics } = options;
    this.framesOf = counterChildren(metrics.frames);
    this.publishedOf = counterChildren(metrics.published);
    this.queue = new PublishQueue<PublishableEvent>({
      capacity: options.queueCapacity,
      concurrency: options.publishConcurrency,
      publish: (event) => this.publish(event),
      isPermanent: (error) => error instanceof InvalidEventError,
      coalescing: marketDataCoalescing(options.batchSize ?? 250),
      onPause: () => {
        this.stream?.pause();
        metrics.backpressurePauses.inc(this.labels);
        metrics.backpressureActive.set(this.labels, 1);
        options.logger.warn({ environment: options.environment, depth: this.queue.depth }, 'publish queue full: pausing the WebSocket');
      },
      onResume: () => {
        this.stream?.resume();
        metrics.backpressureActive.set(this.labels, 0);
        this.updateQueueGauges();
      },
      onRejected: (event, error) => {
        metrics.rejectedFrames.inc({ ...this.labels, reason: 'invalid-event' });
        options.logger.warn({ environment: options.environment, type: event.type, id: event.id, error: String(error) }, 'an event failed validation and was not published');
      },
      onRetry: (event, error, attempt, delayMs) => this.onPublishRetry(event, error, attempt, delayMs),
    });
  }

  get environment(): Environment {
    return this.options.environment;
  }

  /** The current stream (null without keys). */
  get currentStream(): KalshiStream | null {
    return this.stream;
  }

  /** The status with every key prefixed by the environment, for the service heartbeat. */
  heartbeatDetails(): Record<string, string | number | boolean | null> {
    return Object.fromEntries(Object.entries(this.status()).map(([key, value]) => [`${this.environment}.${key}`, value]));
  }

  status(): Record<string, string | number | boolean | null> {
    const queue = this.queue.stats();
    return {
      connection: this.connectionState,
      keys: this.keys !== undefined,
      planMarkets: this.plan.markets.size,
      planRevision: this.plan.revision,
      followedMarkets: this.stream ? followedMarkets(this.stream).size : 0,
      queueDepth: queue.depth,
      backpressure: queue.paused,
    };
  }

  /** Ready: following a connection, or rightly idle because no keys are connected. */
  get ready(): boolean {
    return this.keys === undefined || (this.stream?.isReady ?? false);
  }

  /** Fold the plan history, then connect if keys are there. */
  async start(): Promise<void> {
    const { bus, environment, logger } = this.options;
    const { historyUpdates, following } = await followPlan({
      bus,
      environment,
      signal: this.abort.signal,
      onUpdate: (update) => this.onPlanUpdate(update),
    });
    following.catch((error: unknown) => {
      if (!this.abort.signal.aborted) logger.error({ environment, error: String(error) }, 'following the subscription plan stopped');
    });
    logger.info({ environment, planUpdates: historyUpdates, markets: this.plan.markets.size, revision: this.plan.revision }, 'subscription plan folded');
    const keys = watchKeys(bus, environment, this.options.secretsDir, ({ keys: changed, reason }) => void this.useKeys(changed, reason), this.abort.signal);
    await this.useKeys(keys, 'start');
    this.refreshGauges.unref();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    clearInterval(this.refreshGauges);
    await this.keyChanges;
    await this.closeStream('stopping');
    this.queue.close();
    await this.queue.idle();
  }

  /** Wait until everything queued so far is published (tests and benchmarks). */
  drained(): Promise<void> {
    return this.queue.idle();
  }

  // ---- keys and the stream ----

  /** Key changes apply one after another, in the order they were announced. */
  private useKeys(keys: StoredKeyPair | undefined, reason: string): Promise<void> {
    this.keyChanges = this.keyChanges.then(() => this.applyKeys(keys, reason)).catch((error: unknown) => {
      this.options.logger.error({ environment: this.environment, error: String(error) }, 'applying a key change failed');
    });
    return this.keyChanges;
  }

  private async applyKeys(keys: StoredKeyPair | undefined, reason: string): Promise<void> {
    const same = keys?.keyId === this.keys?.keyId && keys?.privateKeyPem === this.keys?.privateKeyPem;
    if (same && (this.stream !== null || keys === undefined)) return;
    await this.closeStream(reason);
    this.keys = keys;
    if (!keys || this.abort.signal.aborted) {
      this.options.logger.info({ environment: this.environment, reason }, 'no keys for this environment: the WebSocket stays closed');
      return;
    }
    this.openStream(keys);
  }

  private openStream(keys: StoredKeyPair): void {
    const { environment, logger } = this.options;
    const stream = createKalshiStream({
      environment,
      url: this.options.websocketUrl,
      keyId: keys.keyId,
      privateKeyPem: keys.privateKeyPem,
      ...this.options.stream,
    });
    this.stream = stream;
    if (this.queue.stats().paused) stream.pause();
    this.books = new BookSubscriptions({
      stream,
      wanted: () => this.plan.markets,
      first: () => this.plan.watchlist,
      batchSize: this.options.subscriptionBatch,
      logger: logger.child({ environment }),
      onRemoved: (tickers) => this.markStale(tickers, 'unsubscribed', { connectionId: stream.connectionId ?? 'none', sid: null }),
      onCommand: (action, ok) => this.options.metrics.subscriptionCommands.inc({ ...this.labels, action, outcome: ok ? 'ok' : 'failed' }),
    });
    stream.events.on('message', (message) => this.onMessage(stream, message));
    stream.events.on('rejected', (rejection) => this.options.metrics.rejectedFrames.inc({ ...this.labels, reason: rejection.reason }));
    stream.events.on('control', (frame) => this.options.metrics.frames.inc({ ...this.labels, type: frame.type }));
    stream.events.on('gap', (gap) => this.onGap(gap));
    stream.events.on('state', (change) => this.onState(stream, change));
    stream.events.on('restored', (restored) => this.onRestored(stream, restored.connectionId));
    stream.events.on('channel-error', (failure) => {
      this.options.metrics.channelErrors.inc({ ...this.labels, code: String(failure.code) });
      logger.warn({ environment, ...failure }, 'channel error');
      if (failure.resubscribing && failure.channel === BOOK_CHANNEL) {
        this.markStale([...followedMarkets(stream)], 'channel-error', { connectionId: stream.connectionId ?? 'none', sid: failure.sid });
      }
    });
    stream.events.on('unauthorized', ({ message }) => logger.error({ environment, message }, 'the exchange refused the key (401); check the connected key'));
    // Recorded before connecting, so the first connection subscribes to all of them at once.
    for (const channel of UNFILTERED_CHANNELS) void stream.subscribe(channel);
    if (this.options.indexIds.length > 0) void stream.subscribe('cfbenchmarks_value', { params: { index_ids: [...this.options.indexIds] } });
    void stream.connect();
    logger.info({ environment, url: this.options.websocketUrl }, 'connecting the WebSocket');
  }

  private async closeStream(reason: string): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    this.books = null;
    await stream.close();
    stream.events.removeAllListeners();
    this.options.logger.info({ environment: this.environment, reason }, 'WebSocket closed');
  }

  // ---- plan ----

  private onPlanUpdate(update: Parameters<SubscriptionPlan['apply']>[0]): void {
    const { added, removed } = this.plan.apply(update);
    this.options.logger.info({ environment: this.environment, revision: update.revision, added: added.length, removed: removed.length, markets: this.plan.markets.size }, 'subscription plan updated');
    this.options.metrics.planMarkets.set(this.labels, this.plan.markets.size);
    this.options.metrics.planRevision.set(this.labels, this.plan.revision);
    void this.syncBooks();
  }

  private async syncBooks(): Promise<void> {
    const books = this.books;
    const stream = this.stream;
    if (!books || !stream) return;
    await books.sync();
    this.options.metrics.followedMarkets.set(this.labels, followedMarkets(stream).size);
  }

  // ---- frames ----

  private onMessage(stream: KalshiStream, message: StreamMessage): void {
    const { metrics, environment, logger } = this.options;
    this.framesOf({ environment, type: message.type }).inc();
    const connectionId = stream.connectionId ?? 'none';
    if (connectionId !== this.frameConnection) {
      this.frameConnection = connectionId;
      this.frameNumber = 0;
    }
    this.frameNumber += 1;
    let normalized: ReturnType<typeof normalize>;
    try {
      normalized = normalize(message, { environment, connectionId, frameNumber: this.frameNumber, receivedAt: new Date().toISOString() });
    } catch (error) {
      metrics.rejectedFrames.inc({ ...this.labels, reason: 'normalize-failed' });
      logger.warn({ environment, type: message.type, error: String(error) }, 'a frame could not be normalised');
      return;
    }
    if (normalized.kind === 'ignored') metrics.unpublished.inc({ ...this.labels, type: normalized.type });
    else this.queue.push(normalized.event);
  }

  private onGap(gap: SequenceGap): void {
    this.options.metrics.gaps.inc({ ...this.labels, channel: gap.channel ?? 'unknown' });
    this.options.logger.warn({ environment: this.environment, sid: gap.sid, channel: gap.channel, expected: gap.expectedSeq, received: gap.receivedSeq, markets: gap.marketTickers.length }, 'sequence gap');
    if (gap.channel !== BOOK_CHANNEL) return;
    this.markStale(gap.marketTickers, 'sequence-gap', { connectionId: gap.connectionId, sid: gap.sid, expectedSeq: gap.expectedSeq, receivedSeq: gap.receivedSeq });
  }

  private markStale(
    marketTickers: readonly string[],
    reason: StaleReason,
    position: { connectionId: string; sid: number | null; expectedSeq?: number; receivedSeq?: number },
  ): void {
    const { environment } = this.options;
    const occurredAt = toIsoTimestamp(new Date());
    const expectedSeq = position.expectedSeq ?? null;
    const receivedSeq = position.receivedSeq ?? null;
    // Ids differ per cause (a second gap on the same connection is a second event).
    const cause = reason === 'sequence-gap' ? `${position.sid}.${receivedSeq}` : reason === 'connection-lost' ? reason : `${reason}.${this.plan.revision}.${Date.now()}`;
    for (const marketTicker of marketTickers) {
      const data = { marketTicker, reason, connectionId: position.connectionId, sid: position.sid, expectedSeq, receivedSeq };
      this.queue.push(envelope(BookMarkedStale, environment, data, eventId(['md', environment, position.connectionId, 'stale'], [cause, marketTicker]), occurredAt));
    }
    if (marketTickers.length > 0) this.options.metrics.staleMarked.inc({ ...this.labels, reason }, marketTickers.length);
  }

  // ---- connection ----

  private onState(stream: KalshiStream, change: StateChange): void {
    const { metrics, logger, environment } = this.options;
    metrics.connectionState.set({ ...this.labels, state: this.connectionState }, 0);
    this.connectionState = change.state;
    metrics.connectionState.set({ ...this.labels, state: change.state }, 1);
    const connectionId = change.connectionId ?? 'none';
    if (change.state === 'connecting') {
      this.publishConnection(connectionId, 'connecting', change.attempt ?? 0, null, 0);
    } else if (change.state === 'reconnecting' || change.state === 'closed') {
      if (this.booksLive) {
        this.booksLive = false;
        this.markStale([...followedMarkets(stream)], 'connection-lost', { connectionId, sid: null });
      }
      this.publishConnection(connectionId, 'disconnected', change.attempt ?? 0, change.reason ?? null, 0);
      if (change.state === 'reconnecting') logger.warn({ environment, reason: change.reason, delayMs: change.delayMs }, 'WebSocket lost; reconnecting');
    }
  }

  private onRestored(stream: KalshiStream, connectionId: string): void {
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.booksLive = true;
    const subscriptions = stream.subscriptions().length + followedMarkets(stream).size;
    this.publishConnection(connectionId, 'connected', 0, null, subscriptions);
    if (reconnected) {
      this.options.metrics.reconnects.inc(this.labels);
      const data = { trigger: 'reconnect' as const, reason: `the ${this.environment} WebSocket reconnected` };
      this.queue.push(envelope(ReconciliationRequested, this.environment, data, eventId(['system', this.environment, 'reconcile'], [connectionId]), toIsoTimestamp(new Date())));
    }
    // Ready is set right after the restore; then bring the book subscription to the plan.
    void stream.connect().then(async (ready) => {
      if (ready) await this.syncBooks();
    });
  }

  private publishConnection(connectionId: string, state: 'connecting' | 'connected' | 'disconnected', attempt: number, reason: string | null, subscriptions: number): void {
    const data = { connectionId, state, attempt, reason: reason === null ? null : reason.slice(0, 500), subscriptions };
    this.queue.push(envelope(ConnectionChanged, this.environment, data, eventId(['system', this.environment, 'connection'], [connectionId, state]), toIsoTimestamp(new Date())));
  }

  // ---- publishing ----

  private async publish(event: PublishableEvent): Promise<void> {
    const result = await this.options.bus.publish(event);
    const definition = definitionOf(event.type);
    this.publishedOf({ environment: this.environment, stream: definition ? STREAMS[definition.stream].name : 'unknown', type: event.type }).inc();
    if (result.duplicate) this.options.metrics.duplicates.inc(this.labels);
    if (event.type === 'book.deltas' || event.type === 'ticker.updates') this.options.metrics.batchedReports.inc({ ...this.labels, type: event.type }, reportCount(event));
  }

  private updateQueueGauges(): void {
    const stats = this.queue.stats();
    this.options.metrics.queueDepth.set(this.labels, stats.depth);
    this.options.metrics.queueInFlight.set(this.labels, stats.inFlight);
    this.options.metrics.backpressureSeconds.set(this.labels, stats.pausedMs / 1000);
  }

  /**
   * A publish failed and is tried again; later events may now be stored before it. For a book
   * event that breaks the order the cache relies on, so the book is marked stale and a fresh
   * snapshot asked for (the cache also ignores deltas older than the snapshot it holds).
   */
  private onPublishRetry(event: PublishableEvent, error: unknown, attempt: number, delayMs: number): void {
    this.options.metrics.publishRetries.inc(this.labels);
    this.options.logger.warn({ environment: this.environment, type: event.type, id: event.id, attempt, delayMs, error: String(error) }, 'publish failed; retrying');
    if (attempt !== 1 || (event.type !== 'book.delta' && event.type !== 'book.deltas' && event.type !== 'book.snapshot')) return;
    const data = event.data as { marketTicker: string; connectionId: string; sid: number; seq: number | null };
    this.markStale([data.marketTicker], 'channel-error', { connectionId: data.connectionId, sid: data.sid });
    void this.stream?.requestSnapshot([data.marketTicker]);
  }
}
