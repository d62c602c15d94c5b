/**
 * Public market-data frames: order book snapshots and deltas, ticker, trade, lifecycle and index
 * values. Each schema validates the `msg` of one frame type and yields the CURRENT shape
 * (PROTOCOL §7.6) with fixed-point strings; LEGACY extras are accepted, and a frame that carries
 * only LEGACY numbers for a field we need is converted (and marked `legacy: true`).
 */
import { DecimalText, MarketLifecycleChanged } from '@polly/contracts';
import { z } from 'zod';
import { CountText, DollarsText, OutcomeSide, PriceRange } from '../../rest/schemas/fields';
import {
  FixedPointLevels,
  LegacyCentsLevels,
  LegacyDollarLevels,
  LegacyInteger,
  centsText,
  countText,
  currentOrLegacy,
  levelsFrom,
} from './legacy';

const Ticker = z.string().min(1);
const TimestampMs = z.number().int().optional();

export const OrderbookSnapshotMessage = z
  .object({
    market_ticker: Ticker,
    market_id: z.string().optional(),
    yes_dollars_fp: FixedPointLevels,
    no_dollars_fp: FixedPointLevels,
    yes: LegacyCentsLevels,
    no: LegacyCentsLevels,
    yes_dollars: LegacyDollarLevels,
    no_dollars: LegacyDollarLevels,
  })
  .transform((raw) => {
    const yes = levelsFrom(raw.yes_dollars_fp, raw.yes_dollars, raw.yes);
    const no = levelsFrom(raw.no_dollars_fp, raw.no_dollars, raw.no);
    return {
      market_ticker: raw.market_ticker,
      ...(raw.market_id === undefined ? {} : { market_id: raw.market_id }),
      yes_dollars_fp: yes.levels,
      no_dollars_fp: no.levels,
      legacy: yes.legacy || no.legacy,
    };
  });
export type OrderbookSnapshotMessage = z.infer<typeof OrderbookSnapshotMessage>;

export const OrderbookDeltaMessage = z
  .object({
    market_ticker: Ticker,
    market_id: z.string().optional(),
    side: OutcomeSide,
    price_dollars: DollarsText.optional(),
    delta_fp: CountText.optional(),
    price: LegacyInteger,
    delta: LegacyInteger,
    ts_ms: TimestampMs,
    ts: z.string().optional(),
    client_order_id: z.string().optional(),
    subaccount: z.number().int().optional(),
  })
  .transform((raw, context) => {
    const price = currentOrLegacy(raw.price_dollars, raw.price, centsText);
    const delta = currentOrLegacy(raw.delta_fp, raw.delta, countText);
    if (price === undefined || delta === undefined) {
      context.addIssue({ code: 'custom', message: 'price_dollars and delta_fp are required' });
      return z.NEVER;
    }
    return {
      market_ticker: raw.market_ticker,
      ...(raw.market_id === undefined ? {} : { market_id: raw.market_id }),
      side: raw.side,
      price_dollars: price,
      delta_fp: delta,
      ...(raw.ts_ms === undefined ? {} : { ts_ms: raw.ts_ms }),
      ...(raw.client_order_id === undefined ? {} : { client_order_id: raw.client_order_id }),
      ...(raw.subaccount === undefined ? {} : { subaccount: raw.subaccount }),
      legacy: raw.price_dollars === undefined || raw.delta_fp === undefined,
    };
  });
export type OrderbookDeltaMessage = z.infer<typeof OrderbookDeltaMessage>;

/** `price_dollars` is `""` on a market that has never traded (production capture, SSMD). */
const OptionalPrice = z.union([DollarsText, z.literal('')]).optional();

export const TickerMessage = z
  .object({
    market_ticker: Ticker,
    market_id: z.string().optional(),
    price_dollars: OptionalPrice,
    yes_bid_dollars: OptionalPrice,
    yes_ask_dollars: OptionalPrice,
    volume_fp: CountText.optional(),
    open_interest_fp: CountText.optional(),
    yes_bid_size_fp: CountText.optional(),
    yes_ask_size_fp: CountText.optional(),
    last_trade_size_fp: CountText.optional(),
    dollar_volume: z.number().optional(),
    dollar_open_interest: z.number().optional(),
    ts_ms: TimestampMs,
    ts: z.number().int().optional(),
    price: LegacyInteger,
    yes_bid: LegacyInteger,
    yes_ask: LegacyInteger,
    volume: LegacyInteger,
    open_interest: LegacyInteger,
  })
  .transform((raw) => {
    // "" means "no price yet" (a market that has never traded), not zero.
    const price = (current: string | undefined, legacy: number | undefined): string | null => {
      if (current !== undefined) return current === '' ? null : current;
      return legacy === undefined ? null : centsText(legacy);
    };
    return {
      market_ticker: raw.market_ticker,
      ...(raw.market_id === undefined ? {} : { market_id: raw.market_id }),
      price_dollars: price(raw.price_dollars, raw.price),
      yes_bid_dollars: price(raw.yes_bid_dollars, raw.yes_bid),
      yes_ask_dollars: price(raw.yes_ask_dollars, raw.yes_ask),
      volume_fp: currentOrLegacy(raw.volume_fp, raw.volume, countText) ?? null,
      open_interest_fp: currentOrLegacy(raw.open_interest_fp, raw.open_interest, countText) ?? null,
      yes_bid_size_fp: raw.yes_bid_size_fp ?? null,
      yes_ask_size_fp: raw.yes_ask_size_fp ?? null,
      last_trade_size_fp: raw.last_trade_size_fp ?? null,
      dollar_volume: raw.dollar_volume ?? null,
      dollar_open_interest: raw.dollar_open_interest ?? null,
      ts_ms: raw.ts_ms ?? (raw.ts === undefined ? null : raw.ts * 1000),
    };
  });
