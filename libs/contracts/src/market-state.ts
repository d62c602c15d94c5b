/**
 * The cache's view of one market, kept in the NATS KV bucket `market-state-{environment}` under
 * the market ticker itself (`marketStateKey`: KV keys allow the dots some tickers contain).
 * Written only by the cache service; everyone else reads. A light notification goes out on `cache.{environment}.updated.{ticker}` (core NATS,
 * not stored) each time an entry changes, so agents can react without watching every entry.
 */
import { z } from 'zod';
import { encodeSubjectToken } from './subjects';
import { BookLevel, CountText, DollarsText, MarketTicker, OutcomeSide, Timestamp } from './common';

export const MarketStateTrade = z.object({
  tradeId: z.string(),
  yesPrice: DollarsText,
  count: CountText,
  takerSide: OutcomeSide,
  at: Timestamp,
});

export const MarketState = z.object({
  marketTicker: MarketTicker,
  eventTicker: z.string().nullable(),
  seriesTicker: z.string().nullable(),
  /** The exchange's status (active, closed, determined, ...) as last seen. */
  status: z.string().nullable(),
  /** True while the book cannot be trusted (sequence gap, lost connection) until a fresh snapshot. */
  stale: z.boolean(),
  staleReason: z.string().nullable(),
  yesBid: DollarsText.nullable(),
  yesBidSize: CountText.nullable(),
  noBid: DollarsText.nullable(),
  noBidSize: CountText.nullable(),
  /** Derived: 1 − best NO bid. */
  yesAsk: DollarsText.nullable(),
  /** Derived: 1 − best YES bid. */
  noAsk: DollarsText.nullable(),
  spread: DollarsText.nullable(),
  midpoint: DollarsText.nullable(),
  /** The midpoint when both sides exist, else the last price: a probability written as a price. */
  impliedProbability: DollarsText.nullable(),
  lastPrice: DollarsText.nullable(),
  volume: CountText.nullable(),
  openInterest: CountText.nullable(),
  book: z.object({ yes: z.array(BookLevel), no: z.array(BookLevel) }),
  /** The last 100 trades, newest last. */
  recentTrades: z.array(MarketStateTrade).max(100),
  /** Increases with every write of this entry. */
  revision: z.number().int().nonnegative(),
  updatedAt: Timestamp,
});
export type MarketState = z.infer<typeof MarketState>;

/**
 * Only a market state's status and staleness, for readers on the order path (the gate,
 * execution's checks): validating a whole entry (book and 100 trades) costs about ten times as
 * much as reading its JSON, over a millisecond on the development machines.
 */
export const MarketStateStatus = MarketState.pick({ status: true, stale: true, staleReason: true });
export type MarketStateStatus = z.infer<typeof MarketStateStatus>;

export const MarketStateNotification = z.object({
  marketTicker: MarketTicker,
  revision: z.number().int().nonnegative(),
  stale: z.boolean(),
  /** What changed: the book, a trade, the ticker or the status. */
  cause: z.enum(['book', 'trade', 'ticker', 'status', 'stale']),
  yesBid: DollarsText.nullable(),
  yesAsk: DollarsText.nullable(),
  lastPrice: DollarsText.nullable(),
  updatedAt: Timestamp,
});
export type MarketStateNotification = z.infer<typeof MarketStateNotification>;

export const marketStateBucket = (environment: 'live' | 'demo'): string => `market-state-${environment}`;

const kvKeyPattern = /^[-/=\w]+(\.[-/=\w]+)*$/;
/** The KV key of a market: its ticker, when that is a legal KV key (every Kalshi ticker is). */
export const marketStateKey = (ticker: string): string | undefined => (kvKeyPattern.test(ticker) ? ticker : undefined);
export const marketStateNotificationSubject = (environment: 'live' | 'demo', ticker: string): string =>
  `cache.${environment}.updated.${encodeSubjectToken(ticker)}`;
