/**
 * Follows discovery's subscription plan of one environment: the whole history of
 * `markets.{environment}.plan.updated` at start (the fold from the first event is the current
 * plan), then every new update as it is published. Nothing is stored on our side, so a restart
 * simply folds the history again.
 */
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { type Bus, decodeMessage } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import type { PlanUpdate } from './plan';

export interface PlanFollowerOptions {
  bus: Bus;
  environment: Environment;
  onUpdate(update: PlanUpdate, streamSequence: number): void;
  signal: AbortSignal;
}

/** Fold the history; resolves when it is read, and keeps following in the background. */
export async function followPlan(options: PlanFollowerOptions): Promise<{ historyUpdates: number; following: Promise<void> }> {
  const { bus, environment, signal } = options;
  const filterSubject = `markets.${environment}.plan.updated`;
  const last = await lastSequenceOf(bus, filterSubject);
  let historyUpdates = 0;
  if (last > 0) {
    for await (const item of bus.read({ stream: 'MARKETS', filterSubject, endSequence: last, signal })) {
      if (item.valid && item.event.type === 'plan.updated') {
        historyUpdates += 1;
        options.onUpdate(item.event.data, item.streamSequence);
      } else {
        bus.logger.warn({ environment, sequence: item.streamSequence, reason: item.valid ? `unexpected ${item.event.type}` : item.reason }, 'skipping a plan message');
      }
    }
  }
  return { historyUpdates, following: followLive(options, filterSubject, last + 1) };
}

/**
 * The sequence of the newest plan event, 0 when there is none: the history is read up to it and
 * live following starts right after it, so no update is missed or folded twice.
 */
async function lastSequenceOf(bus: Bus, filterSubject: string): Promise<number> {
  try {
    const message = await bus.manager.streams.getMessage(bus.stream('MARKETS'), { last_by_subj: bus.subject(filterSubject) });
    return message?.seq ?? 0;
  } catch (error) {
    if (/no message found|not found/i.test(String(error))) return 0;
    throw error;
  }
}

async function followLive(options: PlanFollowerOptions, filterSubject: string, startSequence: number): Promise<void> {
  const { bus, environment, signal } = options;
  const consumer = await bus.jetstream.consumers.get(bus.stream('MARKETS'), {
    filter_subjects: bus.subject(filterSubject),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: startSequence,
  });
  const messages = await consumer.consume();
  const stop = () => messages.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of messages as AsyncIterable<JsMsg>) {
      const decoded = decodeMessage<'MARKETS'>(bus, message);
      if (decoded.ok && decoded.delivered.event.type === 'plan.updated') options.onUpdate(decoded.delivered.event.data, decoded.delivered.streamSequence);
      else bus.logger.warn({ environment, sequence: message.seq, reason: decoded.ok ? decoded.delivered.event.type : decoded.reason }, 'skipping a plan message');
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
