/**
 * A token bucket per remote address. Pure apart from the injected clock: `take` answers whether
 * a request may pass now and, if not, how long until one token is back.
 */
export interface RateLimitOptions {
  /** Tokens added per second. */
  refillPerSecond: number;
  /** Largest burst. */
  capacity: number;
  /** Milliseconds since some fixed point. */
  now: () => number;
  /** Buckets idle this long are forgotten (they would be full again anyway). */
  idleMs?: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep: number;

  constructor(private readonly options: RateLimitOptions) {
    this.lastSweep = options.now();
  }

  take(key: string): RateDecision {
    const now = this.options.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.options.capacity, bucket.tokens + elapsedSeconds * this.options.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const missing = 1 - bucket.tokens;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / this.options.refillPerSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    const idleMs = this.options.idleMs ?? 60_000;
    if (now - this.lastSweep < idleMs) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt >= idleMs) this.buckets.delete(key);
  }
}
