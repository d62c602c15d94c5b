/**
 * A token bucket that mirrors Kalshi's own rate limiter (PROTOCOL §8.1): `capacity` tokens at most,
 * refilled continuously at `refillPerSecond`. A request of cost c waits, asynchronously and in
 * arrival order, until c tokens are there.
 *
 * Guarantee: over any interval of length T, the tokens granted never exceed
 * `max(capacity, largestRequest) + refillPerSecond × T` — what the exchange's bucket allows. (Reporting late
 * sends with `noteSent` only lowers the level, so it keeps the guarantee.) Tokens are counted in
 * thousandths, in integers, so the guarantee holds exactly rather than up to floating-point error.
 */
import type { Clock, TimerHandle } from './clock';

export interface TokenBucketConfig {
  /** Most tokens the bucket holds (the largest burst). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
  /** Tokens at start; defaults to a full bucket, as the exchange's own starts. */
  initialTokens?: number;
  /**
   * The largest request accepted (default: `capacity`). A request larger than the capacity waits
   * for a full bucket and leaves it in debt, paid back by the refill before anyone else is served.
   * The client uses this to send a batch the exchange's (larger) bucket accepts while keeping its
   * own bucket below the exchange's.
   */
  largestRequest?: number;
}

export type TakeResult =
  | { granted: true; waitedMs: number; grantedAt: number }
  | { granted: false; reason: 'exceeds-capacity'; cost: number; capacity: number };

interface Waiter {
  readonly costMilli: number;
  readonly enqueuedAt: number;
  readonly resolve: (result: TakeResult) => void;
}

const MILLI = 1000;

export class TokenBucket {
  private capacityMilli = 0;
  private largestMilli = 0;
  private refillPerSecond = 0;
  private tokensMilli = 0;
  private refilledAt: number;
  private readonly queue: Waiter[] = [];
  private timer: TimerHandle | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    config: TokenBucketConfig,
    private readonly clock: Clock,
  ) {
    this.refilledAt = clock.now();
    this.applyConfig(config);
    this.tokensMilli = Math.min(this.capacityMilli, Math.round((config.initialTokens ?? config.capacity) * MILLI));
  }

  get capacity(): number {
    return this.capacityMilli / MILLI;
  }

  get rate(): number {
    return this.refillPerSecond;
  }

  /** Tokens available now (possibly fractional). */
  available(): number {
    this.refill();
    return this.tokensMilli / MILLI;
  }

  /** Requests waiting for tokens. */
  waiting(): number {
    return this.queue.length;
  }

  /** Take `cost` tokens now if they are there and nobody is queued ahead; never waits. */
  tryTake(cost: number): boolean {
    this.refill();
    const costMilli = Math.round(cost * MILLI);
    if (this.queue.length > 0 || costMilli > this.tokensMilli) return false;
    this.tokensMilli -= costMilli;
    return true;
  }

  /** Wait (in arrival order) until `cost` tokens are available, then take them. */
  take(cost: number): Promise<TakeResult> {
    const costMilli = Math.round(cost * MILLI);
    if (costMilli > this.largestMilli) {
      return Promise.resolve({ granted: false, reason: 'exceeds-capacity', cost, capacity: this.largestMilli / MILLI });
    }
    return new Promise((resolve) => {
      this.queue.push({ costMilli, enqueuedAt: this.clock.now(), resolve });
      this.drain();
    });
  }

  /**
   * A request granted at `grantedAt` actually left at `sentAt` (signing and connecting took the
   * time between). The exchange starts counting from arrival, so the refill this bucket credited
   * in between never happened there: take it back (once for overlapping requests). This keeps a
   * stalled event loop, which releases a clump of requests late, from bursting past the exchange.
   */
  noteSent(grantedAt: number, sentAt: number): void {
    const from = Math.max(grantedAt, this.lastSentAt);
    this.lastSentAt = Math.max(this.lastSentAt, sentAt);
    if (sentAt <= from) return;
    this.refill();
    this.tokensMilli -= Math.floor((sentAt - from) * this.refillPerSecond);
  }

  /** Change capacity and rate (for example from GET /account/limits); queued requests keep their place. */
  reconfigure(config: TokenBucketConfig): void {
    this.refill();
    this.applyConfig(config);
    this.tokensMilli = Math.min(this.tokensMilli, this.capacityMilli);
    for (const waiter of this.queue.filter((queued) => queued.costMilli > this.largestMilli)) {
      this.queue.splice(this.queue.indexOf(waiter), 1);
      waiter.resolve({ granted: false, reason: 'exceeds-capacity', cost: waiter.costMilli / MILLI, capacity: this.largestMilli / MILLI });
    }
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.drain();
  }

  private applyConfig(config: TokenBucketConfig): void {
    if (!(config.capacity > 0) || !(config.refillPerSecond > 0)) {
      throw new RangeError(`token bucket needs a positive capacity and refill rate, got ${JSON.stringify(config)}`);
    }
    this.capacityMilli = Math.round(config.capacity * MILLI);
    this.largestMilli = Math.max(this.capacityMilli, Math.round((config.largestRequest ?? config.capacity) * MILLI));
    this.refillPerSecond = config.refillPerSecond;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedMs = now - this.refilledAt;
    if (elapsedMs <= 0) return;
    // refillPerSecond tokens per second = refillPerSecond milli-tokens per millisecond.
    this.tokensMilli = Math.min(this.capacityMilli, this.tokensMilli + Math.floor(elapsedMs * this.refillPerSecond));
    this.refilledAt = now;
  }

  private drain(): void {
    this.refill();
    const now = this.clock.now();
    // A request larger than the capacity is served from a full bucket (and leaves it in debt).
    const needed = (waiter: Waiter) => Math.min(waiter.costMilli, this.capacityMilli);
    for (let head = this.queue[0]; head !== undefined && needed(head) <= this.tokensMilli; head = this.queue[0]) {
      this.queue.shift();
      this.tokensMilli -= head.costMilli;
      head.resolve({ granted: true, waitedMs: now - head.enqueuedAt, grantedAt: now });
    }
    const head = this.queue[0];
    if (head === undefined || this.timer !== null) return;
    const waitMs = Math.max(1, Math.ceil((needed(head) - this.tokensMilli) / this.refillPerSecond));
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      this.drain();
    }, waitMs);
  }
}
