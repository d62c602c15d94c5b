import { ManualClock } from './clock';
import { TokenBucket } from './token-bucket';

interface Grant {
  at: number;
  cost: number;
}

/** Queue `requests` takes at once and record when each is granted, letting simulated time run. */
async function runSaturated(bucket: TokenBucket, clock: ManualClock, requests: number[], durationMs: number): Promise<Grant[]> {
  const grants: Grant[] = [];
  for (const cost of requests) {
    void bucket.take(cost).then((result) => {
      if (result.granted) grants.push({ at: clock.now(), cost });
    });
  }
  await clock.advance(durationMs);
  return grants;
}

/** The most tokens granted in any window [t, t + windowMs) that starts at a grant. */
function busiestWindow(grants: Grant[], windowMs: number, startAfter = -Infinity): number {
  let busiest = 0;
  for (const start of grants.filter((grant) => grant.at >= startAfter)) {
    const inWindow = grants.filter((grant) => grant.at >= start.at && grant.at < start.at + windowMs);
    busiest = Math.max(busiest, inWindow.reduce((sum, grant) => sum + grant.cost, 0));
  }
  return busiest;
}

describe('a token bucket at the Basic read tier (200 tokens/s, capacity 200, 10 per request)', () => {
  it('never grants more than the refill rate in any simulated second once the burst is spent', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 200, refillPerSecond: 200, initialTokens: 0 }, clock);
    const grants = await runSaturated(bucket, clock, Array(400).fill(10), 10_000);
    expect(busiestWindow(grants, 1000)).toBeLessThanOrEqual(200);
    // and it is not needlessly slow: 200 tokens/s for 10 s is 200 requests.
    expect(grants.length).toBeGreaterThanOrEqual(199);
  });

  it('allows at most one burst of capacity on top of the refill, as the exchange does', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 200, refillPerSecond: 200 }, clock);
    const grants = await runSaturated(bucket, clock, Array(400).fill(10), 5_000);
    expect(grants.filter((grant) => grant.at === grants[0]?.at)).toHaveLength(20);
    expect(busiestWindow(grants, 1000)).toBeLessThanOrEqual(400);
    expect(busiestWindow(grants, 1000, (grants[0]?.at ?? 0) + 1000)).toBeLessThanOrEqual(200);
    // over any interval T: at most capacity + rate × T.
    for (const windowMs of [1, 50, 250, 999, 2_500]) {
      expect(busiestWindow(grants, windowMs)).toBeLessThanOrEqual(200 + (200 * windowMs) / 1000);
    }
  });

  it('serves waiters in arrival order, so a large request is not starved by small ones', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 100, initialTokens: 0 }, clock);
    const order: string[] = [];
    void bucket.take(100).then(() => order.push('large'));
    for (let index = 0; index < 5; index += 1) void bucket.take(2).then(() => order.push(`small-${index}`));
    await clock.advance(1_200);
    expect(order[0]).toBe('large');
    expect(order).toHaveLength(6);
  });

  it('waits on one timer instead of polling', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 100, initialTokens: 0 }, clock);
    for (let index = 0; index < 50; index += 1) void bucket.take(10);
    expect(clock.pendingTimers()).toBe(1);
    expect(bucket.waiting()).toBe(50);
    await clock.advance(100);
    expect(bucket.waiting()).toBe(49);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('reports how long a request waited', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 100, initialTokens: 0 }, clock);
    const taken = bucket.take(10);
    await clock.advance(500);
    await expect(taken).resolves.toEqual({ granted: true, waitedMs: 100, grantedAt: clock.now() - 400 });
  });

  it('takes back the refill it credited while granted requests had not left yet, once for overlapping ones', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 100 }, clock);
    const grantedAt = clock.now();
    for (let index = 0; index < 10; index += 1) await bucket.take(10);
    // A stalled event loop: the ten requests leave one after another over the next 200 ms.
    await clock.advance(200);
    for (let index = 1; index <= 10; index += 1) bucket.noteSent(grantedAt, grantedAt + index * 20);
    // The exchange saw the burst end at +200 ms and has refilled nothing since: neither has this bucket.
    expect(bucket.available()).toBe(0);
    await clock.advance(100);
    expect(bucket.available()).toBe(10);
  });

  it('refuses a request larger than the whole bucket instead of waiting forever', async () => {
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 100 }, new ManualClock());
    await expect(bucket.take(101)).resolves.toEqual({ granted: false, reason: 'exceeds-capacity', cost: 101, capacity: 100 });
  });

  it('serves a request larger than the capacity (up to largestRequest) from a full bucket, then pays the debt', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 90, refillPerSecond: 90, largestRequest: 100, initialTokens: 0 }, clock);
    const grants: Array<[string, number]> = [];
    void bucket.take(100).then(() => grants.push(['batch', clock.now() - 1_767_225_600_000]));
    void bucket.take(10).then(() => grants.push(['single', clock.now() - 1_767_225_600_000]));
    await bucket.take(101).then((result) => expect(result).toMatchObject({ granted: false, capacity: 100 }));
    await clock.advance(2_000);
    // Full (90) after 1 s: the batch leaves the bucket at -10; 10 more tokens need 20/90 s more.
    expect(grants).toEqual([
      ['batch', 1000],
      ['single', 1223],
    ]);
  });

  it('takes immediately when tokens are there, and tryTake never waits', () => {
    const bucket = new TokenBucket({ capacity: 20, refillPerSecond: 10 }, new ManualClock());
    expect(bucket.tryTake(15)).toBe(true);
    expect(bucket.tryTake(10)).toBe(false);
    expect(bucket.available()).toBe(5);
  });

  it('adopts new limits without losing queued requests', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 10, initialTokens: 0 }, clock);
    const grants: number[] = [];
    for (let index = 0; index < 10; index += 1) void bucket.take(10).then(() => grants.push(clock.now()));
    bucket.reconfigure({ capacity: 100, refillPerSecond: 1000 });
    await clock.advance(100);
    expect(grants).toHaveLength(10);
  });
});
