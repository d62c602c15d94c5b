/**
 * The simulated market universe: series, events and markets with the fields Kalshi serves
 * (PROTOCOL §4–5), in exact units where money is involved. Times are unix milliseconds.
 */
import type { Micros, PriceRange } from '@polly/contracts';
import type { FeeType, PriceBand } from '@polly/market';
import type { MarketTradingStatus } from '../engine/types';

export interface SettlementSource {
  readonly name: string;
  readonly url: string;
}

export interface SimSeries {
  readonly ticker: string;
  readonly title: string;
  readonly category: string;
  readonly tags: readonly string[];
  readonly frequency: string;
  readonly feeType: FeeType;
  readonly feeMultiplier: number;
  readonly settlementSources: readonly SettlementSource[];
  readonly contractUrl: string;
  readonly contractTermsUrl: string;
  readonly productMetadata: Readonly<Record<string, unknown>>;
  readonly lastUpdated: number;
}

export interface SimEvent {
  readonly eventTicker: string;
  /** Position in the `/events` listing: creation order, never reused. */
  readonly listingKey: number;
  readonly seriesTicker: string;
  readonly title: string;
  readonly subTitle: string;
  readonly mutuallyExclusive: boolean;
  readonly collateralReturnType: string;
  readonly strikeDate: number | null;
  readonly productMetadata: Readonly<Record<string, unknown>> | null;
  readonly marketTickers: string[];
  lastUpdated: number;
  /** For events whose markets compare one number to strikes (weather, ladders, brackets). */
  readonly valueModel: ValueModel | null;
  /** The realised value once drawn at determination. */
  realizedValue: number | null;
}

/** A normally distributed outcome, rounded to `step` (1 for degrees, 0.1 for percentages). */
export interface ValueModel {
  readonly mean: number;
  readonly deviation: number;
  readonly step: number;
}

export type StrikeType = 'greater' | 'greater_or_equal' | 'less' | 'less_or_equal' | 'between';

/** How a market's result is decided when it determines. */
export type Resolution =
  /** BTC: the 60-second BRTI average before `boundary` against the strike (15M: the strike is the average before open). */
  | { readonly kind: 'bitcoin'; readonly boundary: number }
  /** The event's realised value (a daily high, a CPI print) against the strike. */
  | { readonly kind: 'event-value' }
  /** Mutually exclusive choices: one market of the event wins, weighted by fair probability. */
  | { readonly kind: 'exclusive' }
  /** Anything else: YES with this probability, drawn from the seeded stream. */
  | { readonly kind: 'chance'; readonly probability: number };

export interface SimMarket {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly seriesTicker: string;
  /** Position in the `/markets` listing: creation order, never reused. */
  readonly listingKey: number;
  readonly title: string;
  readonly subtitle: string;
  yesSubTitle: string;
  noSubTitle: string;
  readonly createdTime: number;
  updatedTime: number;
  readonly openTime: number;
  readonly closeTime: number;
  readonly expectedExpirationTime: number;
  readonly latestExpirationTime: number;
  readonly occurrenceTime: number | null;
  readonly settlementTimerSeconds: number;
  status: MarketTradingStatus;
  readonly strikeType: StrikeType | null;
  floorStrike: number | null;
  capStrike: number | null;
  readonly rulesPrimary: string;
  readonly rulesSecondary: string;
  readonly canCloseEarly: boolean;
  readonly priceLevelStructure: string;
  readonly priceRanges: readonly PriceRange[];
  readonly bands: readonly PriceBand[];
  readonly resolution: Resolution;
  /** The model probability of YES that background traders quote around (drifts over time). */
  fairProbability: number;
  result: '' | 'yes' | 'no';
  expirationValue: string;
  determinedTime: number | null;
  settledTime: number | null;
  /** Previous-day quote and price (Kalshi's `previous_*`), rolled once per Eastern day. */
  previous: { day: number; yesBid: Micros; yesAsk: Micros; price: Micros } | null;
}
