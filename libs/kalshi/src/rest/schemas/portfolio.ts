/**
 * Portfolio, order and account response bodies (PROTOCOL §6, §8; CURRENT shapes of
 * kalshi-typescript 3.30.0, LEGACY extras accepted).
 */
import { z } from 'zod';
import { BookSide, CountText, Cursor, DollarsText, LegacyInteger, NullableTime, OrderAction, OutcomeSide, TimeText } from './fields';

export const Balance = z.object({
  /** Integer cents (one of the few integer money fields Kalshi kept). */
  balance: z.number().int(),
  balance_dollars: DollarsText,
  portfolio_value: z.number().int(),
  updated_ts: z.number().int(),
  balance_breakdown: z.array(z.object({ exchange_index: z.number().int(), balance: DollarsText })).optional(),
});
export type Balance = z.infer<typeof Balance>;

export const MarketPosition = z.object({
  ticker: z.string().min(1),
  exchange_index: z.number().int(),
  total_traded_dollars: DollarsText,
  /** Signed: positive = YES contracts, negative = NO contracts. */
  position_fp: CountText,
  market_exposure_dollars: DollarsText,
  realized_pnl_dollars: DollarsText,
  fees_paid_dollars: DollarsText,
  last_updated_ts: TimeText,
  // LEGACY extras.
  position: LegacyInteger,
  market_exposure: LegacyInteger,
  realized_pnl: LegacyInteger,
  fees_paid: LegacyInteger,
  resting_orders_count: LegacyInteger,
});
export type MarketPosition = z.infer<typeof MarketPosition>;

export const EventPosition = z.object({
  event_ticker: z.string().min(1),
  total_cost_dollars: DollarsText,
  total_cost_shares_fp: CountText,
  event_exposure_dollars: DollarsText,
  realized_pnl_dollars: DollarsText,
  fees_paid_dollars: DollarsText,
});
export type EventPosition = z.infer<typeof EventPosition>;

export const PositionsPage = z.object({
  cursor: Cursor,
  market_positions: z.array(MarketPosition),
  event_positions: z.array(EventPosition),
});
export type PositionsPage = z.infer<typeof PositionsPage>;

export const Fill = z.object({
  fill_id: z.string().min(1),
  exchange_index: z.number().int(),
  trade_id: z.string().min(1),
  order_id: z.string().min(1),
  ticker: z.string().min(1),
  market_ticker: z.string().min(1),
  side: OutcomeSide.optional(),
  action: OrderAction.optional(),
  outcome_side: OutcomeSide,
  book_side: BookSide,
  count_fp: CountText,
  yes_price_dollars: DollarsText,
  no_price_dollars: DollarsText,
  is_taker: z.boolean(),
  created_time: TimeText.optional(),
  fee_cost: DollarsText,
  subaccount_number: z.number().int().nullable().optional(),
  ts: z.number().int().optional(),
  // LEGACY extras.
  count: LegacyInteger,
  yes_price: LegacyInteger,
  no_price: LegacyInteger,
  client_order_id: z.string().optional(),
});
export type Fill = z.infer<typeof Fill>;
export const FillsPage = z.object({ fills: z.array(Fill), cursor: Cursor });
export type FillsPage = z.infer<typeof FillsPage>;

export const Settlement = z.object({
  ticker: z.string().min(1),
  exchange_index: z.number().int(),
  event_ticker: z.string(),
  market_result: z.enum(['yes', 'no', 'scalar']),
  yes_count_fp: CountText,
  yes_total_cost_dollars: DollarsText,
  no_count_fp: CountText,
  no_total_cost_dollars: DollarsText,
  /** Integer cents. */
  revenue: z.number().int(),
  settled_time: TimeText,
  fee_cost: DollarsText,
  value: z.number().int().nullable().optional(),
  // LEGACY extras.
  yes_count: LegacyInteger,
  no_count: LegacyInteger,
});
export type Settlement = z.infer<typeof Settlement>;
export const SettlementsPage = z.object({ settlements: z.array(Settlement), cursor: Cursor });
export type SettlementsPage = z.infer<typeof SettlementsPage>;

