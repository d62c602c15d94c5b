/**
 * Token-bucket sizes and request costs (PROTOCOL §8.1). Defaults are the Basic tier: read
 * 200 tokens/s, write 100 tokens/s, capacity equal to the refill, 10 tokens per request, 2 per
 * cancel. Batch items are billed one by one.
 *
 * `read` and `write` describe the exchange's buckets. The client's own buckets hold and refill
 * `headroom` (default 90%) of them: the exchange counts requests when they arrive, and arrival
 * times shift with network latency (the first burst of a fresh client is the worst: connections
 * are opened and requests signed one after another), so a client spending at exactly the
 * exchange's rate is refused now and then. The margin absorbs that.
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
  /** Share of the exchange's buckets the client spends (0 < headroom ≤ 1). */
  headroom: number;
}

export const BASIC_TIER_LIMITS: RateLimits = {
  read: { refillPerSecond: 200, capacity: 200 },
  write: { refillPerSecond: 100, capacity: 100 },
  defaultCost: 10,
  cancelCost: 2,
  headroom: 0.9,
};

export interface RateLimitsInput {
  read?: Partial<BucketLimits>;
  write?: Partial<BucketLimits>;
  defaultCost?: number;
  cancelCost?: number;
  headroom?: number;
}

/** Fill the gaps of a partial configuration from the Basic tier. */
export function resolveRateLimits(input: RateLimitsInput = {}): RateLimits {
  return {
    read: { ...BASIC_TIER_LIMITS.read, ...input.read },
    write: { ...BASIC_TIER_LIMITS.write, ...input.write },
    defaultCost: input.defaultCost ?? BASIC_TIER_LIMITS.defaultCost,
    cancelCost: input.cancelCost ?? BASIC_TIER_LIMITS.cancelCost,
    headroom: input.headroom ?? BASIC_TIER_LIMITS.headroom,
  };
}

/**
 * The client's own bucket for one of the exchange's: `headroom` of its capacity and refill, still
 * accepting any single request the exchange's bucket would (a full-size batch).
 */
export function clientBucket(exchange: BucketLimits, headroom: number): { capacity: number; refillPerSecond: number; largestRequest: number } {
  if (!(headroom > 0 && headroom <= 1)) throw new RangeError(`headroom must be in (0, 1], got ${headroom}`);
  return { capacity: exchange.capacity * headroom, refillPerSecond: exchange.refillPerSecond * headroom, largestRequest: exchange.capacity };
}
