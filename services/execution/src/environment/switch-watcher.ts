/**
 * Keeps the kill switch of one environment current.
 *
 * - At start: the last `trading.enable`, `trading.disable` and `trading.halted` stored on CONTROL
 *   (the newest of the three decides), else the environment's default.
 * - Then an ordered consumer delivers every later one, in stream order.
 * - Stopping must never wait for a consumer: a plain NATS subscription on `trading.disable` and
 *   `trading.halted` applies them the moment they are published. An `enable` delivered by the
 *   consumer while such a stop has not come through the consumer yet is older than the stop
 *   (the stream is ordered), so it is skipped.
 */
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/transport-node';
import { type Bus, decodeMessage } from '@polly/bus';
import { type AnyEvent, type Environment, parseEvent } from '@polly/contracts';
import type { Logger } from '@polly/runtime';
import { type SwitchEvent, type SwitchEventType, type TradingSwitch, evolveSwitch, initialSwitch } from '../domain/trading-switch';

const SWITCH_TYPES: readonly SwitchEventType[] = ['trading.enable', 'trading.disable', 'trading.halted'];

function switchEventOf(event: AnyEvent): SwitchEvent | null {
  switch (event.type) {
    case 'trading.enable':
      return { id: event.id, type: event.type, occurredAt: event.occurredAt, reason: `enabled by ${event.data.requestedBy}` };
    case 'trading.disable':
      return { id: event.id, type: event.type, occurredAt: event.occurredAt, reason: event.data.reason || `disabled by ${event.data.requestedBy}` };
    case 'trading.halted':
      return { id: event.id, type: event.type, occurredAt: event.occurredAt, reason: `${event.data.code}: ${event.data.message} (${event.data.service})` };
    default:
      return null;
  }
}

export class SwitchWatcher {
  private current: TradingSwitch;
  private readonly earlyStops = new Set<string>();
  /** Ids already applied (a republished stop reaches plain subscribers again, never the consumer). */
  private readonly applied = new Set<string>();
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly environment: Environment,
    enabledByDefault: boolean,
    private readonly onChange: (state: TradingSwitch) => void,
    private readonly logger: Logger,
  ) {
    this.current = initialSwitch(enabledByDefault);
  }

  get state(): TradingSwitch {
    return this.current;
  }

  private subject(type: SwitchEventType): string {
    return `control.${this.environment}.${type}`;
  }

  private apply(event: SwitchEvent): void {
    this.applied.add(event.id);
    if (this.applied.size > 1000) this.applied.delete(this.applied.values().next().value as string);
    const before = this.current.enabled;
    this.current = evolveSwitch(this.current, event);
    if (before !== this.current.enabled || event.type !== 'trading.enable') this.onChange(this.current);
  }

  /** Apply a stop this service decided itself (a 401), before the bus echoes it back. */
  applyLocal(event: SwitchEvent): void {
    this.earlyStops.add(event.id);
    this.apply(event);
  }

  async start(signal: AbortSignal): Promise<void> {
    const stream = this.bus.stream('CONTROL');
    let newest: { sequence: number; event: SwitchEvent } | null = null;
    for (const type of SWITCH_TYPES) {
      try {
        const stored = await this.bus.manager.streams.getMessage(stream, { last_by_subj: this.bus.subject(this.subject(type)) });
        const parsed = stored ? parseEvent(stored.json()) : null;
        const event = parsed?.ok ? switchEventOf(parsed.event) : null;
        if (stored && event && (newest === null || stored.seq > newest.sequence)) newest = { sequence: stored.seq, event };
      } catch (error) {
        if (!/no message found|not found/i.test(String(error))) throw error;
      }
    }
    if (newest) this.apply(newest.event);
    this.subscribeFastPath();
    void this.follow((newest?.sequence ?? 0) + 1, signal).catch((error: unknown) => {
      if (!signal.aborted) this.logger.error({ error: String(error) }, 'kill switch consumer stopped');
    });
    signal.addEventListener('abort', () => this.stop(), { once: true });
  }

  private subscribeFastPath(): void {
    for (const type of ['trading.disable', 'trading.halted'] as const) {
      const subscription = this.bus.connection.subscribe(this.bus.subject(this.subject(type)), {
        callback: (error, message) => {
          if (error) return;
          try {
            const parsed = parseEvent(message.json());
            const event = parsed.ok ? switchEventOf(parsed.event) : null;
            if (event && !this.applied.has(event.id)) {
              this.earlyStops.add(event.id);
              this.apply(event);
            }
          } catch {
            // Not JSON: the consumer dead-letters nothing here; the stored copy is read by `follow`.
          }
        },
      });
      this.subscriptions.push(subscription);
    }
  }

  private async follow(startSequence: number, signal: AbortSignal): Promise<void> {
    const consumer = await this.bus.jetstream.consumers.get(this.bus.stream('CONTROL'), {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: startSequence,
      filter_subjects: this.bus.subject(`control.${this.environment}.trading.>`),
    });
    const messages = await consumer.consume({ max_messages: 64 });
    const stop = () => messages.stop();
    signal.addEventListener('abort', stop, { once: true });
    for await (const message of messages as AsyncIterable<JsMsg>) {
      const decoded = decodeMessage<'CONTROL'>(this.bus, message);
      const event = decoded.ok ? switchEventOf(decoded.delivered.event as AnyEvent) : null;
      if (!event) continue;
      if (this.earlyStops.delete(event.id)) continue; // already applied when it was published
      if (event.type === 'trading.enable' && this.earlyStops.size > 0) continue; // older than a stop already applied
      this.apply(event);
    }
  }

  private stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }
}
