/**
 * The internal state of a market, decided from its series, its category and the exchange status:
 *   IGNORED   excluded by configuration (series or category); stored, never subscribed. Wins over
 *             everything else, so an excluded series stays excluded whatever its markets do.
 *   INACTIVE  closed, determined, disputed, amended, finalized (or the LEGACY settled); kept for
 *             history and unsubscribed.
 *   WATCHLIST open or not yet open, in a configured series (agents prioritise these).
 *   ACTIVE    open or not yet open (initialized, active, paused), anywhere else.
 * Markets that are listed but not open yet are subscribed too, so a new 15-minute window has a
 * book from its first second.
 */
import type { MarketInternalState } from '@polly/contracts';

export interface MarketPolicy {
  /** Series tickers, upper case. */
  watchlistSeries: ReadonlySet<string>;
  /** Series tickers, upper case. */
  ignoredSeries: ReadonlySet<string>;
  /** Series categories, lower case. */
  ignoredCategories: ReadonlySet<string>;
}

export interface Classification {
  state: MarketInternalState;
  reason: string;
}

export function createPolicy(options: { watchlistSeries?: readonly string[]; ignoredSeries?: readonly string[]; ignoredCategories?: readonly string[] }): MarketPolicy {
  return {
    watchlistSeries: new Set((options.watchlistSeries ?? []).map((ticker) => ticker.toUpperCase())),
    ignoredSeries: new Set((options.ignoredSeries ?? []).map((ticker) => ticker.toUpperCase())),
    ignoredCategories: new Set((options.ignoredCategories ?? []).map((category) => category.toLowerCase())),
  };
}

/** Exchange statuses after which a market never trades again (PROTOCOL §5.3). */
const FINISHED_STATUSES: ReadonlySet<string> = new Set(['closed', 'determined', 'disputed', 'amended', 'finalized', 'settled', 'expired']);

export const isFinishedStatus = (exchangeStatus: string): boolean => FINISHED_STATUSES.has(exchangeStatus);

/** States whose markets belong in the subscription plan. */
export const isSubscribedState = (state: MarketInternalState): boolean => state === 'ACTIVE' || state === 'WATCHLIST';

export function classifyMarket(market: { seriesTicker: string; category: string | null; exchangeStatus: string }, policy: MarketPolicy): Classification {
  const series = market.seriesTicker.toUpperCase();
  if (policy.ignoredSeries.has(series)) return { state: 'IGNORED', reason: `series ${series} is ignored by configuration` };
  const category = market.category?.toLowerCase() ?? '';
  if (category && policy.ignoredCategories.has(category)) return { state: 'IGNORED', reason: `category ${market.category} is ignored by configuration` };
  if (isFinishedStatus(market.exchangeStatus)) return { state: 'INACTIVE', reason: `exchange status ${market.exchangeStatus}` };
  if (policy.watchlistSeries.has(series)) return { state: 'WATCHLIST', reason: `series ${series} is on the watchlist (exchange status ${market.exchangeStatus})` };
  return { state: 'ACTIVE', reason: `exchange status ${market.exchangeStatus}` };
}
