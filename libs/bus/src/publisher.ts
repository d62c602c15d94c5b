/**
 * Typed publishing. Every event is validated against its catalog schema before it leaves, and its
 * envelope id is the JetStream msgID so the broker drops a republish inside the duplicate window.
 */
import { type AnyEvent, type Envelope, definitionOf, parseEvent, subjectOf } from '@polly/contracts';
import type { BusCore } from './connection';

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

export interface PublishResult {
  stream: string;
  sequence: number;
  /** True when the broker had already stored this id (a harmless republish). */
  duplicate: boolean;
}

const encoder = new TextEncoder();

export function encodeEvent(core: BusCore, event: AnyEvent | Envelope): { subject: string; payload: Uint8Array } {
  const parsed = parseEvent(event);
  if (!parsed.ok) throw new InvalidEventError(`refusing to publish ${event.type} ${event.id}: ${parsed.reason}`);
  const definition = definitionOf(event.type);
  if (!definition) throw new InvalidEventError(`unknown event type ${event.type}`);
  return { subject: core.subject(subjectOf(definition, parsed.event)), payload: encoder.encode(JSON.stringify(parsed.event)) };
}

export async function publishEvent(core: BusCore, event: AnyEvent | Envelope): Promise<PublishResult> {
  const { subject, payload } = encodeEvent(core, event);
  const acknowledgement = await core.jetstream.publish(subject, payload, { msgID: event.id });
  return { stream: acknowledgement.stream, sequence: acknowledgement.seq, duplicate: acknowledgement.duplicate };
}
