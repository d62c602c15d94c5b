/**
 * Holds are decisions too, but an agent evaluates a busy market many times a minute. A hold is
 * recorded at most once per agent, market and calendar minute: the first one of the minute,
 * carrying how many holds were not recorded since the previous record, so the record stays a
 * faithful sample without flooding the log. Orders are always recorded (not throttled here).
 */
const MINUTE_MS = 60_000;

export class HoldThrottle {
  private readonly recorded = new Map<string, { minute: number; suppressed: number }>();

  /** Whether to record this hold, and how many were skipped since the last one recorded. */
  admit(agentId: string, marketTicker: string | null, now: number): { record: boolean; suppressed: number } {
    const key = `${agentId}\u0000${marketTicker ?? ''}`;
    const minute = Math.floor(now / MINUTE_MS);
    const known = this.recorded.get(key);
    if (known && known.minute === minute) {
      known.suppressed += 1;
      return { record: false, suppressed: known.suppressed };
    }
    this.recorded.set(key, { minute, suppressed: 0 });
    return { record: true, suppressed: known?.suppressed ?? 0 };
  }

  /** Forget markets not held since before the previous minute (housekeeping, once a minute). */
  prune(now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    for (const [key, entry] of this.recorded) if (entry.minute < minute - 1) this.recorded.delete(key);
  }

  get size(): number {
    return this.recorded.size;
  }
}
