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
 *
 * `positions` (subject filter → sequence) says where each subscription's history starts: after
 * the sequence it holds (a snapshot's), or from the beginning. It is kept current: after each
 * event is folded, its filter's entry is the sequence up to which everything of that filter is
 * folded, so a snapshot taken between two events knows where to start again.
 */
export async function rebuildThenFollow(
  bus: Bus,
  subscriptions: readonly Subscription[],
  signal: AbortSignal,
  onEvent: OnEvent,
  onInvalid: (reason: string) => void,
  onFollowerStopped: (subscription: Subscription, error: unknown) => void,
  positions: Record<string, number> = {},
): Promise<{ folded: number; followers: Promise<void>[] }> {
  const ends = new Map<StreamName, number>();
  for (const stream of new Set(subscriptions.map((subscription) => subscription.stream))) ends.set(stream, await bus.lastSequence(stream));
  let folded = 0;
  for (const subscription of subscriptions) {
    const end = ends.get(subscription.stream) ?? 0;
    const after = positions[subscription.filter] ?? 0;
    if (after < end) folded += await readHistory(bus, subscription, { startSequence: after + 1, endSequence: end }, onEvent, onInvalid);
    positions[subscription.filter] = Math.max(after, end);
  }
  const followers = subscriptions.map((subscription) => {
    const track: OnEvent = (event, sequence) => {
      onEvent(event, sequence);
      positions[subscription.filter] = Math.max(positions[subscription.filter] ?? 0, sequence);
    };
    return followLive(bus, subscription, (positions[subscription.filter] ?? 0) + 1, signal, track, onInvalid).catch((error: unknown) => {
      if (!signal.aborted) onFollowerStopped(subscription, error);
    });
  });
  return { folded, followers };
}
