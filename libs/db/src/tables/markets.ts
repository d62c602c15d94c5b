import type { Insertable, Selectable } from 'kysely';
import type { Decimal, Json, NullableDecimal, NullableTimestamp, Timestamp } from './columns';

export interface SeriesTable {
  series_ticker: string;
  title: string;
  category: string;
  frequency: string;
  tags: Json<string[]>;
  fee_type: string;
  fee_multiplier: Decimal;
  volume: NullableDecimal;
  simulated: boolean;
  updated_at: Timestamp;
}

export interface EventsTable {
  event_ticker: string;
  series_ticker: string;
  title: string;
  sub_title: string;
  category: string;
  mutually_exclusive: boolean;
  strike_date: NullableTimestamp;
  updated_at: Timestamp;
}

export interface MarketsTable {
  market_ticker: string;
  event_ticker: string;
  series_ticker: string;
  title: string;
  subtitle: string;
  yes_sub_title: string;
  no_sub_title: string;
  exchange_status: string;
  internal_state: string;
  open_time: NullableTimestamp;
  close_time: NullableTimestamp;
  expected_expiration_time: NullableTimestamp;
  strike_type: string | null;
  floor_strike: NullableDecimal;
  cap_strike: NullableDecimal;
  price_level_structure: string;
  price_ranges: Json<Array<{ start: string; end: string; step: string }>>;
  yes_bid: NullableDecimal;
  yes_ask: NullableDecimal;
  last_price: NullableDecimal;
  volume: NullableDecimal;
  volume_24h: NullableDecimal;
  open_interest: NullableDecimal;
  result: string | null;
  settlement_value: NullableDecimal;
  listing_index: number | null;
  discovered_at: Timestamp;
  last_sync_at: Timestamp;
}

export type SeriesRow = Selectable<SeriesTable>;
export type NewSeries = Insertable<SeriesTable>;
export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type MarketRow = Selectable<MarketsTable>;
export type NewMarket = Insertable<MarketsTable>;
