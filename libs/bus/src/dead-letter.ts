/**
 * Messages that can never be processed (bad JSON, unknown type, invalid data, or a handler that
 * kept failing) are copied to `deadletter.{stream}.{consumer}` with the reason, then terminated,
 * so the consumer keeps going and nothing is lost silently.
 */
import type { JsMsg } from '@nats-io/jetstream';
import { type DeadLetter, STREAMS } from '@polly/contracts';
import type { BusCore } from './connection';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function deadLetter(core: BusCore, consumer: string, message: JsMsg, reason: string): Promise<void> {
  const record: DeadLetter = {
    reason,
    stream: message.info.stream,
    consumer,
    subject: core.logicalSubject(message.subject),
    streamSequence: message.info.streamSequence,
    deliveries: message.info.deliveryCount,
    payload: decoder.decode(message.data).slice(0, 256 * 1024),
    deadLetteredAt: new Date().toISOString(),
  };
  const subject = core.subject(`${STREAMS.DEAD_LETTER.prefix}.${message.info.stream}.${consumer}`);
  await core.jetstream.publish(subject, encoder.encode(JSON.stringify(record)), {
    msgID: `dead-letter:${message.info.stream}:${consumer}:${message.info.streamSequence}`,
  });
}
