/**
 * The bounded queue between the WebSocket and the bus. Frames are pushed as they arrive (never
 * awaited, so reading the socket never blocks on the bus) and published in arrival order with
 * several publishes in flight. Invariants:
 * - dispatch order is arrival order (one NATS connection keeps that order into the stream);
 * - when `capacity` items wait, `onPause` asks the producer to stop reading; when the queue has
 *   drained to `resumeAt`, `onResume` lets it read again. Items that still arrive while paused
 *   (already buffered by the socket) are accepted: the bound is a signal, nothing is dropped;
 * - a publish that fails transiently is retried with a growing delay until it succeeds; only a
 *   publish that can never succeed (the event is invalid) leaves the queue, through `onRejected`;
 * - with `coalescing`, an item may join one that still waits under the same key (the publishes
 *   are then fewer and larger), but never one queued before a barrier for that key: the order of
 *   items with the same key, and of each against its barriers, is kept. Nothing joins while the
 *   queue keeps up (every item leaves at once), so joining only happens under load. Depth and the
 *   capacity count items pushed, joined or not.
 */

/** How waiting items may be joined. */
export interface Coalescing<T> {
  /** Items with the same key may be joined while they wait; null: this item is never joined. */
  key(item: T): string | null;
  /** Keys whose waiting item no later item may join ('all': every key), e.g. another event of that market. */
  barrier(item: T): readonly string[] | 'all';
  /** The waiting item with this one added, or null when it cannot take it (full, another origin). */
  join(waiting: T, item: T): T | null;
  /** Called once on an item others joined, as it leaves the queue (to finish what joining deferred, such as its id). */
  seal?(item: T): T;
}

export interface PublishQueueOptions<T> {
  /** Waiting items at which the producer is paused. */
  capacity: number;
  /** Waiting items at which a paused producer resumes (default: half the capacity). */
  resumeAt?: number;
  /** Publishes in flight at once. */
  concurrency: number;
  publish(item: T): Promise<void>;
  /** True when the error can never go away for this item (it is then rejected, not retried). */
  isPermanent(error: unknown): boolean;
  onPause?(): void;
  onResume?(): void;
  onRejected?(item: T, error: unknown): void;
  onRetry?(item: T, error: unknown, attempt: number, delayMs: number): void;
  coalescing?: Coalescing<T>;
  now?(): number;
  /** Delay before retry number `attempt` (1-based). */
  retryDelayMs?(attempt: number): number;
}

export interface PublishQueueStats {
  /** Items waiting to be published (not counting those in flight), joined ones counted one by one. */
  depth: number;
  inFlight: number;
  paused: boolean;
  pauses: number;
  /** Total time the producer has been paused, the current pause included. */
  pausedMs: number;
  published: number;
  retries: number;
  rejected: number;
  /** Items that joined a waiting one instead of being published on their own. */
  joined: number;
  /** The largest depth seen. */
  highWater: number;
}

const defaultRetryDelay = (attempt: number): number => Math.min(5000, 50 * 2 ** Math.min(attempt - 1, 7));

interface Slot<T> {
  item: T;
  /** Items pushed that this slot holds (1, or more once others joined it). */
  weight: number;
  key: string | null;
}

export class PublishQueue<T> {
  private slots: Array<Slot<T> | undefined> = [];
  private head = 0;
  private waiting = 0;
  /** Per key, the newest waiting slot later items may still join. */
  private readonly open = new Map<string, Slot<T>>();
  private joined = 0;
  private inFlight = 0;
  private paused = false;
  private pausedSince = 0;
  private pausedTotal = 0;
  private pauses = 0;
  private published = 0;
  private retries = 0;
  private rejected = 0;
  private highWater = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly resumeAt: number;
  private readonly now: () => number;

  constructor(private readonly options: PublishQueueOptions<T>) {
    if (options.capacity < 1 || options.concurrency < 1) throw new Error('capacity and concurrency must be at least 1');
    this.resumeAt = Math.max(0, Math.min(options.resumeAt ?? Math.floor(options.capacity / 2), options.capacity - 1));
    this.now = options.now ?? Date.now;
  }

