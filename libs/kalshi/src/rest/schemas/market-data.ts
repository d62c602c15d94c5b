/**
 * Market-data response bodies (PROTOCOL §4–5, CURRENT shapes of kalshi-typescript 3.30.0).
 * Objects are tolerant: unknown fields are dropped, CURRENT fields are required, LEGACY extras
 * (integer cents and counts) are accepted and passed through when present.
 */
import { z } from 'zod';
import {
  BookLevelText,
  BookSide,
  CountText,
  Cursor,
  DollarsText,
  LegacyInteger,
  NullableTime,
  OutcomeSide,
  PriceRange,
  SettlementSource,
  TimeText,
} from './fields';

export const MarketStatus = z.enum([
  'initialized',
  'inactive',
  'active',
  'closed',
  'determined',
  'disputed',
  'amended',
  'finalized',
  // LEGACY status values seen in 2024-2025 payloads.
  'open',
  'settled',
]);
export type MarketStatus = z.infer<typeof MarketStatus>;

export const Market = z.object({
  ticker: z.string().min(1),
  event_ticker: z.string().min(1),
  market_type: z.enum(['binary', 'scalar']),
  title: z.string().optional(),
  subtitle: z.string().optional(),
  yes_sub_title: z.string(),
  no_sub_title: z.string(),
  created_time: TimeText,
  updated_time: TimeText,
  open_time: TimeText,
  close_time: TimeText,
  expected_expiration_time: NullableTime,
  expiration_time: TimeText.optional(),
  latest_expiration_time: TimeText,
  settlement_timer_seconds: z.number().int(),
  status: MarketStatus,
  yes_bid_dollars: DollarsText,
  yes_bid_size_fp: CountText,
  yes_ask_dollars: DollarsText,
  yes_ask_size_fp: CountText,
  no_bid_dollars: DollarsText,
  no_ask_dollars: DollarsText,
  last_price_dollars: DollarsText,
  volume_fp: CountText,
  volume_24h_fp: CountText,
  result: z.enum(['yes', 'no', 'scalar', '']),
  can_close_early: z.boolean(),
  open_interest_fp: CountText,
  notional_value_dollars: DollarsText,
  previous_yes_bid_dollars: DollarsText,
  previous_yes_ask_dollars: DollarsText,
  previous_price_dollars: DollarsText,
  liquidity_dollars: DollarsText.optional(),
  settlement_value_dollars: DollarsText.nullable().optional(),
  settlement_ts: NullableTime,
  expiration_value: z.string(),
  occurrence_datetime: NullableTime,
  fee_waiver_expiration_time: NullableTime,
  early_close_condition: z.string().nullable().optional(),
  strike_type: z.string().optional(),
  floor_strike: z.number().nullable().optional(),
  cap_strike: z.number().nullable().optional(),
  functional_strike: z.string().nullable().optional(),
  custom_strike: z.record(z.string(), z.unknown()).nullable().optional(),
  rules_primary: z.string(),
  rules_secondary: z.string(),
  mve_collection_ticker: z.string().optional(),
  primary_participant_key: z.string().nullable().optional(),
  price_level_structure: z.string(),
  price_ranges: z.array(PriceRange),
  is_provisional: z.boolean().optional(),
  exchange_index: z.number().int().optional(),
  // LEGACY extras (removed Mar 2026).
  yes_bid: LegacyInteger,
  yes_ask: LegacyInteger,
  no_bid: LegacyInteger,
  no_ask: LegacyInteger,
  last_price: LegacyInteger,
  volume: LegacyInteger,
  volume_24h: LegacyInteger,
  open_interest: LegacyInteger,
  tick_size: LegacyInteger,
  category: z.string().optional(),
});
export type Market = z.infer<typeof Market>;

export const MarketsPage = z.object({ markets: z.array(Market), cursor: Cursor });
export type MarketsPage = z.infer<typeof MarketsPage>;
export const MarketResponse = z.object({ market: Market });

