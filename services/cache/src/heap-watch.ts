/**
 * The cache keeps every market in memory under a bounded V8 heap (POLLY_CACHE_HEAP_MB, set by
 * compose and `npm start` as --max-old-space-size). It warns in its log, at most every five
 * minutes, when the heap still in use after a full (mark-compact) collection is above 85 % of the
 * limit — what the markets really hold, not garbage waiting for the next collection — so the
 * limit is raised before the process runs out. `shouldWarn` is the decision; `watchHeap` listens
 * to V8's collections and logs.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { Logger } from '@polly/runtime';

export const HEAP_WARNING_SHARE = 0.85;
export const HEAP_WARNING_INTERVAL_MS = 5 * 60_000;

export function shouldWarn(usedBytes: number, limitBytes: number, lastWarnedAt: number | null, now: number): boolean {
  if (usedBytes < limitBytes * HEAP_WARNING_SHARE) return false;
  return lastWarnedAt === null || now - lastWarnedAt >= HEAP_WARNING_INTERVAL_MS;
}

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** Logs the limit once, then checks after every full collection until the returned function stops it. */
export function watchHeap(logger: Logger, configuredMegabytes: number | undefined, limit = getHeapStatistics().heap_size_limit): () => void {
  logger.info({ heapLimitMb: megabytes(limit), configuredHeapMb: configuredMegabytes ?? null }, 'cache heap limit');
  let lastWarnedAt: number | null = null;
  const observer = new PerformanceObserver((list) => {
    if (!list.getEntries().some((entry) => (entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) return;
    const used = getHeapStatistics().used_heap_size;
    const now = Date.now();
    if (!shouldWarn(used, limit, lastWarnedAt, now)) return;
    lastWarnedAt = now;
    logger.warn(
      { heapUsedMb: megabytes(used), heapLimitMb: megabytes(limit) },
      `the cache heap is above ${HEAP_WARNING_SHARE * 100} % of its limit after a full collection: raise POLLY_CACHE_HEAP_MB (docs/market-data.md, "Memory") before it runs out`,
    );
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