  get depth(): number {
    return this.waiting;
  }

  push(item: T): void {
    if (this.closed) throw new Error('the publish queue is closed');
    this.waiting += 1;
    if (!this.joinWaiting(item)) {
      const key = this.options.coalescing?.key(item) ?? null;
      const slot: Slot<T> = { item, weight: 1, key };
      this.slots.push(slot);
      if (key !== null) this.open.set(key, slot);
    }
    const depth = this.depth;
    if (depth > this.highWater) this.highWater = depth;
    this.pump();
    if (!this.paused && this.depth >= this.options.capacity) {
      this.paused = true;
      this.pauses += 1;
      this.pausedSince = this.now();
      this.options.onPause?.();
    }
  }

  stats(): PublishQueueStats {
    return {
      depth: this.depth,
      inFlight: this.inFlight,
      paused: this.paused,
      pauses: this.pauses,
      pausedMs: this.pausedTotal + (this.paused ? this.now() - this.pausedSince : 0),
      published: this.published,
      retries: this.retries,
      rejected: this.rejected,
      joined: this.joined,
      highWater: this.highWater,
    };
  }

  /** Resolves once nothing waits and nothing is in flight. */
  idle(): Promise<void> {
    if (this.depth === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuse new items; what is queued is still published (await `idle()` to let it finish). */
  close(): void {
    this.closed = true;
  }

  /** Join the item to the waiting one with its key if allowed; else apply its barrier. */
  private joinWaiting(item: T): boolean {
    const coalescing = this.options.coalescing;
    if (!coalescing) return false;
    const key = coalescing.key(item);
    const open = key === null ? undefined : this.open.get(key);
    if (open) {
      const joined = coalescing.join(open.item, item);
      if (joined !== null) {
        open.item = joined;
        open.weight += 1;
        this.joined += 1;
        return true;
      }
    }
    const barrier = coalescing.barrier(item);
    if (barrier === 'all') this.open.clear();
    else for (const key of barrier) this.open.delete(key);
    return false;
  }

  private take(): T {
    const slot = this.slots[this.head] as Slot<T>;
    this.slots[this.head] = undefined;
    this.head += 1;
    this.waiting -= slot.weight;
    // Once it leaves, nothing may join it.
    if (slot.key !== null && this.open.get(slot.key) === slot) this.open.delete(slot.key);
    if (slot.weight > 1 && this.options.coalescing?.seal) slot.item = this.options.coalescing.seal(slot.item);
    // Compact now and then so the array does not grow without bound.
    if (this.head > 4096 && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
    return slot.item;
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.head < this.slots.length) this.dispatch(this.take(), 0);
  }

  private dispatch(item: T, failedAttempts: number): void {
    this.inFlight += 1;
    let sent: Promise<void>;
    try {
      sent = this.options.publish(item);
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      () => {
        this.published += 1;
        this.settle();
      },
      (error: unknown) => {
        if (this.options.isPermanent(error)) {
          this.rejected += 1;
          this.options.onRejected?.(item, error);
          this.settle();
          return;
        }
        const attempt = failedAttempts + 1;
        const delayMs = (this.options.retryDelayMs ?? defaultRetryDelay)(attempt);
        this.retries += 1;
        this.options.onRetry?.(item, error, attempt, delayMs);
        // The slot stays taken while the item waits, so a failing bus also slows the producer.
        setTimeout(() => {
          this.inFlight -= 1;
          this.dispatch(item, attempt);
        }, delayMs);
      },
    );
  }

  private settle(): void {
    this.inFlight -= 1;
    this.pump();
    if (this.paused && this.depth <= this.resumeAt) {
      this.paused = false;
      this.pausedTotal += this.now() - this.pausedSince;
      this.options.onResume?.();
    }
    if (this.depth === 0 && this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
