/**
 * The exchange's answers in the diff's terms: exact dollar and count text in canonical form
 * (so "0.56" and "0.560000" compare equal as text too), ISO timestamps, empty client ids as null.
 */
import { formatCount, formatDollars, parseCount, parseDollars, toIsoTimestamp } from '@polly/contracts';
import type { Fill, MarketPosition, Order } from '@polly/kalshi';
import type { AccountPosition, RemoteFill, RemoteOrder } from './diff/model';

export const dollars = (text: string): string => formatDollars(parseDollars(text));
export const count = (text: string): string => formatCount(parseCount(text));
const sumDollars = (a: string, b: string): string => formatDollars(parseDollars(a) + parseDollars(b));
const isoOrNull = (time: string | null | undefined): string | null => (time ? toIsoTimestamp(time) : null);

export function remoteOrder(order: Order): RemoteOrder {
  return {
    orderId: order.order_id,
    clientOrderId: order.client_order_id || null,
    marketTicker: order.ticker,
    bookSide: order.book_side,
    yesPrice: dollars(order.yes_price_dollars),
    status: order.status,
    count: count(order.initial_count_fp),
    filledCount: count(order.fill_count_fp),
    remainingCount: count(order.remaining_count_fp),
    fillCost: sumDollars(order.taker_fill_cost_dollars, order.maker_fill_cost_dollars),
    fees: sumDollars(order.taker_fees_dollars, order.maker_fees_dollars),
    createdAt: isoOrNull(order.created_time),
    updatedAt: isoOrNull(order.last_update_time),
    lastUpdateReason: order.last_update_reason ?? null,
  };
}

/** `undatedAt`: the time given to a fill the exchange sent without one (a time the cycle compares). */
export function remoteFill(fill: Fill, undatedAt: number): RemoteFill {
  const filledAt = fill.created_time ? toIsoTimestamp(fill.created_time) : fill.ts !== undefined ? toIsoTimestamp(fill.ts * 1000) : toIsoTimestamp(undatedAt);
  return {
    fillId: fill.fill_id,
    orderId: fill.order_id,
    marketTicker: fill.market_ticker || fill.ticker,
    bookSide: fill.book_side,
    yesPrice: dollars(fill.yes_price_dollars),
    count: count(fill.count_fp),
    fee: dollars(fill.fee_cost),
    isTaker: fill.is_taker,
    filledAt,
  };
}

export function remotePosition(position: MarketPosition): AccountPosition {
  return {
    marketTicker: position.ticker,
    position: count(position.position_fp),
    costBasis: dollars(position.market_exposure_dollars),
    realizedPnl: dollars(position.realized_pnl_dollars),
    feesPaid: dollars(position.fees_paid_dollars),
  };
}
