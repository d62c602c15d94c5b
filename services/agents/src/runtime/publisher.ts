/** Publishing the agents' events: validated envelopes with `source: agents`, linked to their cause. */
import type { Bus } from '@polly/bus';
import { type Envelope, type Environment, type EventData, type EventDefinition, causedBy, createEvent } from '@polly/contracts';

export const SOURCE = 'agents';

export type Cause = Pick<Envelope, 'id' | 'correlationId'> | null;

export interface Publisher {
  publish<D extends EventDefinition>(definition: D, data: EventData<D>, cause?: Cause, at?: number): Promise<Envelope<EventData<D>>>;
}

export function createPublisher(bus: Bus, environment: Environment, now: () => number): Publisher {
  return {
    async publish(definition, data, cause = null, at = now()) {
      const event = createEvent(definition, environment, data, { source: SOURCE, occurredAt: new Date(at), ...(cause ? causedBy(cause) : {}) });
      await bus.publish(event as Envelope);
      return event;
    },
  };
}
