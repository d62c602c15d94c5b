/**
 * Reading the streams without owning a durable position: ordered consumers that start at a
 * sequence, a time, or the next message and follow live until the signal aborts (the server
 * keeps nothing for them), and the last message stored on one exact subject (to learn the
 * current kill switch, keys or agent facts without folding the whole history).
 */
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { type Bus, decodeMessage } from '@polly/bus';
import { type AnyEvent, type StreamName, parseEvent } from '@polly/contracts';

export type StartAt = { sequence: number } | { time: Date } | 'new';

export interface Follow {
  stream: StreamName;
  /** Logical subject filter (one per consumer: nats-server 2.9 allows no more). */
  filter: string;
  start: StartAt;
}

function deliverOptions(start: StartAt) {
  if (start === 'new') return { deliver_policy: DeliverPolicy.New };
  if ('sequence' in start) return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, start.sequence) };
  return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: start.time.toISOString() };
}

/** Follow one subject filter until `signal` aborts; invalid messages are reported and skipped. */
export async function follow(
  bus: Bus,
  options: Follow,
  signal: AbortSignal,
  onEvent: (event: AnyEvent, sequence: number) => void,
  onInvalid: (reason: string) => void,
): Promise<void> {
  if (signal.aborted) return;
  const consumer = await bus.jetstream.consumers.get(bus.stream(options.stream), { filter_subjects: bus.subject(options.filter), ...deliverOptions(options.start) });
  const messages = await consumer.consume();
  const stop = () => messages.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of messages as AsyncIterable<JsMsg>) {
      const decoded = decodeMessage(bus, message);
      if (decoded.ok) onEvent(decoded.delivered.event as AnyEvent, decoded.delivered.streamSequence);
      else onInvalid(decoded.reason);
    }
  } finally {
    signal.removeEventListener('abort', stop);
    await consumer.delete().catch(() => undefined);
  }
}

export interface StoredEvent {
  event: AnyEvent;
  sequence: number;
}

/** The last event stored on one exact logical subject, or null. */
export async function lastEventOn(bus: Bus, stream: StreamName, subject: string): Promise<StoredEvent | null> {
  let stored;
  try {
    stored = await bus.manager.streams.getMessage(bus.stream(stream), { last_by_subj: bus.subject(subject) });
  } catch (error) {
    if (/no message found|not found/i.test(String(error))) return null;
    throw error;
  }
  if (!stored) return null;
  let raw: unknown;
  try {
    raw = stored.json();
  } catch {
    return null;
  }
  const parsed = parseEvent(raw);
  return parsed.ok ? { event: parsed.event, sequence: stored.seq } : null;
}

/** The newest of several stored events (by stream sequence), or null. */
export const newest = (...events: Array<StoredEvent | null>): StoredEvent | null =>
  events.reduce<StoredEvent | null>((best, event) => (event !== null && (best === null || event.sequence > best.sequence) ? event : best), null);