export type TickerMessage = z.infer<typeof TickerMessage>;

export const TradeMessage = z
  .object({
    trade_id: z.string().min(1),
    market_ticker: Ticker,
    yes_price_dollars: DollarsText.optional(),
    no_price_dollars: DollarsText.optional(),
    count_fp: CountText.optional(),
    taker_side: OutcomeSide.optional(),
    taker_outcome_side: OutcomeSide.optional(),
    taker_book_side: z.enum(['bid', 'ask']).optional(),
    is_block_trade: z.boolean().optional(),
    ts_ms: TimestampMs,
    ts: z.number().int().optional(),
    yes_price: LegacyInteger,
    no_price: LegacyInteger,
    count: LegacyInteger,
  })
  .transform((raw, context) => {
    const yesPrice = currentOrLegacy(raw.yes_price_dollars, raw.yes_price, centsText);
    const noPrice = currentOrLegacy(raw.no_price_dollars, raw.no_price, centsText);
    const count = currentOrLegacy(raw.count_fp, raw.count, countText);
    const takerSide = raw.taker_outcome_side ?? raw.taker_side;
    if (yesPrice === undefined || noPrice === undefined || count === undefined || takerSide === undefined) {
      context.addIssue({ code: 'custom', message: 'yes_price_dollars, no_price_dollars, count_fp and taker_outcome_side are required' });
      return z.NEVER;
    }
    return {
      trade_id: raw.trade_id,
      market_ticker: raw.market_ticker,
      yes_price_dollars: yesPrice,
      no_price_dollars: noPrice,
      count_fp: count,
      taker_outcome_side: takerSide,
      taker_book_side: raw.taker_book_side ?? (takerSide === 'yes' ? ('bid' as const) : ('ask' as const)),
      is_block_trade: raw.is_block_trade ?? false,
      ts_ms: raw.ts_ms ?? (raw.ts === undefined ? null : raw.ts * 1000),
    };
  });
export type TradeMessage = z.infer<typeof TradeMessage>;

export const MarketLifecycleMessage = z.object({
  market_ticker: Ticker,
  // The same set of event types as the MARKET_DATA contract, so whatever parses here can be published.
  event_type: MarketLifecycleChanged.data.shape.eventType,
  exchange_index: z.number().int().optional(),
  open_ts: z.number().int().optional(),
  close_ts: z.number().int().optional(),
  additional_metadata: z.record(z.string(), z.unknown()).optional(),
  price_level_structure: z.string().optional(),
  price_ranges: z.array(PriceRange).optional(),
  result: z.string().optional(),
  determination_ts: z.number().int().optional(),
  settlement_value: DollarsText.optional(),
  settled_ts: z.number().int().optional(),
  is_deactivated: z.boolean().optional(),
  strike_type: z.string().optional(),
  floor_strike: z.number().nullable().optional(),
  cap_strike: z.number().nullable().optional(),
  custom_strike: z.unknown().optional(),
  yes_sub_title: z.string().optional(),
});
export type MarketLifecycleMessage = z.infer<typeof MarketLifecycleMessage>;

export const EventLifecycleMessage = z.object({
  event_ticker: z.string().min(1),
  exchange_index: z.number().int().optional(),
  title: z.string().optional(),
  subtitle: z.string().optional(),
  collateral_return_type: z.string().optional(),
  series_ticker: z.string().optional(),
  strike_date: z.number().int().nullable().optional(),
  strike_period: z.string().nullable().optional(),
});
export type EventLifecycleMessage = z.infer<typeof EventLifecycleMessage>;

export const EventFeeUpdateMessage = z.object({
  event_ticker: z.string().min(1),
  fee_type_override: z.string().nullable().optional(),
  fee_multiplier_override: z.number().nullable().optional(),
});
export type EventFeeUpdateMessage = z.infer<typeof EventFeeUpdateMessage>;

/** CF Benchmarks index value (shape per docs/exchange-sim.md; only the average's name is Kalshi's). */
export const IndexValueMessage = z.object({
  index_id: z.string().min(1),
  value: DecimalText,
  ts_ms: z.number().int(),
  last_60s_windowed_average_15min: DecimalText.nullable().optional(),
});
export type IndexValueMessage = z.infer<typeof IndexValueMessage>;
