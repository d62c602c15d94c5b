/**
 * Cursor pagination over listings with ascending keys (markets, events by listing key; fills,
 * orders, trades by sequence). A page is `limit` matching items after the cursor's key; the
 * cursor is "" when nothing matching follows.
 */
import type { RequestContext } from './router';
import { HttpError } from './http';

export interface Page<T> {
  readonly items: T[];
  readonly cursor: string;
}

/** Read `limit` within [1, max] (default when absent). */
export function readLimit(context: RequestContext, fallback: number, max: number): number {
  const text = context.query.get('limit');
  if (text === undefined) return fallback;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new HttpError(400, 'invalid_parameters', 'invalid parameters', `limit must be an integer from 1 to ${max}`);
  }
  return limit;
}

/**
 * Walk `items` (ascending by key) from just after the cursor, or (newest first) from just
 * before it, keeping those that pass `accept`.
 */
export function paginate<T>(
  context: RequestContext,
  scope: string,
  filters: unknown,
  items: readonly T[],
  keyOf: (item: T) => number,
  accept: (item: T) => boolean,
  limit: number,
  order: 'ascending' | 'newest-first' = 'ascending',
): Page<T> {
  const fingerprint = JSON.stringify(filters);
  const after = context.cursors.decode(context.query.get('cursor'), scope, fingerprint, context.wallNow);
  const page: T[] = [];
  const step = order === 'ascending' ? 1 : -1;
  let index = order === 'ascending' ? startAfter(items, keyOf, after) : startBefore(items, keyOf, after);
  for (; index >= 0 && index < items.length; index += step) {
    const item = items[index] as T;
    if (!accept(item)) continue;
    if (page.length === limit) {
      const last = page[page.length - 1] as T;
      return { items: page, cursor: context.cursors.encode(scope, keyOf(last), fingerprint, context.wallNow) };
    }
    page.push(item);
  }
  return { items: page, cursor: '' };
}

function startAfter<T>(items: readonly T[], keyOf: (item: T) => number, key: number | null): number {
  if (key === null) return 0;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (keyOf(items[middle] as T) <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function startBefore<T>(items: readonly T[], keyOf: (item: T) => number, key: number | null): number {
  if (key === null) return items.length - 1;
  return startAfter(items, keyOf, key - 1) - 1;
}
