/**
 * The subscription plan, folded from discovery's `plan.updated` events: every event adds and
 * removes markets, in stream order, so folding them all from the first gives the full current plan.
 * What the WebSocket should follow is then a difference between that plan and what it follows
 * now, sent in batches (one `update_subscription` per batch, never one per market).
 */
import type { EventData, SubscriptionPlanUpdated } from '@polly/contracts';

export type PlanUpdate = EventData<typeof SubscriptionPlanUpdated>;

export class SubscriptionPlan {
  readonly markets = new Set<string>();
  readonly watchlist = new Set<string>();
  /** The highest revision folded so far (-1 before the first). */
  revision = -1;
  updates = 0;

  /**
   * Fold one update as discovery does: its removals first, then its additions, each added market
   * on the watchlist exactly when the update lists it there (adding a market again changes only
   * that flag). Returns the markets that actually left and entered the plan.
   */
  apply(update: PlanUpdate): { added: string[]; removed: string[] } {
    const added: string[] = [];
    const removed: string[] = [];
    for (const ticker of update.remove) {
      this.watchlist.delete(ticker);
      if (this.markets.delete(ticker)) removed.push(ticker);
    }
    const watchlist = new Set(update.watchlist);
    for (const ticker of update.add) {
      if (watchlist.has(ticker)) this.watchlist.add(ticker);
      else this.watchlist.delete(ticker);
      if (this.markets.has(ticker)) continue;
      this.markets.add(ticker);
      added.push(ticker);
    }
    this.revision = Math.max(this.revision, update.revision);
    this.updates += 1;
    return { added, removed };
  }
}

export interface SubscriptionChange {
  add: string[][];
  remove: string[][];
}

/**
 * What to send so that `following` becomes `wanted`: markets to add and to remove, each cut into
 * batches of at most `batchSize`. Watchlist markets go first so they are followed soonest.
 */
export function subscriptionChange(
  wanted: ReadonlySet<string>,
  following: ReadonlySet<string>,
  batchSize: number,
  first: ReadonlySet<string> = new Set(),
): SubscriptionChange {
  const add: string[] = [];
  for (const ticker of first) if (wanted.has(ticker) && !following.has(ticker)) add.push(ticker);
  for (const ticker of wanted) if (!following.has(ticker) && !first.has(ticker)) add.push(ticker);
  const remove: string[] = [];
  for (const ticker of following) if (!wanted.has(ticker)) remove.push(ticker);
  return { add: batches(add, batchSize), remove: batches(remove, batchSize) };
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new Error('a batch holds at least one item');
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
