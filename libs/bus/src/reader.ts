/**
 * Reading a stream from a point in its history with an ordered (ephemeral) consumer: for replay,
 * rebuilds and backtests. The read ends at the last message that was stored when it began.
 */
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
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

export async function* readStream<S extends StreamName>(core: BusCore, options: ReadOptions<S>): AsyncGenerator<ReadItem<S>> {
  const stream = core.stream(options.stream);
  const info = await core.manager.streams.info(stream);
  const endSequence = Math.min(options.endSequence ?? info.state.last_seq, info.state.last_seq);
  if (info.state.messages === 0 || endSequence < (options.startSequence ?? 1)) return;
  const deliver = options.startSequence
    ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.startSequence }
    : options.startTime
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: options.startTime.toISOString() }
      : { deliver_policy: DeliverPolicy.All };
  const consumer = await core.jetstream.consumers.get(stream, {
    ...deliver,
    ...(options.filterSubject ? { filter_subjects: core.subject(options.filterSubject) } : {}),
  });
  const messages = await consumer.consume({ max_messages: options.batchSize ?? 2000 });
  const stop = () => messages.stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of messages as AsyncIterable<JsMsg>) {
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
