/**
 * Cursor listings as async iterators that survive what long listings meet (PROTOCOL §3.3; the
 * market list runs past 40,000 entries):
 * - a failing page is retried per the retry table (by the executor); only a page that still fails
 *   ends the listing, with a KalshiFailure;
 * - an expired or unknown cursor (a 400/404/410 answer to a request that carried a cursor) restarts
 *   the listing from the first page, up to `maxRestarts` times;
 * - items are de-duplicated by key across pages and restarts, so nothing is yielded twice;
 * - every page spends read tokens, so a listing never outruns the read budget.
 */
import type { Clock } from '../clock';
import { type KalshiError, KalshiFailure, type KalshiResult } from '../errors';

export interface PaginationProgress {
  pages: number;
  /** Items yielded (after de-duplication). */
  items: number;
  duplicatesSkipped: number;
  /** Attempts beyond the first, summed over all pages. */
  retries: number;
  restarts: number;
  elapsedMs: number;
  done: boolean;
}

export interface ListOptions {
  /** Items per page (the exchange's maximum is 1000 for most lists, 200 for events). */
  pageSize?: number;
  /** How often an expired cursor may restart the listing before giving up (default 3). */
  maxRestarts?: number;
  /** Called after every page and once at the end. */
  onProgress?: (progress: PaginationProgress) => void;
}

export interface Page<T> {
  items: T[];
  cursor: string;
}

export interface PageSource<T> {
  operation: string;
  fetchPage: (cursor: string | undefined, pageSize: number | undefined) => Promise<KalshiResult<Page<T>>>;
  keyOf: (item: T) => string;
}

const cursorRejectionStatuses = new Set([400, 404, 410]);

export function isCursorRejection(error: KalshiError, cursorSent: boolean): boolean {
  return cursorSent && error.kind === 'http' && error.status !== undefined && cursorRejectionStatuses.has(error.status);
}

export async function* paginate<T>(source: PageSource<T>, clock: Clock, options: ListOptions = {}): AsyncGenerator<T, PaginationProgress> {
  const startedAt = clock.now();
  const seen = new Set<string>();
  const progress: PaginationProgress = { pages: 0, items: 0, duplicatesSkipped: 0, retries: 0, restarts: 0, elapsedMs: 0, done: false };
  const report = () => {
    progress.elapsedMs = clock.now() - startedAt;
    options.onProgress?.({ ...progress });
  };
  const maxRestarts = options.maxRestarts ?? 3;
  let cursor: string | undefined;
  for (;;) {
    const result = await source.fetchPage(cursor, options.pageSize);
    if (!result.ok) {
      progress.retries += Math.max(0, result.error.attempts - 1);
      if (isCursorRejection(result.error, cursor !== undefined) && progress.restarts < maxRestarts) {
        progress.restarts += 1;
        cursor = undefined;
        report();
        continue;
      }
      report();
      throw new KalshiFailure(result.error);
    }
    progress.pages += 1;
    progress.retries += result.attempts - 1;
    for (const item of result.value.items) {
      const key = source.keyOf(item);
      if (seen.has(key)) {
        progress.duplicatesSkipped += 1;
        continue;
      }
      seen.add(key);
      progress.items += 1;
      yield item;
    }
    cursor = result.value.cursor || undefined;
    if (cursor === undefined) {
      progress.done = true;
      report();
      return { ...progress };
    }
    report();
  }
}

/** Drain a listing into an array, turning a KalshiFailure back into a result (with what was read). */
export async function collectAll<T>(listing: AsyncIterable<T>): Promise<{ ok: true; value: T[] } | { ok: false; error: KalshiError; partial: T[] }> {
  const items: T[] = [];
  try {
    for await (const item of listing) items.push(item);
    return { ok: true, value: items };
  } catch (thrown) {
    if (thrown instanceof KalshiFailure) return { ok: false, error: thrown.error, partial: items };
    throw thrown;
  }
}
