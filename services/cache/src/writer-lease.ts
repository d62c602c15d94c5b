/**
 * One writer per environment. Before it consumes anything, a cache takes the lease: the key
 * `writer` in the KV bucket `cache-writer-{environment}`, created only when absent. The bucket's
 * maximum age expires a lease whose holder stopped renewing it (a crash), so another instance
 * waits at most that long. The holder renews it every third of that age. A renewal that fails
 * for a passing reason (a timeout on a loaded machine, a reconnect) is tried again at the next
 * tick; the holder stops only when another instance holds the key, or when it has gone so long
 * without a renewal that the lease could expire and another instance take it (`renewalOutcome`).
 * A renewal whose answer was lost but which was stored is recognised by the holder's own name in
 * the key, and its revision adopted.
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

export type RenewalOutcome = 'retry' | 'adopt' | 'lost';

/**
 * What a failed renewal means, pure. `conflict`: the key's revision was not ours (someone wrote
 * it, or it expired). `currentHolder`: who the key names now (null when absent). A passing
 * failure is retried until less than half a renewal interval is left before the lease could
 * expire.
 */
export function renewalOutcome(failure: { conflict: boolean; currentHolder: string | null; holder: string; sinceRenewedMs: number; ttlMs: number; intervalMs: number }): RenewalOutcome {
  if (failure.conflict) return failure.currentHolder === failure.holder ? 'adopt' : 'lost';
  return failure.sinceRenewedMs >= failure.ttlMs - failure.intervalMs / 2 ? 'lost' : 'retry';
}

const holderOf = (text: string | undefined): string | null => {
  if (!text) return null;
  try {
    return (JSON.parse(text) as { holder?: string }).holder ?? null;
  } catch {
    return null;
  }
};

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
  const intervalMs = Math.max(50, Math.floor(ttlMs / 3));
  let renewing = true;
  let inFlight = false;
  let renewedAt = Date.now();
  const lose = (reason: string) => {
    renewing = false;
    clearInterval(timer);
    options.onLost(reason);
  };
  const renew = async () => {
    if (!renewing || inFlight) return;
    inFlight = true;
    try {
      revision = await kv.update(KEY, value(), revision);
      renewedAt = Date.now();
    } catch (error) {
      if (!renewing) return;
      const conflict = /wrong last sequence/i.test(String(error));
      const current = conflict ? await kv.get(KEY).catch(() => null) : null;
      const currentHolder = holderOf(current?.string());
      const outcome = renewalOutcome({ conflict, currentHolder, holder, sinceRenewedMs: Date.now() - renewedAt, ttlMs, intervalMs });
      if (outcome === 'adopt' && current) {
        revision = current.revision;
        renewedAt = Date.now();
      } else if (outcome === 'retry') {
        logger.warn({ environment, error: String(error), sinceRenewedMs: Date.now() - renewedAt }, 'writer lease renewal failed; trying again');
      } else {
        lose(conflict ? `the lease is held by ${currentHolder ?? 'nobody (it expired)'}` : `not renewed for ${Date.now() - renewedAt} ms: ${String(error)}`);
      }
    } finally {
      inFlight = false;
    }
  };
  const timer = setInterval(() => void renew(), intervalMs);
  timer.unref();
  return {
    release: async () => {
      renewing = false;
      clearInterval(timer);
      await kv.delete(KEY, { previousSeq: revision }).catch(() => undefined);
    },
  };
}
