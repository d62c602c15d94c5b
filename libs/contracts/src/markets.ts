/**
 * MARKETS: what discovery found and decided. Kept forever; the projector folds it into the
 * markets table, and ingest folds the subscription plan from it.
 * Subjects: markets.{environment}.{type}[.{ticker}]
 */
import { z } from 'zod';
import {
  CountText,
  DecimalText,
  DollarsText,
  EventTicker,
  MarketInternalState,
  MarketTicker,
  PriceRange,
  SeriesTicker,
  Timestamp,
} from './common';
import { defineEvent } from './define';

export const SeriesDiscovered = defineEvent({
  stream: 'MARKETS',
  type: 'series.synced',
  version: 1,
  kind: 'event',
  description: 'A series as listed by the exchange (first seen or changed).',
  key: (data) => data.seriesTicker,
  data: z.object({
    seriesTicker: SeriesTicker,
    title: z.string(),
    category: z.string(),
    frequency: z.string(),
    tags: z.array(z.string()),
    feeType: z.string(),
    feeMultiplier: DecimalText,
    volume: CountText.nullable(),
    /** True when the exchange says the series is simulated (the local exchange simulator). */
    simulated: z.boolean(),
  }),
});

export const EventDiscovered = defineEvent({
  stream: 'MARKETS',
  type: 'event.synced',
  version: 1,
  kind: 'event',
  description: 'An event (one instance of a series) as listed by the exchange.',
  key: (data) => data.eventTicker,
  data: z.object({
    eventTicker: EventTicker,
    seriesTicker: SeriesTicker,
    title: z.string(),
    subTitle: z.string(),
    category: z.string(),
    mutuallyExclusive: z.boolean(),
    strikeDate: Timestamp.nullable(),
  }),
});

export const MarketView = z.object({
  marketTicker: MarketTicker,
  eventTicker: EventTicker,
  seriesTicker: SeriesTicker,
  title: z.string(),
  subtitle: z.string(),
  yesSubTitle: z.string(),
  noSubTitle: z.string(),
  /** The exchange's status: initialized, active, inactive, closed, determined, finalized, ... */
  exchangeStatus: z.string(),
  internalState: MarketInternalState,
  openTime: Timestamp.nullable(),
  closeTime: Timestamp.nullable(),
  expectedExpirationTime: Timestamp.nullable(),
  strikeType: z.string().nullable(),
  floorStrike: DecimalText.nullable(),
  capStrike: DecimalText.nullable(),
  priceLevelStructure: z.string(),
  priceRanges: z.array(PriceRange),
  yesBid: DollarsText.nullable(),
  yesAsk: DollarsText.nullable(),
  lastPrice: DollarsText.nullable(),
  volume: CountText.nullable(),
  volume24h: CountText.nullable(),
  openInterest: CountText.nullable(),
  result: z.string().nullable(),
  settlementValue: DollarsText.nullable(),
  /** Position of the market in the exchange's listing order when it was found (0-based). */
  listingIndex: z.number().int().nonnegative().nullable(),
});
export type MarketView = z.infer<typeof MarketView>;

export const MarketSynced = defineEvent({
  stream: 'MARKETS',
  type: 'market.synced',
  version: 1,
  kind: 'event',
  description: 'A market as listed by the exchange, with its internal state (first seen, or any field changed).',
  key: (data) => data.marketTicker,
  data: MarketView,
});

export const MarketStateChanged = defineEvent({
  stream: 'MARKETS',
  type: 'market.state-changed',
  version: 1,
  kind: 'event',
  description: 'A market moved between ACTIVE, WATCHLIST, INACTIVE and IGNORED.',
  key: (data) => data.marketTicker,
  data: z.object({
    marketTicker: MarketTicker,
    from: MarketInternalState.nullable(),
    to: MarketInternalState,
    reason: z.string(),
    exchangeStatus: z.string().nullable(),
  }),
});

export const SubscriptionPlanUpdated = defineEvent({
  stream: 'MARKETS',
  type: 'plan.updated',
  version: 1,
  kind: 'event',
  description: 'Markets to add to and remove from the WebSocket subscriptions. Folded from the first revision it gives the whole plan.',
  data: z.object({
    revision: z.number().int().nonnegative(),
    add: z.array(MarketTicker).max(2000),
    remove: z.array(MarketTicker).max(2000),
    watchlist: z.array(MarketTicker).max(2000),
    reason: z.string(),
  }),
});

export const marketsEvents = {
  [SeriesDiscovered.type]: SeriesDiscovered,
  [EventDiscovered.type]: EventDiscovered,
  [MarketSynced.type]: MarketSynced,
  [MarketStateChanged.type]: MarketStateChanged,
  [SubscriptionPlanUpdated.type]: SubscriptionPlanUpdated,
} as const;
