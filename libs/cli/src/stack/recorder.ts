/**
 * Every TRADING, CONTROL and SYSTEM event of the stack's namespace as it is published (a plain
 * core NATS subscription: it sees what the services publish, whatever consumes it), with the
 * time it arrived. Tests ask it what happened and wait for what should happen.
 */
import type { Bus } from '@polly/bus';
import { type AnyEvent, type EventType, parseEvent } from '@polly/contracts';
import { eventually } from '@polly/testing';

export interface RecordedEvent {
  event: AnyEvent;
  /** Logical subject (namespace removed). */
  subject: string;
  receivedAt: number;
}

export type EventOf<T extends EventType> = Extract<AnyEvent, { type: T }>;

export interface EventRecorder {
  readonly recorded: readonly RecordedEvent[];
  events<T extends EventType>(type: T, where?: (event: EventOf<T>) => boolean): Array<EventOf<T>>;
  /** The first event of `type` matching `where`, waiting for it up to `timeoutMs`. */
  waitFor<T extends EventType>(type: T, where?: (event: EventOf<T>) => boolean, timeoutMs?: number): Promise<EventOf<T>>;
  stop(): void;
}

export function recordEvents(bus: Bus, prefixes: readonly string[] = ['trading', 'control', 'system']): EventRecorder {
  const recorded: RecordedEvent[] = [];
  const decoder = new TextDecoder();
  const subscriptions = prefixes.map((prefix) =>
    bus.connection.subscribe(bus.subject(`${prefix}.>`), {
      callback: (error, message) => {
        if (error) return;
        let raw: unknown;
        try {
          raw = JSON.parse(decoder.decode(message.data));
        } catch {
          return;
        }
        const parsed = parseEvent(raw);
        if (parsed.ok) recorded.push({ event: parsed.event, subject: bus.logicalSubject(message.subject), receivedAt: Date.now() });
      },
    }),
  );
  const events = <T extends EventType>(type: T, where: (event: EventOf<T>) => boolean = () => true): Array<EventOf<T>> =>
    recorded.map((entry) => entry.event).filter((event): event is EventOf<T> => event.type === type && where(event as EventOf<T>));
  return {
    recorded,
    events,
    waitFor: (type, where = () => true, timeoutMs = 30_000) =>
      eventually(async () => events(type, where)[0], { timeoutMs, intervalMs: 50, what: `a ${type} event` }),
    stop: () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
}
