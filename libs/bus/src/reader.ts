/**
 * Reading a stream from a point in its history with an ordered (ephemeral) consumer: for replay,
 * rebuilds and backtests. The read ends at the last message that was stored when it began.
 */
import { AckPolicy, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { StreamEvent, StreamName } from '@polly/contracts';
import type { BusCore } from './connection';
import { type Delivered, decodeMessage } from './consumer';

export interface ReadOptions<S extends StreamName> {
  stream: S;
  /** Logical subject filter (namespace added). */
  filterSubject?: string;
  startSequence?: number;
  startTime?: Date;
  /** Stop after this sequence (default: the last sequence when the read starts). */
  endSequence?: number;
  signal?: AbortSignal;
  batchSize?: number;
}

export type ReadItem<S extends StreamName> =
  | ({ valid: true } & Delivered<StreamEvent<S>>)
  | { valid: false; reason: string; subject: string; streamSequence: number; payload: string };

const decoder = new TextDecoder();

type DeliverFrom = { deliver_policy: DeliverPolicy; opt_start_seq?: number; opt_start_time?: string };

function deliverFrom(options: { startSequence?: number; startTime?: Date }): DeliverFrom {
  if (options.startSequence && options.startSequence > 1) return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.startSequence };
  if (options.startTime) return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: options.startTime.toISOString() };
  return { deliver_policy: DeliverPolicy.All };
}

/**
 * How many stored messages match a filter from a starting point. An ordered consumer over a
 * filter that matches nothing would wait forever, so reads ask first (a throwaway consumer's
 * info counts them; the server also removes it by itself if the delete is lost).
 */
export async function countMatching(core: BusCore, stream: StreamName, filterSubject: string | undefined, from: { startSequence?: number; startTime?: Date } = {}): Promise<number> {
  const name = core.stream(stream);
  const info = await core.manager.consumers.add(name, {
    ack_policy: AckPolicy.None,
    inactive_threshold: nanos(30_000),
    ...deliverFrom(from),
    ...(filterSubject ? { filter_subject: core.subject(filterSubject) } : {}),
  });
  await core.manager.consumers.delete(name, info.name).catch(() => undefined);
  return info.num_pending;
}

export async function* readStream<S extends StreamName>(core: BusCore, options: ReadOptions<S>): AsyncGenerator<ReadItem<S>> {
  const stream = core.stream(options.stream);
  const info = await core.manager.streams.info(stream);
  const endSequence = Math.min(options.endSequence ?? info.state.last_seq, info.state.last_seq);
  if (info.state.messages === 0 || endSequence < (options.startSequence ?? 1)) return;
  if ((await countMatching(core, options.stream, options.filterSubject, options)) === 0) return;
  const consumer = await core.jetstream.consumers.get(stream, {
    ...deliverFrom(options),
    ...(options.filterSubject ? { filter_subjects: core.subject(options.filterSubject) } : {}),
  });
  const messages = await consumer.consume({ max_messages: options.batchSize ?? 2000 });
  const stop = () => messages.stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of messages as AsyncIterable<JsMsg>) {
      // Matching messages may all lie past the end (published after the read began).
      if (message.info.streamSequence > endSequence) break;
      const decoded = decodeMessage<S>(core, message);
      if (decoded.ok) yield { valid: true, ...decoded.delivered };
      else {
        yield {
          valid: false,
          reason: decoded.reason,
          subject: core.logicalSubject(message.subject),
          streamSequence: message.info.streamSequence,
          payload: decoder.decode(message.data),
        };
      }
      if (message.info.streamSequence >= endSequence || message.info.pending === 0) break;
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    messages.stop();
    await consumer.delete().catch(() => undefined);
  }
}

export interface FollowOptions<S extends StreamName> {
  stream: S;
  /** Logical subject filter (namespace added). */
  filterSubject?: string;
  /** First sequence to deliver (typically the last one read + 1). */
  startSequence: number;
  signal: AbortSignal;
  onEvent(delivered: Delivered<StreamEvent<S>>): void | Promise<void>;
  onInvalid?(reason: string, subject: string, streamSequence: number): void;
}

/**
 * Follow a stream live from a sequence with an ordered consumer (no acknowledgements, nothing
 * stored on the server), until the signal aborts. Used after `readStream` to rebuild state from
 * history and then keep it current without missing or repeating a message.
 */
export async function followStream<S extends StreamName>(core: BusCore, options: FollowOptions<S>): Promise<void> {
  const consumer = await core.jetstream.consumers.get(core.stream(options.stream), {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, options.startSequence),
    ...(options.filterSubject ? { filter_subjects: core.subject(options.filterSubject) } : {}),
  });
  const messages = await consumer.consume();
  const stop = () => messages.stop();
  if (options.signal.aborted) stop();
  options.signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of messages as AsyncIterable<JsMsg>) {
      const decoded = decodeMessage<S>(core, message);
      if (decoded.ok) await options.onEvent(decoded.delivered);
      else options.onInvalid?.(decoded.reason, core.logicalSubject(message.subject), message.info.streamSequence);
    }
  } finally {
    options.signal.removeEventListener('abort', stop);
    await consumer.delete().catch(() => undefined);
  }
}
