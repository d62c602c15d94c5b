/**
 * Time as the library sees it. Everything that waits (token buckets, retry back-off, heartbeat
 * watchdog, reconnect back-off) goes through a Clock so tests can drive time by hand.
 */

export type TimerHandle = { readonly timerId: number };

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** Resolve after `delayMs` on the given clock (never a busy wait). */
export function sleep(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(resolve, Math.max(0, delayMs)));
}

/** The real clock: Date.now and Node timers. */
export function createSystemClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => Date.now(),
    setTimer(callback, delayMs) {
      const timerId = nextId++;
      const timeout = setTimeout(() => {
        timers.delete(timerId);
        callback();
      }, Math.max(0, delayMs));
      timers.set(timerId, timeout);
      return { timerId };
    },
    clearTimer(handle) {
      const timeout = timers.get(handle.timerId);
      if (timeout !== undefined) clearTimeout(timeout);
      timers.delete(handle.timerId);
    },
  };
}

export const systemClock: Clock = createSystemClock();

interface PendingTimer {
  readonly timerId: number;
  readonly dueAt: number;
  readonly callback: () => void;
}

/**
 * A clock that only moves when told to. `advance` fires due timers in time order and lets the
 * promise continuations they trigger run before moving on, so async code behaves as it would in
 * real time, only instantly.
 */
export class ManualClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];
  private nextId = 1;

  constructor(startMs = 1_767_225_600_000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer = { timerId: this.nextId++, dueAt: this.current + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return { timerId: timer.timerId };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.timerId !== handle.timerId);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Move time forward by `durationMs`, firing every timer that falls due on the way. */
  async advance(durationMs: number): Promise<void> {
    const target = this.current + durationMs;
    await settle();
    for (;;) {
      const next = this.timers.reduce<PendingTimer | null>(
        (earliest, timer) => (earliest === null || timer.dueAt < earliest.dueAt ? timer : earliest),
        null,
      );
      if (next === null || next.dueAt > target) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.current = Math.max(this.current, next.dueAt);
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }
}

/** Let queued promise continuations run (several rounds, for chains of awaits). */
async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
