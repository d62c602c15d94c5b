/**
 * Publishes execution's facts. Ids are derived from what caused them (the client order id and
 * the outcome, the trade id, the report's event id), so publishing again after a crash or a
 * redelivery is dropped by the broker's duplicate window, and the projector's folds are
 * idempotent beyond it.
 */
import type { Bus } from '@polly/bus';
import { type EventData, type EventDefinition, type Environment, createEvent } from '@polly/contracts';

export const EXECUTION_SOURCE = 'execution';

export interface Causation {
  correlationId: string;
  causationId: string | null;
}

export class Publisher {
  constructor(
    private readonly bus: Bus,
    readonly environment: Environment,
    private readonly now: () => number = Date.now,
  ) {}

  /** An id unique to this environment (both environments share the TRADING stream and its duplicate window). */
  id(...parts: string[]): string {
    return [this.environment, ...parts].join(':').replace(/[^\w:.\-+/=]/g, '_').slice(0, 200);
  }

  async publish<D extends EventDefinition>(definition: D, data: EventData<D>, options: { id?: string; cause?: Causation; occurredAt?: string } = {}): Promise<void> {
    const event = createEvent(definition, this.environment, data, {
      source: EXECUTION_SOURCE,
      occurredAt: options.occurredAt ?? new Date(this.now()),
      ...(options.id ? { id: options.id } : {}),
      ...(options.cause ? { correlationId: options.cause.correlationId, causationId: options.cause.causationId } : {}),
    });
    await this.bus.publish(event);
  }
}
