import { RateLimiter } from './rate-limit';

describe('the per-address token bucket', () => {
  let now = 0;
  const limiter = () => new RateLimiter({ refillPerSecond: 30, capacity: 60, now: () => now, idleMs: 60_000 });
  beforeEach(() => {
    now = 1_000_000;
  });

  describe('when one address sends a burst', () => {
    it('lets 60 through and refuses the 61st with a retry delay', () => {
      const buckets = limiter();
      const decisions = Array.from({ length: 61 }, () => buckets.take('127.0.0.1'));
      expect(decisions.slice(0, 60).every((decision) => decision.allowed)).toBe(true);
      expect(decisions[60]).toEqual({ allowed: false, retryAfterSeconds: 1 });
    });
  });

  describe('when time passes after a burst', () => {
    it('refills 30 tokens per second and never more than the capacity', () => {
      const buckets = limiter();
      for (let index = 0; index < 60; index += 1) buckets.take('a');
      now += 1000;
      const allowed = Array.from({ length: 40 }, () => buckets.take('a')).filter((decision) => decision.allowed).length;
      expect(allowed).toBe(30);
      now += 3_600_000;
      const afterAnHour = Array.from({ length: 70 }, () => buckets.take('a')).filter((decision) => decision.allowed).length;
      expect(afterAnHour).toBe(60);
    });
  });

  describe('when several addresses send at once', () => {
    it('keeps a bucket per address and forgets idle ones', () => {
      const buckets = limiter();
      for (let index = 0; index < 60; index += 1) buckets.take('a');
      expect(buckets.take('a').allowed).toBe(false);
      expect(buckets.take('b').allowed).toBe(true);
      now += 120_000;
      buckets.take('c');
      expect(buckets.size).toBe(1);
    });
  });
});
