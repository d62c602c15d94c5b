/**
 * The paper fill model: how a paper order fills against the cached live book instead of the
 * exchange. Touch-based and conservative, in the spirit of maker model B of the quant notes (§7):
 *
 * 1. On placement an order that crosses the book fills as a taker at the touch — the best price
 *    on the other side — up to the size displayed there, never deeper. A bid at p crosses when the
 *    YES ask (1 − best NO bid) ≤ p; an ask at p crosses when the best YES bid ≥ p.
 *    Fill-or-kill fills only if the touch shows the whole count; immediate-or-cancel cancels what
 *    the touch did not fill; good-till-canceled rests the rest. Post-only orders that would cross
 *    are refused, as the exchange refuses them.
 * 2. A resting order fills as a maker, at its own price, only when a later public trade prints at
 *    or through that price: for a bid at p, a trade below p, or at p when the taker sold YES
 *    (bought NO); for an ask at p, a trade above p, or at p when the taker bought YES. Each trade
 *    fills at most its own size across all our resting orders, best price first, then oldest.
 *    A book that merely crosses a resting order without a trade fills nothing.
 */
import { type BookSide, type Centis, type MarketState, type Micros, type OutcomeSide, type TimeInForce, ZERO_CENTIS, centis, complement, minBigint, parseCount, parseDollars } from '@polly/contracts';

export interface PaperOrderTerms {
  bookSide: BookSide;
  yesPrice: Micros;
  remaining: Centis;
  timeInForce: TimeInForce;
  postOnly: boolean;
}

export interface TouchLevel {
  price: Micros;
  size: Centis;
}

/** The best bid of each side of the book (Kalshi books are bids only). */
export interface Touch {
  yesBid: TouchLevel | null;
  noBid: TouchLevel | null;
}

const level = (price: string | null, size: string | null): TouchLevel | null =>
  price === null || size === null ? null : { price: parseDollars(price), size: parseCount(size) };

export function touchOf(state: MarketState): Touch {
  return { yesBid: level(state.yesBid, state.yesBidSize), noBid: level(state.noBid, state.noBidSize) };
}

export interface TakerFill {
  yesPrice: Micros;
  count: Centis;
}

export type PlacementResult =
  | { kind: 'post-only-cross' }
  | { kind: 'placed'; fill: TakerFill | null; remaining: Centis; remainder: 'rests' | 'cancelled' | 'none' };

/** The price and size an order would take at the touch, or null when it does not cross. */
function crossing(order: PaperOrderTerms, touch: Touch): TouchLevel | null {
  if (order.bookSide === 'bid') {
    if (touch.noBid === null || touch.noBid.size <= 0n) return null;
    const yesAsk = complement(touch.noBid.price);
    return yesAsk <= order.yesPrice ? { price: yesAsk, size: touch.noBid.size } : null;
  }
  if (touch.yesBid === null || touch.yesBid.size <= 0n) return null;
  return touch.yesBid.price >= order.yesPrice ? touch.yesBid : null;
}

export function matchOnPlacement(order: PaperOrderTerms, touch: Touch): PlacementResult {
  const opposite = crossing(order, touch);
  if (opposite !== null && order.postOnly) return { kind: 'post-only-cross' };
  const available = opposite === null ? ZERO_CENTIS : minBigint(order.remaining, opposite.size);
  const fillable = order.timeInForce === 'fill_or_kill' && available < order.remaining ? ZERO_CENTIS : available;
  const fill = opposite !== null && fillable > 0n ? { yesPrice: opposite.price, count: fillable } : null;
  const remaining = centis(order.remaining - fillable);
  if (remaining === 0n) return { kind: 'placed', fill, remaining, remainder: 'none' };
  return { kind: 'placed', fill, remaining, remainder: order.timeInForce === 'good_till_canceled' ? 'rests' : 'cancelled' };
}

export interface RestingPaperOrder {
  key: string;
  bookSide: BookSide;
  yesPrice: Micros;
  remaining: Centis;
  /** When the order was placed (ISO); only later trades count. */
  placedAt: string;
}

export interface PrintedTrade {
  tradeId: string;
  yesPrice: Micros;
  count: Centis;
  takerSide: OutcomeSide;
  at: string;
}

export interface MakerFill {
  orderKey: string;
  tradeId: string;
  /** The resting order's own price. */
  yesPrice: Micros;
  count: Centis;
}

/** True when `trade` printed at or through the resting order's price. */
export function tradeReaches(order: Pick<RestingPaperOrder, 'bookSide' | 'yesPrice'>, trade: PrintedTrade): boolean {
  if (order.bookSide === 'bid') return trade.yesPrice < order.yesPrice || (trade.yesPrice === order.yesPrice && trade.takerSide === 'no');
  return trade.yesPrice > order.yesPrice || (trade.yesPrice === order.yesPrice && trade.takerSide === 'yes');
}

/** Best price first (highest bid, lowest ask), then the oldest. */
function priority(left: RestingPaperOrder, right: RestingPaperOrder): number {
  if (left.yesPrice !== right.yesPrice) {
    const better = left.bookSide === 'bid' ? left.yesPrice > right.yesPrice : left.yesPrice < right.yesPrice;
    return better ? -1 : 1;
  }
  return Date.parse(left.placedAt) - Date.parse(right.placedAt);
}

/** The maker fills that `trades` (any order; they are taken oldest first) give the resting orders of one market. */
export function matchRestingOrders(orders: readonly RestingPaperOrder[], trades: readonly PrintedTrade[]): MakerFill[] {
  const remaining = new Map(orders.map((order) => [order.key, order.remaining]));
  const ranked = [...orders].sort(priority);
  const fills: MakerFill[] = [];
  for (const trade of [...trades].sort((left, right) => Date.parse(left.at) - Date.parse(right.at))) {
    let quantity: bigint = trade.count;
    for (const order of ranked) {
      const left = remaining.get(order.key) ?? ZERO_CENTIS;
      if (quantity <= 0n) break;
      if (left <= 0n || Date.parse(trade.at) <= Date.parse(order.placedAt) || !tradeReaches(order, trade)) continue;
      const count = centis(minBigint(left, quantity));
      fills.push({ orderKey: order.key, tradeId: trade.tradeId, yesPrice: order.yesPrice, count });
      remaining.set(order.key, centis(left - count));
      quantity -= count;
    }
  }
  return fills;
}

export function printedTrades(state: MarketState): PrintedTrade[] {
  return state.recentTrades.map((trade) => ({
    tradeId: trade.tradeId,
    yesPrice: parseDollars(trade.yesPrice),
    count: parseCount(trade.count),
    takerSide: trade.takerSide,
    at: trade.at,
  }));
}
