/**
 * The cache's `MarketState` of one market, derived from its L2 order book and the facts the
 * stream told us about it (ticker, trades, lifecycle, staleness). Pure: the same book and facts
 * always give the same state, and every money field is exact fixed-point text.
 *
 * Derivations (PRD "Orderbook Reciprocity"; Kalshi books carry bids only):
 * - YES ask = 1 − best NO bid, NO ask = 1 − best YES bid;
 * - spread = YES ask − best YES bid; midpoint = (best YES bid + YES ask) / 2;
 * - implied probability = the midpoint when both sides exist, else the last traded price.
 * The book is written ascending (best bid last), the REST `orderbook_fp` order, so it compares
 * directly with the exchange's own book.
 */
import { type MarketState, formatCount, formatDollars } from '@polly/contracts';
import type { OrderBook } from './order-book';

export const RECENT_TRADES_KEPT = 100;

export type RecentTrade = MarketState['recentTrades'][number];

/** Everything but the book that a market's state is made of. */
export interface MarketFacts {
  marketTicker: string;
  eventTicker: string | null;
  seriesTicker: string | null;
  status: string | null;
  /** True while the book cannot be trusted (until a fresh snapshot). */
  stale: boolean;
  staleReason: string | null;
  lastPrice: string | null;
  volume: string | null;
  openInterest: string | null;
  /** Oldest first; at most RECENT_TRADES_KEPT are written. */
  recentTrades: readonly RecentTrade[];
  revision: number;
  updatedAt: string;
}

/** The top of the book and what follows from it, as exact dollar and count text. */
export interface BookQuote {
  yesBid: string | null;
  yesBidSize: string | null;
  noBid: string | null;
  noBidSize: string | null;
  yesAsk: string | null;
  noAsk: string | null;
  spread: string | null;
  midpoint: string | null;
}

export function quoteOf(book: OrderBook): BookQuote {
  const yesBid = book.bestYesBid();
  const noBid = book.bestNoBid();
  const yesAsk = book.yesAsk();
  const noAsk = book.noAsk();
  const spread = book.spread();
  const midpoint = book.midpoint();
  return {
    yesBid: yesBid === null ? null : formatDollars(yesBid.price),
    yesBidSize: yesBid === null ? null : formatCount(yesBid.size),
    noBid: noBid === null ? null : formatDollars(noBid.price),
    noBidSize: noBid === null ? null : formatCount(noBid.size),
    yesAsk: yesAsk === null ? null : formatDollars(yesAsk.price),
    noAsk: noAsk === null ? null : formatDollars(noAsk.price),
    spread: spread === null ? null : formatDollars(spread),
    midpoint: midpoint === null ? null : formatDollars(midpoint),
  };
}

/** Derive the full state written to the cache. */
export function deriveMarketState(book: OrderBook, facts: MarketFacts): MarketState {
  const quote = quoteOf(book);
  const levels = book.toOrderbookFp();
  const trades = facts.recentTrades.length > RECENT_TRADES_KEPT ? facts.recentTrades.slice(-RECENT_TRADES_KEPT) : facts.recentTrades;
  return {
    marketTicker: facts.marketTicker,
    eventTicker: facts.eventTicker,
    seriesTicker: facts.seriesTicker,
    status: facts.status,
    stale: facts.stale,
    staleReason: facts.stale ? facts.staleReason : null,
    ...quote,
    impliedProbability: quote.midpoint ?? facts.lastPrice,
    lastPrice: facts.lastPrice,
    volume: facts.volume,
    openInterest: facts.openInterest,
    book: { yes: levels.yes_dollars, no: levels.no_dollars },
    recentTrades: [...trades],
    revision: facts.revision,
    updatedAt: facts.updatedAt,
  };
}

/**
 * The series of an event or market ticker: Kalshi tickers start with the series ticker followed
 * by a dash (`KXBTC15M-26JUL221315-15` is in series `KXBTC15M`). Null when there is no dash.
 */
export function seriesOfTicker(ticker: string): string | null {
  const dash = ticker.indexOf('-');
  return dash > 0 ? ticker.slice(0, dash) : null;
}
