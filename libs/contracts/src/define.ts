/**
 * How catalog entries are declared. One zod schema per event, named after the event, with the
 * stream it lives in and the key (if any) appended to its subject.
 */
import { z } from 'zod';
import { type Environment, type Envelope, type EnvelopeOptions, newEventId, toIsoTimestamp } from './envelope';
import { STREAMS, type StreamName } from './streams';
import { eventSubject } from './subjects';

export interface EventDefinition<TType extends string = string, TData extends z.ZodType = z.ZodType, TStream extends StreamName = StreamName> {
  readonly stream: TStream;
  readonly type: TType;
  readonly version: number;
  /** 'event' is a past-tense fact; 'command' is an imperative request. */
  readonly kind: 'event' | 'command';
  readonly data: TData;
  readonly description: string;
  /** The subject key (for example the market ticker), escaped into the last subject token. */
  readonly key?: (data: z.infer<TData>) => string;
}

export function defineEvent<TType extends string, TData extends z.ZodType, TStream extends StreamName>(
  definition: EventDefinition<TType, TData, TStream>,
): EventDefinition<TType, TData, TStream> {
  return definition;
}

export type EventData<D extends EventDefinition> = z.infer<D['data']>;
export type EventOf<D extends EventDefinition> = Envelope<EventData<D>> & { type: D['type'] };

export interface CreateEventOptions extends EnvelopeOptions {
  source: string;
}

/** Build a validated envelope for a catalog entry. Throws a ZodError if the data is invalid. */
export function createEvent<D extends EventDefinition>(
  definition: D,
  environment: Environment,
  data: EventData<D>,
  options: CreateEventOptions,
): EventOf<D> {
  const parsed = definition.data.parse(data) as EventData<D>;
  const id = options.id ?? newEventId();
  return {
    id,
    type: definition.type,
    version: definition.version,
    environment,
    occurredAt: toIsoTimestamp(options.occurredAt ?? new Date()),
    source: options.source,
    correlationId: options.correlationId ?? id,
    causationId: options.causationId ?? null,
    data: parsed,
  } as EventOf<D>;
}

/** The subject an event is published on (without namespace). */
export function subjectOf(definition: EventDefinition, event: Envelope): string {
  const key = definition.key ? definition.key(event.data as never) : undefined;
  return eventSubject(STREAMS[definition.stream].prefix, event.environment, definition.type, key);
}

/** A wildcard subject matching every instance of one event type (any key). */
export function subjectPattern(definition: EventDefinition, environment: Environment | '*'): string {
  const base = `${STREAMS[definition.stream].prefix}.${environment}.${definition.type}`;
  return definition.key ? `${base}.*` : base;
}
