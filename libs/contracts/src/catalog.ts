/**
 * The whole catalog: every event and command by type, and the one way to read a message off the
 * bus. Unknown types, bad envelopes and bad data come back as a reason, never as an exception.
 */
import { z } from 'zod';
import { controlEvents } from './control';
import { exchangeEvents } from './exchange';
import type { EventDefinition, EventOf } from './define';
import { Envelope } from './envelope';
import { marketDataEvents } from './market-data';
import { marketsEvents } from './markets';
import type { StreamName } from './streams';
import { systemEvents } from './system';
import { tradingEvents } from './trading';

export const catalog = {
  ...marketDataEvents,
  ...marketsEvents,
  ...tradingEvents,
  ...exchangeEvents,
  ...controlEvents,
  ...systemEvents,
} as const;

export type Catalog = typeof catalog;
export type EventType = keyof Catalog;
export type EventByType<T extends EventType> = EventOf<Catalog[T]>;
export type AnyEvent = { [T in EventType]: EventByType<T> }[EventType];
/** Every event type that lives in one stream. */
export type StreamEventType<S extends StreamName> = {
  [T in EventType]: Catalog[T]['stream'] extends S ? T : never;
}[EventType];
export type StreamEvent<S extends StreamName> = { [T in StreamEventType<S>]: EventByType<T> }[StreamEventType<S>];

/** A handler for every event of a stream; a missing one fails to compile. */
export type StreamHandlers<S extends StreamName, R = void> = {
  [T in StreamEventType<S>]: (event: EventByType<T>) => R;
};

export function definitionOf(type: string): EventDefinition | undefined {
  return (catalog as Record<string, EventDefinition>)[type];
}

export function definitionsOf(stream: StreamName): EventDefinition[] {
  return Object.values(catalog as Record<string, EventDefinition>).filter((definition) => definition.stream === stream);
}

/**
 * Upcasters turn an older version of an event into the current one. Key: `${type}@${version}`.
 * The frozen copy of each old schema lives next to its upcaster.
 */
export const upcasters: Record<string, (data: unknown) => unknown> = {};

export type ParseResult = { ok: true; event: AnyEvent } | { ok: false; reason: string };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Validate a decoded message: envelope, known type and version, then the data. */
export function parseEvent(raw: unknown): ParseResult {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: `invalid envelope: ${describeIssues(envelope.error)}` };
  const definition = definitionOf(envelope.data.type);
  if (!definition) return { ok: false, reason: `unknown event type "${envelope.data.type}"` };
  let data = envelope.data.data;
  let version = envelope.data.version;
  while (version < definition.version) {
    const upcast = upcasters[`${definition.type}@${version}`];
    if (!upcast) return { ok: false, reason: `no upcaster for ${definition.type} version ${version}` };
    data = upcast(data);
    version += 1;
  }
  if (version > definition.version) {
    return { ok: false, reason: `${definition.type} version ${version} is newer than this service knows (${definition.version})` };
  }
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) return { ok: false, reason: `invalid ${definition.type} data: ${describeIssues(parsed.error)}` };
  return { ok: true, event: { ...envelope.data, version, data: parsed.data } as AnyEvent };
}

/** What lands on the dead-letter subject when a message can never be processed. */
export const DeadLetter = z.object({
  reason: z.string(),
  stream: z.string(),
  consumer: z.string(),
  subject: z.string(),
  streamSequence: z.number().int().nonnegative(),
  deliveries: z.number().int().nonnegative(),
  /** The original payload, as text (it may not be valid JSON). */
  payload: z.string(),
  deadLetteredAt: z.iso.datetime({ offset: false }),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
