/** Publishing the agents' events: validated envelopes with `source: agents`, linked to their cause. */
import type { Bus } from '@polly/bus';
import { type Envelope, type Environment, type EventData, type EventDefinition, causedBy, newEventId, toIsoTimestamp } from '@polly/contracts';

export const SOURCE = 'agents';

export type Cause = Pick<Envelope, 'id' | 'correlationId'> | null;

export interface Publisher {
  publish<D extends EventDefinition>(definition: D, data: EventData<D>, cause?: Cause, at?: number): Promise<Envelope<EventData<D>>>;
  /** Build a validated envelope without sending it (to send several at once, in order). */
  prepare<D extends EventDefinition>(definition: D, data: EventData<D>, cause?: Cause, at?: number): Envelope<EventData<D>>;
  /** Send prepared envelopes back to back on one connection (stored in this order) and wait for all. */
  send(...events: Envelope[]): Promise<void>;
}

export function createPublisher(bus: Bus, environment: Environment, now: () => number): Publisher {
  // Envelopes are validated once, by the bus as they are sent (validating here as well doubled
  // the cost of every decision).
  const prepare: Publisher['prepare'] = (definition, data, cause = null, at = now()) => {
    const id = newEventId();
    const link = cause ? causedBy(cause) : { correlationId: id, causationId: null };
    return { id, type: definition.type, version: definition.version, environment, occurredAt: toIsoTimestamp(at), source: SOURCE, ...link, data } as Envelope<EventData<typeof definition>>;
  };
  return {
    prepare,
    async publish(definition, data, cause = null, at = now()) {
      const event = prepare(definition, data, cause, at);
      await bus.publish(event as Envelope);
      return event;
    },
    async send(...events) {
      await Promise.all(events.map((event) => bus.publish(event)));
    },
  };
}
