import type { Insertable, Selectable } from 'kysely';
import type { Decimal, NullableDecimal, Timestamp } from './columns';

export interface OrdersTable {
  client_order_id: string;
  order_id: string | null;
  agent_id: string | null;
  intent_id: string | null;
  market_ticker: string;
  action: string;
  side: string;
  book_side: string;
  yes_price: Decimal;
  price: Decimal;
  count: Decimal;
  filled_count: Decimal;
  remaining_count: Decimal;
  status: string;
  time_in_force: string;
  post_only: boolean;
  reduce_only: boolean;
  paper: boolean;
  fill_cost: Decimal;
  fees: Decimal;
  last_update_reason: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FillsTable {
  fill_id: string;
  order_id: string | null;
  client_order_id: string | null;
  agent_id: string | null;
  market_ticker: string;
  action: string;
  side: string;
  yes_price: Decimal;
  price: Decimal;
  count: Decimal;
  is_taker: boolean;
  fee: Decimal;
  paper: boolean;
  source: string;
  filled_at: Timestamp;
}

/** `holder` is an agent id, or "account" for the exchange's view of the whole account. */
export interface PositionsTable {
  holder: string;
  market_ticker: string;
  position: Decimal;
  cost_basis: Decimal;
  realized_pnl: Decimal;
  fees_paid: Decimal;
  mark_price: NullableDecimal;
  unrealized_pnl: NullableDecimal;
  source: string;
  updated_at: Timestamp;
}

export interface BalancesTable {
  account: string;
  balance: Decimal;
  portfolio_value: NullableDecimal;
  source: string;
  updated_at: Timestamp;
}

export interface PnlPointsTable {
  point_id: string;
  agent_id: string;
  realized_pnl: Decimal;
  unrealized_pnl: Decimal;
  total_pnl: Decimal;
  fees_paid: Decimal;
  fills: number;
  wins: number;
  losses: number;
  at: Timestamp;
}

export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type FillRow = Selectable<FillsTable>;
export type NewFill = Insertable<FillsTable>;
export type PositionRow = Selectable<PositionsTable>;
export type NewPosition = Insertable<PositionsTable>;
export type BalanceRow = Selectable<BalancesTable>;
export type PnlPointRow = Selectable<PnlPointsTable>;
