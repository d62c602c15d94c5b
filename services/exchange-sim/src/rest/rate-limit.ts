/**
 * Token buckets (PROTOCOL §8.1): every request costs tokens (10 by default, a V2 cancel 2), from a
 * read or a write bucket refilled per second by tier. At Basic the bucket holds one second of
 * budget; higher tiers hold two seconds of write budget. Pure: the caller passes the time.
 */
export type UsageTier = 'basic' | 'advanced' | 'premier' | 'paragon' | 'prime';
export const USAGE_TIERS: readonly UsageTier[] = ['basic', 'advanced', 'premier', 'paragon', 'prime'];

export interface BucketLimit {
  readonly refillRate: number;
  readonly capacity: number;
}

const budgets: Record<UsageTier, { read: number; write: number }> = {
  basic: { read: 200, write: 100 },
  advanced: { read: 300, write: 300 },
  premier: { read: 1_000, write: 1_000 },
  paragon: { read: 2_000, write: 2_000 },
  prime: { read: 4_000, write: 4_000 },
};

export function tierLimits(tier: UsageTier): { read: BucketLimit; write: BucketLimit } {
  const budget = budgets[tier];
  return {
    read: { refillRate: budget.read, capacity: budget.read },
    write: { refillRate: budget.write, capacity: tier === 'basic' ? budget.write : budget.write * 2 },
  };
}

export const DEFAULT_COST = 10;
export const CANCEL_COST = 2;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly limit: BucketLimit,
    now: number,
  ) {
    this.tokens = limit.capacity;
    this.updatedAt = now;
  }

  /** Take `cost` tokens if available; false when the request must be refused. */
  take(cost: number, now: number): boolean {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.limit.capacity, this.tokens + elapsed * this.limit.refillRate);
    this.updatedAt = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

/** Read and write buckets per caller (a key id, or an address for unsigned requests). */
export class RateLimiter {
  private readonly buckets = new Map<string, { read: TokenBucket; write: TokenBucket; tier: UsageTier }>();

  constructor(private readonly defaultTier: UsageTier = 'basic') {}

  setTier(caller: string, tier: UsageTier, now: number): void {
    const limits = tierLimits(tier);
    this.buckets.set(caller, { read: new TokenBucket(limits.read, now), write: new TokenBucket(limits.write, now), tier });
  }

  tier(caller: string): UsageTier {
    return this.buckets.get(caller)?.tier ?? this.defaultTier;
  }

  take(caller: string, bucket: 'read' | 'write', cost: number, now: number): boolean {
    let entry = this.buckets.get(caller);
    if (!entry) {
      this.setTier(caller, this.defaultTier, now);
      entry = this.buckets.get(caller);
    }
    return entry ? entry[bucket].take(cost, now) : true;
  }
}
