/**
 * Coalesces a fast stream of updates per key (a market) to at most one per interval, latest
 * wins. The first update of a quiet key goes out at once; updates inside the interval replace
 * each other, and the newest goes out when the interval ends. Timers are injected, so the rule
 * is tested without waiting.
 */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => {
    const handle = setTimeout(callback, delayMs);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface KeyState<T> {
  lastEmittedAt: number;
  pending: T | undefined;
  timer: unknown;
}

export class Throttle<T> {
  private readonly keys = new Map<string, KeyState<T>>();
  /** Updates replaced by a newer one before they went out. */
  coalesced = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: string, value: T) => void,
    private readonly timers: Timers = systemTimers,
  ) {}

  offer(key: string, value: T): void {
    const now = this.timers.now();
    const state = this.keys.get(key);
    if (!state) {
      this.keys.set(key, { lastEmittedAt: now, pending: undefined, timer: undefined });
      this.emit(key, value);
      return;
    }
    if (state.timer === undefined && now - state.lastEmittedAt >= this.intervalMs) {
      state.lastEmittedAt = now;
      this.emit(key, value);
      return;
    }
    if (state.pending !== undefined) this.coalesced += 1;
    state.pending = value;
    if (state.timer === undefined) {
      state.timer = this.timers.setTimeout(() => this.flush(key), state.lastEmittedAt + this.intervalMs - now);
    }
  }

  private flush(key: string): void {
    const state = this.keys.get(key);
    if (!state) return;
    state.timer = undefined;
    if (state.pending === undefined) return;
    const value = state.pending;
    state.pending = undefined;
    state.lastEmittedAt = this.timers.now();
    this.emit(key, value);
  }

  /** Keys that have been quiet for a whole interval hold nothing worth keeping. */
  prune(): void {
    const now = this.timers.now();
    for (const [key, state] of this.keys) {
      if (state.timer === undefined && now - state.lastEmittedAt >= this.intervalMs) this.keys.delete(key);
    }
  }

  close(): void {
    for (const state of this.keys.values()) if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
    this.keys.clear();
  }
}
