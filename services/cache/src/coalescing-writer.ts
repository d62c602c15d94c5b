/**
 * Per-key write coalescing: latest wins, one write in flight per key. A key marked while its
 * write is in flight is written once more afterwards (with whatever is latest by then), however
 * many times it was marked, so a burst on one market costs two writes, not a queue of them. The
 * write function reads the current state when it starts. At most `concurrency` writes run at
 * once; other keys wait in the order they were marked. A failed write is retried after a delay.
 */

export interface CoalescingWriterOptions {
  write(key: string): Promise<void>;
  concurrency: number;
  retryDelayMs?(attempt: number): number;
  onFailure?(key: string, error: unknown, attempt: number): void;
}

const defaultRetryDelay = (attempt: number): number => Math.min(5000, 100 * 2 ** Math.min(attempt - 1, 6));

export class CoalescingWriter {
  private readonly inFlight = new Set<string>();
  /** Marked again while in flight: write once more when the current write ends. */
  private readonly again = new Set<string>();
  /** Waiting for a free slot, in marking order. */
  private readonly waiting = new Set<string>();
  private idleWaiters: Array<() => void> = [];
  private writes = 0;
  private coalesced = 0;
  private failures = 0;

  constructor(private readonly options: CoalescingWriterOptions) {
    if (options.concurrency < 1) throw new Error('concurrency must be at least 1');
  }

  /** This key changed: make sure its latest state gets written. */
  mark(key: string): void {
    if (this.inFlight.has(key)) {
      if (this.again.has(key)) this.coalesced += 1;
      else this.again.add(key);
    } else if (this.waiting.has(key)) {
      this.coalesced += 1;
    } else if (this.inFlight.size < this.options.concurrency) {
      this.start(key, 0);
    } else {
      this.waiting.add(key);
    }
  }

  /** Keys with a write in flight or still to be written. */
  get pending(): number {
    return this.inFlight.size + this.waiting.size + this.again.size;
  }

  stats(): { writes: number; coalesced: number; failures: number; pending: number } {
    return { writes: this.writes, coalesced: this.coalesced, failures: this.failures, pending: this.pending };
  }

  /** Resolves once every marked key has been written with its latest state. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(key: string, failedAttempts: number): void {
    this.inFlight.add(key);
    let written: Promise<void>;
    try {
      written = this.options.write(key);
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(
      () => {
        this.writes += 1;
        this.finish(key);
      },
      (error: unknown) => {
        const attempt = failedAttempts + 1;
        this.failures += 1;
        this.options.onFailure?.(key, error, attempt);
        setTimeout(() => {
          // The retry reads the latest state, which covers any mark made in the meantime.
          this.again.delete(key);
          this.start(key, attempt);
        }, (this.options.retryDelayMs ?? defaultRetryDelay)(attempt));
      },
    );
  }

  private finish(key: string): void {
    this.inFlight.delete(key);
    if (this.again.delete(key)) this.waiting.add(key);
    for (const next of this.waiting) {
      if (this.inFlight.size >= this.options.concurrency) break;
      this.waiting.delete(next);
      this.start(next, 0);
    }
    if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
