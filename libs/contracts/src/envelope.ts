/**
 * The event envelope: every message on the bus has this shape, validated on publish and receipt.
 * `id` is also the JetStream msgID, so a republish after a crash is dropped by the broker.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const Environment = z.enum(['live', 'demo']);
export type Environment = z.infer<typeof Environment>;
export const ENVIRONMENTS: readonly Environment[] = ['live', 'demo'];

export const EventId = z.string().min(1).max(200).regex(/^[\w:.\-+/=]+$/, 'event ids use letters, digits and : . - + / =');

export const Envelope = z.object({
  id: EventId,
  type: z.string().min(1),
  version: z.number().int().positive(),
  environment: Environment,
  occurredAt: z.iso.datetime({ offset: false }),
  source: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  data: z.unknown(),
});
export type Envelope<TData = unknown> = Omit<z.infer<typeof Envelope>, 'data'> & { data: TData };

export interface EnvelopeOptions {
  id?: string;
  occurredAt?: Date | string;
  correlationId?: string;
  causationId?: string | null;
}

export function newEventId(): string {
  return randomUUID();
}

/** Link a follow-up event to the one that caused it (same correlation, causation = cause id). */
export function causedBy(cause: Pick<Envelope, 'id' | 'correlationId'>): Pick<EnvelopeOptions, 'correlationId' | 'causationId'> {
  return { correlationId: cause.correlationId, causationId: cause.id };
}

export function toIsoTimestamp(value: Date | string | number): string {
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString();
}
