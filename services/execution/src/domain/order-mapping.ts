/**
 * From an intent in outcome terms (buy or sell, YES or NO, the price of that side) to a V2 order
 * (bid or ask at the YES price), and back. V2 orders carry no action: the book side and the YES
 * price say everything, because positions net within a market.
 *
 *   buy yes @p  → bid @p          sell yes @p → ask @p
 *   buy no  @q  → ask @(1 − q)    sell no  @q → bid @(1 − q)
 */
import {
  type BookSide,
  type Micros,
  type OrderAction,
  type OrderView,
  type OutcomeSide,
  type TradeIntent,
  complement,
  formatCount,
  formatDollars,
  parseCount,
  parseDollars,
} from '@polly/contracts';

export interface ExchangeDirection {
  bookSide: BookSide;
  /** The V2 order price: always the YES price. */
  yesPrice: Micros;
}

/** The V2 side and YES price of an intent. Throws FixedPointError for a malformed price. */
export function toExchangeDirection(action: OrderAction, side: OutcomeSide, price: Micros): ExchangeDirection {
  const buysYes = (action === 'buy') === (side === 'yes');
  return { bookSide: buysYes ? 'bid' : 'ask', yesPrice: side === 'yes' ? price : complement(price) };
}

/** The price of `side` when the YES price is `yesPrice`. */
export const sidePrice = (side: OutcomeSide, yesPrice: Micros): Micros => (side === 'yes' ? yesPrice : complement(yesPrice));

/** The outcome terms of a fill that belongs to no known intent: a bid buys YES, an ask buys NO. */
export function outcomeOfBookSide(bookSide: BookSide): { action: OrderAction; side: OutcomeSide } {
  return bookSide === 'bid' ? { action: 'buy', side: 'yes' } : { action: 'buy', side: 'no' };
}

/** The order as it stands before anything was sent: nothing filled, status `submitted`. */
export function initialOrderView(intent: TradeIntent, options: { paper: boolean; at: string }): OrderView {
  const direction = toExchangeDirection(intent.action, intent.side, parseDollars(intent.price));
  const count = formatCount(parseCount(intent.count));
  return {
    clientOrderId: intent.clientOrderId,
    orderId: null,
    agentId: intent.agentId,
    intentId: intent.intentId,
    marketTicker: intent.marketTicker,
    action: intent.action,
    side: intent.side,
    bookSide: direction.bookSide,
    yesPrice: formatDollars(direction.yesPrice),
    price: formatDollars(parseDollars(intent.price)),
    count,
    filledCount: '0.00',
    remainingCount: count,
    status: 'submitted',
    timeInForce: intent.timeInForce,
    postOnly: intent.postOnly,
    reduceOnly: intent.reduceOnly,
    paper: options.paper,
    fillCost: '0.0000',
    fees: '0.0000',
    lastUpdateReason: null,
    errorCode: null,
    createdAt: options.at,
    updatedAt: options.at,
  };
}
