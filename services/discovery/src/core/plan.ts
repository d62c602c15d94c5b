/**
 * The subscription plan: which markets ingest keeps an order book for. Discovery owns it and
 * publishes changes as `plan.updated` with increasing revisions; folding every revision of an
 * environment from the start of the stream gives the whole plan.
 *
 * Folding one revision: remove its `remove` tickers, then add its `add` tickers, each flagged as
 * watchlist when it is also in `watchlist`. A ticker already in the plan may be added again when
 * its watchlist flag changes; adding it is then idempotent for anyone who only tracks membership.
 */
import { type AnyEvent, type EventData, SubscriptionPlanUpdated } from '@polly/contracts';
import { isSubscribedState } from './classify';
import { type DecisionContext, envelope } from './envelope';
import { planEventId } from './ids';
import type { KnownMarket } from './known';

export type PlanData = EventData<typeof SubscriptionPlanUpdated>;

/** The largest `add` or `remove` list of one revision (the contract's limit). */
export const PLAN_BATCH_LIMIT = 2000;

export interface PlanState {
  /** The last revision published (0 before the first). */
  revision: number;
  /** Ticker → on the watchlist. */
  members: Map<string, boolean>;
}

export const emptyPlan = (): PlanState => ({ revision: 0, members: new Map() });

/** Apply one published revision (mutates and returns the state; folding is done once per revision). */
export function foldPlan(plan: PlanState, data: PlanData): PlanState {
  for (const ticker of data.remove) plan.members.delete(ticker);
  const watchlist = new Set(data.watchlist);
  for (const ticker of data.add) plan.members.set(ticker, watchlist.has(ticker));
  plan.revision = Math.max(plan.revision, data.revision);
  return plan;
}

export interface PlanDiff {
  /** [ticker, watchlist], sorted by ticker. */
  add: Array<[string, boolean]>;
  remove: string[];
}

/** Where a market should be: in the plan (with its watchlist flag) or out of it. */
function wanted(market: KnownMarket | undefined): { subscribed: boolean; watchlist: boolean } {
  if (!market || !isSubscribedState(market.state)) return { subscribed: false, watchlist: false };
  return { subscribed: true, watchlist: market.state === 'WATCHLIST' };
}

function diffTicker(plan: PlanState, ticker: string, market: KnownMarket | undefined, diff: PlanDiff): void {
  const target = wanted(market);
  const current = plan.members.get(ticker);
  if (target.subscribed && current !== target.watchlist) diff.add.push([ticker, target.watchlist]);
  else if (!target.subscribed && current !== undefined) diff.remove.push(ticker);
}

function sorted(diff: PlanDiff): PlanDiff {
  diff.add.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  diff.remove.sort();
  return diff;
}

/**
 * The whole plan against every known market: what to add and remove. A plan member discovery
 * does not know is kept (the read models may lag the plan after a restart); a complete cycle
 * reads it on its own and then knows it, or names it in `forget` when the exchange has it no more.
 */
export function diffPlan(plan: PlanState, markets: ReadonlyMap<string, KnownMarket>, forget: ReadonlySet<string> = new Set()): PlanDiff {
  const diff: PlanDiff = { add: [], remove: [] };
  for (const [ticker, market] of markets) diffTicker(plan, ticker, market, diff);
  for (const ticker of forget) if (plan.members.has(ticker) && !markets.has(ticker)) diff.remove.push(ticker);
  return sorted(diff);
}

/** The plan for a few markets only (a lifecycle event): the rest of the plan is left alone. */
export function diffPlanFor(plan: PlanState, tickers: Iterable<string>, markets: ReadonlyMap<string, KnownMarket>): PlanDiff {
  const diff: PlanDiff = { add: [], remove: [] };
  for (const ticker of new Set(tickers)) diffTicker(plan, ticker, markets.get(ticker), diff);
  return sorted(diff);
}

export const isEmptyDiff = (diff: PlanDiff): boolean => diff.add.length === 0 && diff.remove.length === 0;

/**
 * Cut a diff into revisions of at most PLAN_BATCH_LIMIT additions and removals each, numbered
 * after the plan's last revision. Returns the events and the plan as it is once they are folded.
 */
export function planRevisions(plan: PlanState, diff: PlanDiff, reason: string, context: DecisionContext): { events: AnyEvent[]; next: PlanState } {
  const next: PlanState = { revision: plan.revision, members: new Map(plan.members) };
  const events: AnyEvent[] = [];
  const batches = Math.max(Math.ceil(diff.add.length / PLAN_BATCH_LIMIT), Math.ceil(diff.remove.length / PLAN_BATCH_LIMIT));
  for (let batch = 0; batch < batches; batch += 1) {
    const added = diff.add.slice(batch * PLAN_BATCH_LIMIT, (batch + 1) * PLAN_BATCH_LIMIT);
    const data: PlanData = {
      revision: next.revision + 1,
      add: added.map(([ticker]) => ticker),
      remove: diff.remove.slice(batch * PLAN_BATCH_LIMIT, (batch + 1) * PLAN_BATCH_LIMIT),
      watchlist: added.filter(([, watchlist]) => watchlist).map(([ticker]) => ticker),
      reason: batches > 1 ? `${reason} (part ${batch + 1} of ${batches})` : reason,
    };
    events.push(envelope(SubscriptionPlanUpdated, data, planEventId(context.environment, data.revision), context));
    foldPlan(next, data);
  }
  return { events, next };
}
