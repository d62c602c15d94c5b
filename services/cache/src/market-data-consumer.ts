/**
 * A durable consumer of the cache: on MARKET_DATA (`md.{environment}.>`, the books, tickers, trades
 * and lifecycle) and on MARKETS (`markets.{environment}.market.synced.>`, discovery's listing: status
 * and tickers of every market). Messages are folded one by one as they
 * arrive, without waiting for the KV writes they cause, so a burst on one market folds into few
 * writes. They are acknowledged only once durable (see AckFrontier), with an ack-all consumer so
 * one acknowledgement covers every earlier message: nothing is lost in a crash, and the broker is
 * not asked to track an acknowledgement per message. Messages that can never be folded are
 * dead-lettered with the reason and terminated.
 */
import { AckPolicy, type Consumer, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { type Bus, deadLetter, decodeMessage } from '@polly/bus';
import type { AnyEvent } from '@polly/contracts';
import type { Logger } from '@polly/runtime';
import { AckFrontier } from './ack-frontier';

export interface MarketDataConsumerOptions {
  bus: Bus;
  stream: 'MARKET_DATA' | 'MARKETS';
  /** Logical subject filter, e.g. `md.demo.>`. */
  filterSubject: string;
  durable: string;
  /** Unacknowledged messages the broker may hand out before it waits (the fold's lead over the writes). */
  maxAckPending: number;
  fetchSize: number;
  logger: Logger;
  /** Fold one event; the market and version it needs written, or null when nothing changed. */
  fold(event: AnyEvent, streamSequence: number): { market: string; version: number } | null;
  isWritten(market: string, version: number): boolean;
  onDeadLetter(reason: string, subject: string): void;
}

const ACKNOWLEDGE_EVERY = 500;
const ACKNOWLEDGE_DELAY_MS = 10;
/** Every this many messages one is kept to be acknowledged (it acknowledges all before it). */
const KEEP_EVERY = 64;

export class MarketDataConsumer {
  /**
   * Thousands of messages wait here for their writes; holding every one (with its payload) that
   * long would move them all to the old generation of the heap. Since one acknowledgement covers
   * every earlier message, only every KEEP_EVERY-th message, and the last one before a pause in
   * delivery, is kept to be acknowledged; the others are just counted.
   */
  private readonly frontier = new AckFrontier<JsMsg | null>();
  private acknowledgeTimer: NodeJS.Timeout | null = null;
  private folded = 0;

  constructor(private readonly options: MarketDataConsumerOptions) {}

  /** Messages folded but not yet acknowledged. */
  get unacknowledged(): number {
    return this.frontier.size;
  }

  /** Consume until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const consumer = await this.durableConsumer();
    while (!signal.aborted) {
      const messages = await consumer.consume({ max_messages: this.options.fetchSize, expires: 5000 });
      const stop = () => messages.stop();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const message of messages as AsyncIterable<JsMsg>) {
          await this.handle(message);
          this.folded += 1;
          if (this.folded % ACKNOWLEDGE_EVERY === 0 || message.info.pending === 0) this.acknowledge();
        }
      } finally {
        signal.removeEventListener('abort', stop);
      }
    }
  }

  /** Acknowledge soon (writes complete in bursts; one acknowledgement serves them all). */
  requestAcknowledge(): void {
    this.acknowledgeTimer ??= setTimeout(() => {
      this.acknowledgeTimer = null;
      this.acknowledge();
    }, ACKNOWLEDGE_DELAY_MS);
  }

  /** Acknowledge the durable prefix now. */
  acknowledge(): void {
    const newest = this.frontier.advance((market, version) => this.options.isWritten(market, version));
    newest?.ack();
  }

  close(): void {
    if (this.acknowledgeTimer) clearTimeout(this.acknowledgeTimer);
    this.acknowledgeTimer = null;
  }

  private async handle(message: JsMsg): Promise<void> {
    const { bus, durable } = this.options;
    const decoded = decodeMessage(bus, message);
    let reason = decoded.ok ? null : decoded.reason;
    let change: { market: string; version: number } | null = null;
    if (decoded.ok) {
      try {
        change = this.options.fold(decoded.delivered.event as AnyEvent, decoded.delivered.streamSequence);
      } catch (error) {
        // Folding is deterministic: an event that throws once throws every time.
        reason = `could not be folded: ${String(error)}`;
      }
    }
    if (reason !== null) {
      await deadLetter(bus, durable, message, reason);
      this.options.onDeadLetter(reason, bus.logicalSubject(message.subject));
      message.term(reason.slice(0, 200));
    }
    const keep = message.info.pending === 0 || this.folded % KEEP_EVERY === 0;
    this.frontier.push(keep ? message : null, change?.market ?? null, change?.version ?? 0);
  }

  /** The ack-all durable consumer, created on first use (a consumer of another ack policy is replaced). */
  private async durableConsumer(): Promise<Consumer> {
    const { bus, durable, logger } = this.options;
    const stream = bus.stream(this.options.stream);
    const existing = await bus.manager.consumers.info(stream, durable).catch((error: unknown) => {
      if (/consumer not found/i.test(String(error))) return null;
      throw error;
    });
    if (existing && existing.config.ack_policy !== AckPolicy.All) {
      logger.warn({ stream, durable }, 'replacing a consumer with another acknowledgement policy (the stream is folded again; entries skip what they hold)');
      await bus.manager.consumers.delete(stream, durable);
    }
    if (!existing || existing.config.ack_policy !== AckPolicy.All) {
      await bus.manager.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.All,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(60_000),
        max_ack_pending: this.options.maxAckPending,
        filter_subject: bus.subject(this.options.filterSubject),
      });
    }
    return bus.jetstream.consumers.get(stream, durable);
  }
}
