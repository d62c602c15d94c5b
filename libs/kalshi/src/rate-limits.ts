/**
 * Token-bucket sizes and request costs (PROTOCOL §8.1). Defaults are the Basic tier: read
 * 200 tokens/s, write 100 tokens/s, capacity equal to the refill, 10 tokens per request, 2 per
 * cancel. Batch items are billed one by one.
 */

export interface BucketLimits {
  refillPerSecond: number;
  capacity: number;
}

export interface RateLimits {
  read: BucketLimits;
  write: BucketLimits;
  /** Tokens per request unless listed otherwise. */
  defaultCost: number;
  /** Tokens per order cancelled (single or batch item). */
  cancelCost: number;
}

export const BASIC_TIER_LIMITS: RateLimits = {
  read: { refillPerSecond: 200, capacity: 200 },
  write: { refillPerSecond: 100, capacity: 100 },
  defaultCost: 10,
  cancelCost: 2,
};

export interface RateLimitsInput {
  read?: Partial<BucketLimits>;
  write?: Partial<BucketLimits>;
  defaultCost?: number;
  cancelCost?: number;
}

/** Fill the gaps of a partial configuration from the Basic tier. */
export function resolveRateLimits(input: RateLimitsInput = {}): RateLimits {
  return {
    read: { ...BASIC_TIER_LIMITS.read, ...input.read },
    write: { ...BASIC_TIER_LIMITS.write, ...input.write },
    defaultCost: input.defaultCost ?? BASIC_TIER_LIMITS.defaultCost,
    cancelCost: input.cancelCost ?? BASIC_TIER_LIMITS.cancelCost,
  };
}
