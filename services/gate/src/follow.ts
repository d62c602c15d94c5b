/**
 * State from the streams: read each subject's history up to a sequence (`bus.read`), then follow
 * it live from the next sequence with an ordered consumer, so nothing is missed or folded twice.
 * One reader per subject filter (nats-server 2.9 allows one filter per consumer); each delivers
 * in stream order, different subjects are not ordered with respect to each other.
 */
import { AckPolicy, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { type Bus, decodeMessage } from '@polly/bus';
import type { AnyEvent, StreamName } from '@polly/contracts';

export interface Subscription {
  stream: StreamName;
  /** Logical subject filter, e.g. `trading.demo.position.updated.>`. */
  filter: string;
}

export type OnEvent = (event: AnyEvent, sequence: number) => void;

/**
 * How many stored messages match the filter from `startSequence` on. A read of nothing would
 * wait forever, so every read asks first, through a throwaway consumer whose info counts them.
 */
async function pendingFrom(bus: Bus, subscription: Subscription, startSequence: number): Promise<number> {
  const stream = bus.stream(subscription.stream);
  const info = await bus.manager.consumers.add(stream, {
    filter_subject: bus.subject(subscription.filter),
    ack_policy: AckPolicy.None,
    inactive_threshold: 30_000 * 1_000_000, // nanoseconds: the server removes it if the delete below is lost
    ...(startSequence > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSequence } : { deliver_policy: DeliverPolicy.All }),
  });
  await bus.manager.consumers.delete(stream, info.name).catch(() => undefined);
  return info.num_pending;
}

/** Fold every stored event on the subject with a sequence from `startSequence` to `endSequence`. Returns how many. */
export async function readHistory(
  bus: Bus,
  subscription: Subscription,
  range: { startSequence?: number; endSequence: number },
  onEvent: OnEvent,
  onInvalid: (reason: string) => void,
): Promise<number> {
  const startSequence = range.startSequence ?? 1;
  if (range.endSequence < startSequence || (await pendingFrom(bus, subscription, startSequence)) === 0) return 0;
  let folded = 0;
  for await (const item of bus.read({ stream: subscription.stream, filterSubject: subscription.filter, startSequence, endSequence: range.endSequence })) {
    // The reader can hand over one message past the end when nothing older matched; the live
    // follower delivers that one.
    if (item.streamSequence > range.endSequence) break;
    if (!item.valid) {
      onInvalid(item.reason);
      continue;
    }
    onEvent(item.event as AnyEvent, item.streamSequence);
    folded += 1;
  }
  return folded;
}

/** Follow the subject live from `startSequence` until the signal aborts. */
export async function followLive(bus: Bus, subscription: Subscription, startSequence: number, signal: AbortSignal, onEvent: OnEvent, onInvalid: (reason: string) => void): Promise<void> {
  const consumer = await bus.jetstream.consumers.get(bus.stream(subscription.stream), {
    filter_subjects: bus.subject(subscription.filter),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: startSequence,
  });
  const messages = await consumer.consume();
  const stop = () => messages.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of messages as AsyncIterable<JsMsg>) {
      const decoded = decodeMessage(bus, message);
      if (decoded.ok) onEvent(decoded.delivered.event as AnyEvent, decoded.delivered.streamSequence);
      else onInvalid(decoded.reason);
    }
  } finally {
    signal.removeEventListener('abort', stop);
    await consumer.delete().catch(() => undefined);
  }
}

/**
 * Read every subscription's history up to the streams' current ends, then follow each live.
 * Resolves once the history is folded; the followers run until the signal aborts.
 */
export async function rebuildThenFollow(
  bus: Bus,
  subscriptions: readonly Subscription[],
  signal: AbortSignal,
  onEvent: OnEvent,
  onInvalid: (reason: string) => void,
  onFollowerStopped: (subscription: Subscription, error: unknown) => void,
): Promise<{ folded: number; followers: Promise<void>[] }> {
  const ends = new Map<StreamName, number>();
  for (const stream of new Set(subscriptions.map((subscription) => subscription.stream))) ends.set(stream, await bus.lastSequence(stream));
  let folded = 0;
  for (const subscription of subscriptions) folded += await readHistory(bus, subscription, { endSequence: ends.get(subscription.stream) ?? 0 }, onEvent, onInvalid);
  const followers = subscriptions.map((subscription) =>
    followLive(bus, subscription, (ends.get(subscription.stream) ?? 0) + 1, signal, onEvent, onInvalid).catch((error: unknown) => {
      if (!signal.aborted) onFollowerStopped(subscription, error);
    }),
  );
  return { folded, followers };
}
