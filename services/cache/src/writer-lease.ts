/**
 * One writer per environment. Before it consumes anything, a cache takes the lease: the key
 * `writer` in the KV bucket `cache-writer-{environment}`, created only when absent. The bucket's
 * maximum age expires a lease whose holder stopped renewing it (a crash), so another instance
 * waits at most that long. The holder renews it well within that age; if a renewal fails, another
 * instance may be writing, and the holder must stop.
 */
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import type { Logger } from '@polly/runtime';

export interface WriterLeaseOptions {
  bus: Bus;
  environment: Environment;
  /** Who holds it (shown to the others while they wait). */
  holder: string;
  ttlMs: number;
  logger: Logger;
  signal: AbortSignal;
  /** The lease was lost (another writer may be active): stop writing. */
  onLost(reason: string): void;
}

export interface WriterLease {
  release(): Promise<void>;
}

const KEY = 'writer';

const sleep = (milliseconds: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/** Wait for the lease and hold it; null when the signal aborts first. */
export async function acquireWriterLease(options: WriterLeaseOptions): Promise<WriterLease | null> {
  const { bus, environment, holder, ttlMs, logger, signal } = options;
  const kv = await bus.bucketKeyValue(`cache-writer-${environment}`, { history: 1, ttl: ttlMs, description: `Lease of the single cache writer of ${environment}` });
  const value = () => JSON.stringify({ holder, renewedAt: new Date().toISOString() });
  let revision = 0;
  let told = false;
  while (revision === 0) {
    if (signal.aborted) return null;
    try {
      revision = await kv.create(KEY, value());
    } catch (error) {
      if (!/wrong last sequence/i.test(String(error))) throw error;
      if (!told) {
        const current = await kv.get(KEY).catch(() => null);
        logger.warn({ environment, holder: current?.string() ?? 'unknown' }, 'another cache holds the writer lease; standing by until it is released or expires');
        told = true;
      }
      await sleep(Math.max(100, Math.floor(ttlMs / 5)), signal);
    }
  }
  logger.info({ environment, holder }, 'writer lease taken');
  let renewing = true;
  const renew = async () => {
    try {
      revision = await kv.update(KEY, value(), revision);
    } catch (error) {
      if (!renewing) return;
      renewing = false;
      clearInterval(timer);
      options.onLost(String(error));
    }
  };
  const timer = setInterval(() => void renew(), Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    release: async () => {
      renewing = false;
      clearInterval(timer);
      await kv.delete(KEY, { previousSeq: revision }).catch(() => undefined);
    },
  };
}
