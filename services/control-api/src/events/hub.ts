/**
 * The live feed behind `/events`: core NATS subscriptions on the (namespaced) stream subjects and
 * the cache notifications, translated once and broadcast to every connected client in the same
 * order, so two tabs see the same updates. No durable consumer: the feed is a view, and the
 * backend runs the same whether or not anyone watches. A client whose unsent data grows past a
 * bound is dropped rather than buffered forever (it reconnects and reloads state).
 */
import type { Subscription } from '@nats-io/transport-node';
import type { Bus } from '@polly/bus';
import { type Environment, MarketStateNotification, decodeSubjectToken, parseEvent } from '@polly/contracts';
import type { Logger, Metrics } from '@polly/runtime';
import { Throttle, type Timers, systemTimers } from './throttle';
import { type UiEvent, marketUpdate, translateEvent } from './translate';

export interface EventClient {
  /** Only this environment's events, or all when undefined. */
  readonly environment: Environment | undefined;
  readonly transport: 'websocket' | 'sse';
  send(message: UiEvent, json: string): void;
  /** Bytes accepted but not yet written to the network. */
  bufferedBytes(): number;
  close(reason: string): void;
}

export interface EventHubOptions {
  bus: Bus;
  logger: Logger;
  metrics: Metrics;
  /** Minimum time between two market_update messages of one market (default 500 ms: 2 per second). */
  marketIntervalMs?: number;
  /** A client with more unsent bytes than this is dropped (default 1 MiB). */
  maxBufferedBytes?: number;
  timers?: Timers;
}

const STREAM_SUBJECTS = ['trading.*.>', 'control.*.>', 'system.*.>'];
const CACHE_SUBJECT = 'cache.*.updated.>';
const decoder = new TextDecoder();

export class EventHub {
  private readonly clients = new Set<EventClient>();
  private readonly subscriptions: Subscription[] = [];
  private readonly throttle: Throttle<UiEvent>;
  private readonly maxBufferedBytes: number;
  private readonly sent;
  private readonly dropped;
  private readonly invalid;
  private readonly connected;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventHubOptions) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.throttle = new Throttle<UiEvent>(options.marketIntervalMs ?? 500, (_key, message) => this.broadcast(message), options.timers ?? systemTimers);
    this.sent = options.metrics.counter('events_sent_total', 'messages broadcast on /events', ['type']);
    this.dropped = options.metrics.counter('event_clients_dropped_total', 'clients dropped for falling behind', ['transport']);
    this.invalid = options.metrics.counter('events_invalid_total', 'bus messages the feed could not read', ['reason']);
    this.connected = options.metrics.gauge('event_clients', 'clients connected to /events', ['transport']);
  }

  start(): void {
    const { bus } = this.options;
    for (const subject of STREAM_SUBJECTS) {
      this.subscriptions.push(
        bus.connection.subscribe(bus.subject(subject), {
          callback: (error, message) => {
            if (!error) this.onStreamMessage(message.data);
          },
        }),
      );
    }
    this.subscriptions.push(
      bus.connection.subscribe(bus.subject(CACHE_SUBJECT), {
        callback: (error, message) => {
          if (!error) this.onCacheMessage(message.subject, message.data);
        },
      }),
    );
    this.pruneTimer = setInterval(() => this.throttle.prune(), 60_000);
    this.pruneTimer.unref();
  }

  /** Resolves once the server has registered every subscription (so nothing published after it is missed). */
  async ready(): Promise<void> {
    await this.options.bus.connection.flush();
  }

  get size(): number {
    return this.clients.size;
  }

  add(client: EventClient): () => void {
    this.clients.add(client);
    this.connected.inc({ transport: client.transport });
    return () => {
      if (this.clients.delete(client)) this.connected.dec({ transport: client.transport });
    };
  }

  private onStreamMessage(payload: Uint8Array): void {
    let raw: unknown;
    try {
      raw = JSON.parse(decoder.decode(payload));
    } catch {
      this.invalid.inc({ reason: 'json' });
      return;
    }
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      this.invalid.inc({ reason: 'schema' });
      return;
    }
    const message = translateEvent(parsed.event);
    if (message) this.broadcast(message);
  }

  private onCacheMessage(subject: string, payload: Uint8Array): void {
    // cache.{environment}.updated.{ticker}
    const tokens = this.options.bus.logicalSubject(subject).split('.');
    const environment = tokens[1];
    if (environment !== 'live' && environment !== 'demo') return void this.invalid.inc({ reason: 'subject' });
    let notification: MarketStateNotification;
    try {
      const parsed = MarketStateNotification.safeParse(JSON.parse(decoder.decode(payload)));
      if (!parsed.success) return void this.invalid.inc({ reason: 'schema' });
      notification = parsed.data;
    } catch {
      return void this.invalid.inc({ reason: 'json' });
    }
    const ticker = tokens[3] === undefined ? notification.marketTicker : decodeSubjectToken(tokens[3]);
    this.throttle.offer(`${environment}:${ticker}`, marketUpdate(environment, notification));
  }

  broadcast(message: UiEvent): void {
    const json = JSON.stringify(message);
    this.sent.inc({ type: message.type });
    for (const client of this.clients) {
      if (client.environment !== undefined && client.environment !== message.environment) continue;
      if (client.bufferedBytes() > this.maxBufferedBytes) {
        this.drop(client);
        continue;
      }
      try {
        client.send(message, json);
      } catch (error) {
        this.options.logger.warn({ transport: client.transport, error: String(error) }, 'an /events client failed; dropping it');
        this.drop(client);
      }
    }
  }

  private drop(client: EventClient): void {
    if (!this.clients.delete(client)) return;
    this.connected.dec({ transport: client.transport });
    this.dropped.inc({ transport: client.transport });
    this.options.logger.warn({ transport: client.transport, bufferedBytes: client.bufferedBytes() }, 'dropped a slow /events client');
    client.close('too slow: reconnect and reload the state');
  }

  close(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.throttle.close();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions.length = 0;
    for (const client of [...this.clients]) {
      this.clients.delete(client);
      this.connected.dec({ transport: client.transport });
      client.close('the control API is stopping');
    }
  }
}
