/**
 * Order entry waits for write tokens here rather than inside the Kalshi client, so the kill
 * switch can be looked at after the wait and immediately before the request.
 *
 * Queued launches run in arrival order, one at a time, only when the client's write bucket
 * already holds their tokens and nothing waits in it. A launch runs synchronously: it checks the
 * switch and calls the client, whose bucket grants the tokens in the same call (it has them), so
 * no message — a `trading.disable` included — can be handled between the check and the request
 * leaving. `flush` runs every queued launch at once (they find trading stopped and send nothing).
 */
import type { TokenBucket } from '@polly/kalshi';

interface Waiting {
  cost: number;
  start: () => void;
}

export class WritePermits {
  private readonly queue: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly bucket: () => TokenBucket) {}

  run<T>(cost: number, launch: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        cost,
        start: () => {
          try {
            launch().then(resolve, reject);
          } catch (error) {
            reject(error);
          }
        },
      });
      this.pump();
    });
  }

  /** Launches waiting for tokens. */
  get waiting(): number {
    return this.queue.length;
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const waiting of this.queue.splice(0)) waiting.start();
  }

  private pump(): void {
    if (this.timer !== null) return;
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      const bucket = this.bucket();
      const available = bucket.available();
      if (bucket.waiting() === 0 && available >= head.cost) {
        this.queue.shift();
        head.start();
        continue;
      }
      const deficitMs = bucket.waiting() > 0 ? 5 : Math.ceil(((head.cost - available) / bucket.rate) * 1000);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, Math.max(1, deficitMs));
      return;
    }
  }
}