export const EventData = z.object({
  event_ticker: z.string().min(1),
  series_ticker: z.string(),
  sub_title: z.string(),
  title: z.string(),
  collateral_return_type: z.string(),
  mutually_exclusive: z.boolean(),
  category: z.string().optional(),
  strike_date: NullableTime,
  strike_period: z.string().nullable().optional(),
  markets: z.array(Market).optional(),
  product_metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  settlement_sources: z.array(SettlementSource).nullable(),
  last_updated_ts: TimeText.optional(),
  fee_type_override: z.string().nullable().optional(),
  fee_multiplier_override: z.number().nullable().optional(),
  exchange_index: z.number().int().optional(),
});
export type EventData = z.infer<typeof EventData>;
export const EventsPage = z.object({ events: z.array(EventData), cursor: Cursor });
export type EventsPage = z.infer<typeof EventsPage>;
export const EventResponse = z.object({ event: EventData, markets: z.array(Market).optional() });
export type EventResponse = z.infer<typeof EventResponse>;

export const Series = z.object({
  ticker: z.string().min(1),
  frequency: z.string(),
  title: z.string(),
  category: z.string(),
  categories: z.array(z.string()).optional(),
  tags: z.array(z.string()).nullable(),
  settlement_sources: z.array(SettlementSource).nullable(),
  contract_url: z.string(),
  contract_terms_url: z.string(),
  product_metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  fee_type: z.string(),
  fee_multiplier: z.number(),
  additional_prohibitions: z.array(z.string()).nullable(),
  volume_fp: CountText.optional(),
  last_updated_ts: TimeText.optional(),
  exchange_index: z.number().int().optional(),
});
export type Series = z.infer<typeof Series>;
export const SeriesList = z.object({ series: z.array(Series).nullable().transform((series) => series ?? []) });
export const SeriesResponse = z.object({ series: Series });

export const RestOrderbook = z.object({
  yes_dollars: z.array(BookLevelText).nullable().optional().transform((levels) => levels ?? []),
  no_dollars: z.array(BookLevelText).nullable().optional().transform((levels) => levels ?? []),
});
export type RestOrderbook = z.infer<typeof RestOrderbook>;
export const OrderbookResponse = z.object({ orderbook_fp: RestOrderbook });
export type OrderbookResponse = z.infer<typeof OrderbookResponse>;
export const OrderbooksResponse = z.object({
  orderbooks: z.array(z.object({ ticker: z.string().min(1), orderbook_fp: RestOrderbook })),
});
export type OrderbooksResponse = z.infer<typeof OrderbooksResponse>;

export const Trade = z.object({
  trade_id: z.string().min(1),
  ticker: z.string().min(1),
  count_fp: CountText,
  yes_price_dollars: DollarsText,
  no_price_dollars: DollarsText,
  taker_side: OutcomeSide.optional(),
  taker_outcome_side: OutcomeSide,
  taker_book_side: BookSide,
  created_time: TimeText,
  is_block_trade: z.boolean(),
  // LEGACY extras.
  count: LegacyInteger,
  yes_price: LegacyInteger,
  no_price: LegacyInteger,
  price: z.number().nullable().optional(),
});
export type Trade = z.infer<typeof Trade>;
export const TradesPage = z.object({ trades: z.array(Trade), cursor: Cursor });
export type TradesPage = z.infer<typeof TradesPage>;

export const ExchangeIndexStatus = z.object({
  exchange_index: z.number().int(),
  description: z.string(),
  exchange_active: z.boolean(),
  trading_active: z.boolean(),
  intra_exchange_transfers_active: z.boolean().optional(),
});
export const ExchangeStatus = z.object({
  exchange_active: z.boolean(),
  trading_active: z.boolean(),
  intra_exchange_transfers_active: z.boolean().optional(),
  exchange_estimated_resume_time: NullableTime,
  exchange_index_statuses: z.array(ExchangeIndexStatus).optional(),
});
export type ExchangeStatus = z.infer<typeof ExchangeStatus>;
