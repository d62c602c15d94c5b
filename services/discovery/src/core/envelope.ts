/**
 * Envelopes for what discovery decides. They are built without validating the data: the bus
 * validates every event once, on publish (validating here too doubled the cost of a first cycle
 * of 50,000 markets). The unit tests parse what the core builds against the catalogue.
 */
import { type AnyEvent, type Environment, type EventData, type EventDefinition, toIsoTimestamp } from '@polly/contracts';

export const DISCOVERY_SOURCE = 'discovery';

export interface DecisionContext {
  environment: Environment;
  now: Date;
  /** The event that caused this decision (a lifecycle event), for correlation. */
  cause?: { id: string; correlationId: string };
}

export function envelope<D extends EventDefinition>(definition: D, data: EventData<D>, id: string, context: DecisionContext): AnyEvent {
  return {
    id,
    type: definition.type,
    version: definition.version,
    environment: context.environment,
    occurredAt: toIsoTimestamp(context.now),
    source: DISCOVERY_SOURCE,
    correlationId: context.cause?.correlationId ?? id,
    causationId: context.cause?.id ?? null,
    data,
  } as AnyEvent;
}
