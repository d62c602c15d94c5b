/**
 * Durable JetStream consumers with deliberate acknowledgement:
 *   - ack after the handler's effect is durable,
 *   - nak(delay) for a transient failure (the handler threw),
 *   - term for a message that can never succeed, after dead-lettering it with the reason.
 * Consume loops end when the AbortSignal aborts.
 */
import { AckPolicy, type Consumer, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { type AnyEvent, type StreamEvent, type StreamName, parseEvent } from '@polly/contracts';
import type { BusCore } from './connection';
import { deadLetter } from './dead-letter';

export type Disposition = { kind: 'ack' } | { kind: 'nak'; delayMs: number } | { kind: 'term'; reason: string };

export interface Delivered<E> {
  event: E;
  subject: string;
  streamSequence: number;
  deliveryCount: number;
}

export interface ConsumerOptions<S extends StreamName> {
  stream: S;
  /** Durable consumer name: survives restarts and keeps its position. */
  durable: string;
  /** Logical subject filter (namespace is added), e.g. `trading.demo.>`. */
  filterSubject?: string;
  /** Where a new durable starts: every stored message, or only new ones. */
  deliverPolicy?: 'all' | 'new';
  /** After this many failed deliveries a message is dead-lettered. */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Messages prefetched from the server. */
  batchSize?: number;
  signal: AbortSignal;
  /** Called for each message that is dead-lettered (for metrics). */
  onDeadLetter?: (reason: string, subject: string) => void;
}

const decoder = new TextDecoder();

/** Decode and validate a message; a reason when it can never be processed. */
export function decodeMessage<S extends StreamName>(core: BusCore, message: JsMsg): { ok: true; delivered: Delivered<StreamEvent<S>> } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(message.data));
  } catch (error) {
    return { ok: false, reason: `not JSON: ${String(error)}` };
  }
  const parsed = parseEvent(raw);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    delivered: {
      event: parsed.event as AnyEvent as StreamEvent<S>,
      subject: core.logicalSubject(message.subject),
      streamSequence: message.info.streamSequence,
      deliveryCount: message.info.deliveryCount,
    },
  };
}

export async function ensureDurable(core: BusCore, options: ConsumerOptions<StreamName>): Promise<Consumer> {
  const stream = core.stream(options.stream);
  try {
    await core.manager.consumers.info(stream, options.durable);
  } catch (error) {
    if (!/consumer not found/i.test(String(error))) throw error;
    await core.manager.consumers.add(stream, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: options.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      ack_wait: nanos(options.ackWaitMs ?? 30_000),
      max_ack_pending: Math.max(1000, (options.batchSize ?? 256) * 4),
      ...(options.filterSubject ? { filter_subject: core.subject(options.filterSubject) } : {}),
    });
  }
  return core.jetstream.consumers.get(stream, options.durable);
}

/** Back off longer each time the same message fails: 1 s, 2 s, 4 s ... up to 30 s. */
export const redeliveryDelay = (deliveryCount: number): number => Math.min(30_000, 1000 * 2 ** Math.max(0, deliveryCount - 1));

async function settleInvalid(core: BusCore, options: ConsumerOptions<StreamName>, message: JsMsg, reason: string): Promise<void> {
  await deadLetter(core, options.durable, message, reason);
  options.onDeadLetter?.(reason, core.logicalSubject(message.subject));
  message.term(reason.slice(0, 200));
}

async function iterate(core: BusCore, options: ConsumerOptions<StreamName>, onMessage: (message: JsMsg) => Promise<void>): Promise<void> {
  const consumer = await ensureDurable(core, options);
  while (!options.signal.aborted) {
    const messages = await consumer.consume({ max_messages: options.batchSize ?? 256, expires: 5000 });
    const stop = () => messages.stop();
    options.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const message of messages) await onMessage(message);
    } finally {
      options.signal.removeEventListener('abort', stop);
    }
  }
}

/** Handle messages one at a time. A thrown error naks with backoff; the last allowed delivery dead-letters. */
export async function runConsumer<S extends StreamName>(
  core: BusCore,
  options: ConsumerOptions<S> & { handle(delivered: Delivered<StreamEvent<S>>): Promise<Disposition | void> },
): Promise<void> {
  const maxDeliver = options.maxDeliver ?? 10;
  await iterate(core, options, async (message) => {
    const decoded = decodeMessage<S>(core, message);
    if (!decoded.ok) return settleInvalid(core, options, message, decoded.reason);
    let disposition: Disposition;
    try {
      disposition = (await options.handle(decoded.delivered)) ?? { kind: 'ack' };
    } catch (error) {
      if (message.info.deliveryCount >= maxDeliver) {
        return settleInvalid(core, options, message, `handler failed ${message.info.deliveryCount} times: ${String(error)}`);
      }
      core.logger.warn({ error: String(error), subject: message.subject, deliveries: message.info.deliveryCount }, 'handler failed; will retry');
      disposition = { kind: 'nak', delayMs: redeliveryDelay(message.info.deliveryCount) };
    }
    if (disposition.kind === 'ack') message.ack();
    else if (disposition.kind === 'nak') message.nak(disposition.delayMs);
    else await settleInvalid(core, options, message, disposition.reason);
  });
}

/**
 * Handle messages in micro-batches: while one batch is being handled, arriving messages queue up
 * and go to the handler together next (up to batchSize), so the projector writes a batch and its
 * checkpoint in one transaction without waiting for a timer. Invalid messages are dead-lettered
 * individually and never reach the handler.
 */
export async function runBatchConsumer<S extends StreamName>(
  core: BusCore,
  options: ConsumerOptions<S> & { handleBatch(batch: Delivered<StreamEvent<S>>[]): Promise<void> },
): Promise<void> {
  const batchSize = options.batchSize ?? 500;
  const maxDeliver = options.maxDeliver ?? 10;
  const queue: JsMsg[] = [];
  let wake: (() => void) | undefined;
  let drained: (() => void) | undefined;
  let pumping = true;

  const handle = async (taken: JsMsg[]) => {
    const settled: JsMsg[] = [];
    const batch: Delivered<StreamEvent<S>>[] = [];
    for (const message of taken) {
      const decoded = decodeMessage<S>(core, message);
      if (!decoded.ok) await settleInvalid(core, options, message, decoded.reason);
      else {
        settled.push(message);
        batch.push(decoded.delivered);
      }
    }
    if (batch.length === 0) return;
    try {
      await options.handleBatch(batch);
      for (const message of settled) message.ack();
    } catch (error) {
      core.logger.warn({ error: String(error), size: settled.length }, 'batch failed; will retry');
      for (const message of settled) {
        if (message.info.deliveryCount >= maxDeliver) await settleInvalid(core, options, message, `batch failed ${message.info.deliveryCount} times: ${String(error)}`);
        else message.nak(redeliveryDelay(message.info.deliveryCount));
      }
    }
  };

  const processor = (async () => {
    while (pumping || queue.length > 0) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      await handle(queue.splice(0, batchSize));
      drained?.();
    }
  })();

  try {
    await iterate(core, { ...options, batchSize }, async (message) => {
      queue.push(message);
      wake?.();
      // Bound memory: wait for the processor when a few batches are already queued.
      while (queue.length >= batchSize * 4) await new Promise<void>((resolve) => (drained = resolve));
    });
  } finally {
    pumping = false;
    wake?.();
    await processor;
  }
}