export const OrderStatus = z.enum(['resting', 'canceled', 'executed']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const Order = z.object({
  order_id: z.string().min(1),
  user_id: z.string(),
  client_order_id: z.string(),
  ticker: z.string().min(1),
  side: OutcomeSide.optional(),
  action: OrderAction.optional(),
  outcome_side: OutcomeSide,
  book_side: BookSide,
  type: z.enum(['limit', 'market']),
  status: OrderStatus,
  yes_price_dollars: DollarsText,
  no_price_dollars: DollarsText,
  fill_count_fp: CountText,
  remaining_count_fp: CountText,
  initial_count_fp: CountText,
  taker_fill_cost_dollars: DollarsText,
  maker_fill_cost_dollars: DollarsText,
  taker_fees_dollars: DollarsText,
  maker_fees_dollars: DollarsText,
  expiration_time: NullableTime,
  created_time: NullableTime,
  last_update_time: NullableTime,
  last_update_reason: z.string().optional(),
  self_trade_prevention_type: z.enum(['taker_at_cross', 'maker']).optional(),
  order_group_id: z.string().nullable().optional(),
  cancel_order_on_pause: z.boolean().optional(),
  subaccount_number: z.number().int().nullable().optional(),
  exchange_index: z.number().int().optional(),
  // LEGACY extras.
  yes_price: LegacyInteger,
  no_price: LegacyInteger,
  fill_count: LegacyInteger,
  remaining_count: LegacyInteger,
  initial_count: LegacyInteger,
  queue_position: LegacyInteger,
});
export type Order = z.infer<typeof Order>;
export const OrdersPage = z.object({ orders: z.array(Order), cursor: Cursor });
export type OrdersPage = z.infer<typeof OrdersPage>;
export const OrderResponse = z.object({ order: Order });

const ErrorInBatch = z.object({ code: z.string().optional(), message: z.string().optional(), details: z.unknown().optional() });

export const CreatedOrder = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().optional(),
  fill_count: CountText,
  remaining_count: CountText,
  average_fill_price: DollarsText.optional(),
  average_fee_paid: DollarsText.optional(),
  ts_ms: z.number().int(),
});
export type CreatedOrder = z.infer<typeof CreatedOrder>;

export const CanceledOrder = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().optional(),
  reduced_by: CountText,
  ts_ms: z.number().int(),
});
export type CanceledOrder = z.infer<typeof CanceledOrder>;

export const AmendedOrder = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().optional(),
  remaining_count: CountText.optional(),
  fill_count: CountText.optional(),
  average_fill_price: DollarsText.optional(),
  average_fee_paid: DollarsText.optional(),
  ts_ms: z.number().int(),
});
export type AmendedOrder = z.infer<typeof AmendedOrder>;

export const DecreasedOrder = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().optional(),
  remaining_count: CountText,
  ts_ms: z.number().int(),
});
export type DecreasedOrder = z.infer<typeof DecreasedOrder>;

export const BatchCreatedOrders = z.object({
  orders: z.array(
    z.object({
      order_id: z.string().optional(),
      client_order_id: z.string().nullable().optional(),
      fill_count: CountText.optional(),
      remaining_count: CountText.optional(),
      average_fill_price: DollarsText.optional(),
      average_fee_paid: DollarsText.optional(),
      ts_ms: z.number().int().nullable().optional(),
      error: ErrorInBatch.nullable().optional(),
    }),
  ),
});
export type BatchCreatedOrders = z.infer<typeof BatchCreatedOrders>;

export const BatchCanceledOrders = z.object({
  orders: z.array(
    z.object({
      order_id: z.string(),
      client_order_id: z.string().nullable().optional(),
      reduced_by: CountText,
      ts_ms: z.number().int().nullable().optional(),
      error: ErrorInBatch.nullable().optional(),
    }),
  ),
});
export type BatchCanceledOrders = z.infer<typeof BatchCanceledOrders>;

export const BucketLimit = z.object({ refill_rate: z.number().positive(), bucket_capacity: z.number().positive() });
export const AccountLimits = z.object({
  usage_tier: z.string(),
  read: BucketLimit,
  write: BucketLimit,
  grants: z.array(z.unknown()).optional(),
});
export type AccountLimits = z.infer<typeof AccountLimits>;

/** 204 No Content, or any body (cancel-all). */
export const NoContent = z.unknown().transform(() => null);
