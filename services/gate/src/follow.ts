/**
 * State from the streams: read each subject's history up to a sequence (`bus.read`), then follow
 * it live from the next sequence (`bus.follow`), so nothing is missed or folded twice.
 * One reader per subject filter (nats-server 2.9 allows one filter per consumer); each delivers
 * in stream order, different subjects are not ordered with respect to each other.
 */
import type { Bus } from '@polly/bus';
import type { AnyEvent, StreamName } from '@polly/contracts';

export interface Subscription {
  stream: StreamName;
  /** Logical subject filter, e.g. `trading.demo.position.updated.>`. */
  filter: string;
}

export type OnEvent = (event: AnyEvent, sequence: number) => void;

/** Fold every stored event on the subject with a sequence from `startSequence` to `endSequence`. Returns how many. */
export async function readHistory(
  bus: Bus,
  subscription: Subscription,
  range: { startSequence?: number; endSequence: number },
  onEvent: OnEvent,
  onInvalid: (reason: string) => void,
): Promise<number> {
  let folded = 0;
  const read = bus.read({ stream: subscription.stream, filterSubject: subscription.filter, startSequence: range.startSequence ?? 1, endSequence: range.endSequence });
  for await (const item of read) {
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
export function followLive(bus: Bus, subscription: Subscription, startSequence: number, signal: AbortSignal, onEvent: OnEvent, onInvalid: (reason: string) => void): Promise<void> {
  return bus.follow({
    stream: subscription.stream,
    filterSubject: subscription.filter,
    startSequence,
    signal,
    onEvent: ({ event, streamSequence }) => onEvent(event as AnyEvent, streamSequence),
    onInvalid: (reason) => onInvalid(reason),
  });
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
