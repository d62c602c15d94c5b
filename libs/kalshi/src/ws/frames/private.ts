/**
 * Private frames (fills, positions, orders, order groups). These have carried the CURRENT
 * fixed-point fields since early 2026, so those fields are required; LEGACY extras are accepted.
 */
import { z } from 'zod';
import { BookSide, CountText, DollarsText, OutcomeSide } from '../../rest/schemas/fields';

export const FillMessage = z.object({
  trade_id: z.string().min(1),
  order_id: z.string().min(1),
  client_order_id: z.string().optional(),
  market_ticker: z.string().min(1),
  exchange_index: z.number().int().optional(),
  is_taker: z.boolean(),
  side: OutcomeSide.optional(),
  action: z.string().optional(),
  outcome_side: OutcomeSide,
  book_side: BookSide,
  purchased_side: OutcomeSide.optional(),
  yes_price_dollars: DollarsText,
  count_fp: CountText,
  fee_cost: DollarsText,
  post_position_fp: CountText.optional(),
  ts_ms: z.number().int().optional(),
  ts: z.number().int().optional(),
  subaccount: z.number().int().optional(),
});
export type FillMessage = z.infer<typeof FillMessage>;

export const MarketPositionMessage = z.object({
  user_id: z.string().optional(),
  market_ticker: z.string().min(1),
  position_fp: CountText,
  position_cost_dollars: DollarsText,
  realized_pnl_dollars: DollarsText,
  fees_paid_dollars: DollarsText,
  position_fee_cost_dollars: DollarsText.optional(),
  volume_fp: CountText.optional(),
  subaccount: z.number().int().optional(),
});
export type MarketPositionMessage = z.infer<typeof MarketPositionMessage>;

export const UserOrderMessage = z.object({
  order_id: z.string().min(1),
  user_id: z.string().optional(),
  ticker: z.string().min(1),
  exchange_index: z.number().int().optional(),
  status: z.enum(['resting', 'canceled', 'executed', 'unknown']),
  side: OutcomeSide.optional(),
  is_yes: z.boolean().optional(),
  outcome_side: OutcomeSide,
  book_side: BookSide,
  yes_price_dollars: DollarsText,
  fill_count_fp: CountText,
  remaining_count_fp: CountText,
  initial_count_fp: CountText,
  taker_fill_cost_dollars: DollarsText.optional(),
  maker_fill_cost_dollars: DollarsText.optional(),
  taker_fees_dollars: DollarsText.optional(),
  maker_fees_dollars: DollarsText.optional(),
  client_order_id: z.string().optional(),
  order_group_id: z.string().nullable().optional(),
  self_trade_prevention_type: z.string().optional(),
  created_time: z.string().optional(),
  created_ts_ms: z.number().int().optional(),
  last_update_time: z.string().optional(),
  last_updated_ts_ms: z.number().int().optional(),
  expiration_time: z.string().nullable().optional(),
  expiration_ts_ms: z.number().int().nullable().optional(),
  last_update_reason: z.string().optional(),
  subaccount_number: z.number().int().optional(),
});
export type UserOrderMessage = z.infer<typeof UserOrderMessage>;

export const OrderGroupUpdateMessage = z.object({
  event_type: z.enum(['created', 'triggered', 'reset', 'deleted', 'limit_updated']),
  order_group_id: z.string().min(1),
  contracts_limit_fp: CountText.optional(),
  ts_ms: z.number().int().optional(),
});
export type OrderGroupUpdateMessage = z.infer<typeof OrderGroupUpdateMessage>;
