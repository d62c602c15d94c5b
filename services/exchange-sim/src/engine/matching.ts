/**
 * Order-level matching with price-time priority (PROTOCOL §6.9).
 *
 * A YES bid at p crosses a NO bid at q when p + q ≥ $1. The resting (maker) order sets the
 * price: the taker pays 1 − q on its own leg, which is never worse than its limit. Levels are
 * taken best first and, within a level, oldest first. Self-trade prevention follows the taker's
 * setting: `taker_at_cross` cancels the taker's remainder (fills so far stand), `maker` cancels
 * the resting order and goes on matching.
 */
import { type Centis, type Micros, ONE_DOLLAR, centis, micros, minBigint } from '@polly/contracts';
import { tradeFee } from '@polly/market';
import type { OrderBook } from './book';
import { applyFill, collateralFor, holdCollateral } from './ledger';
import {
  type Account,
  type EngineEvent,
  type EngineMarket,
  type EngineOptions,
  type IdSource,
  type Order,
  type UpdateReason,
  otherLeg,
} from './types';

export interface MarketEntry {
  readonly market: EngineMarket;
  readonly book: OrderBook;
}

/** The engine's state as the matching functions see it. */
export interface EngineState {
  readonly options: EngineOptions;
  readonly ids: IdSource;
  readonly markets: Map<string, MarketEntry>;
  readonly accounts: Map<string, Account>;
  /** Every resting order, and finished orders of accounts that record history. */
  readonly orders: Map<string, Order>;
  /** Resting orders with an expiration time. */
  readonly expiring: Set<Order>;
  readonly counters: { priority: number; trade: number };
}

export const snapshotOrder = (order: Order): Order => ({ ...order });

export function accountOf(state: EngineState, order: Order): Account {
  const account = state.accounts.get(order.accountId);
  if (!account) throw new Error(`order ${order.orderId} belongs to unknown account ${order.accountId}`);
  return account;
}

/** An order stops resting: release its collateral and forget it unless history is kept. */
export function finishOrder(state: EngineState, order: Order): void {
  const account = accountOf(state, order);
  holdCollateral(account, order, micros(0n));
  state.expiring.delete(order);
  if (!account.recordHistory) {
    state.orders.delete(order.orderId);
    account.orders.delete(order.orderId);
  }
}

/** Cancel what remains of a resting order (it is in the book). */
export function cancelResting(
  state: EngineState,
  entry: MarketEntry,
  order: Order,
  reason: UpdateReason,
  now: number,
  events: EngineEvent[],
): Centis {
  const reducedBy = order.remainingCount;
  entry.book.side(order.leg).remove(order, reducedBy);
  events.push(bookEvent(entry, order, centis(-reducedBy), now));
  closeOrder(state, order, reason, now, events);
  return reducedBy;
}

/**
 * Mark an order finished (it is not in the book) and publish it. `reason` null keeps the last
 * reason (an immediate-or-cancel remainder has no reason of its own).
 */
export function closeOrder(state: EngineState, order: Order, reason: UpdateReason | null, now: number, events: EngineEvent[]): void {
  order.remainingCount = centis(0n);
  order.status = order.filledCount === order.initialCount ? 'executed' : 'canceled';
  if (reason !== null) order.lastUpdateReason = reason;
  order.updatedAt = now;
  finishOrder(state, order);
  events.push({ kind: 'order', order: snapshotOrder(order) });
}

export function bookEvent(entry: MarketEntry, order: Order, delta: Centis, now: number): EngineEvent {
  return {
    kind: 'book',
    ticker: entry.market.ticker,
    leg: order.leg,
    price: order.legPrice,
    delta,
    accountId: order.accountId,
    clientOrderId: order.clientOrderId,
    at: now,
  };
}

/** The lowest price on the other leg that crosses `order`. */
const crossingThreshold = (order: Order): Micros => micros(ONE_DOLLAR - order.legPrice);

export function wouldCross(entry: MarketEntry, order: Order): boolean {
  const best = entry.book.side(otherLeg(order.leg)).best();
  return best !== null && best >= crossingThreshold(order);
}

/** Contracts `order` could take from other accounts' resting orders (for fill-or-kill). */
export function crossingVolume(entry: MarketEntry, order: Order): Centis {
  let total = 0n;
  const threshold = crossingThreshold(order);
  for (const level of entry.book.side(otherLeg(order.leg)).levelsFromBest((price) => price >= threshold)) {
    for (const resting of level.orders) {
      if (resting.accountId === order.accountId) {
        if (order.selfTradePrevention === 'taker_at_cross') return centis(total);
        continue;
      }
      total += resting.remainingCount;
      if (total >= order.remainingCount) return centis(total);
    }
  }
  return centis(total);
}

/**
 * Match an incoming order against the book until it is filled, stops crossing, or meets its own
 * account under `taker_at_cross`. Returns true when self-trade prevention stopped it.
 */
export function matchIncoming(state: EngineState, entry: MarketEntry, taker: Order, now: number, events: EngineEvent[]): boolean {
  const opposite = entry.book.side(otherLeg(taker.leg));
  const threshold = crossingThreshold(taker);
  while (taker.remainingCount > 0n) {
    const maker = opposite.firstAtBest();
    if (!maker || maker.legPrice < threshold) return false;
    if (maker.accountId === taker.accountId) {
      if (taker.selfTradePrevention === 'taker_at_cross') return true;
      cancelResting(state, entry, maker, 'SelfTradeCancel', now, events);
      continue;
    }
    executeTrade(state, entry, taker, maker, minBigint(taker.remainingCount, maker.remainingCount), now, events);
  }
  return false;
}

function executeTrade(
  state: EngineState,
  entry: MarketEntry,
  taker: Order,
  maker: Order,
  count: Centis,
  now: number,
  events: EngineEvent[],
): void {
  const { market, book } = entry;
  const makerPrice = maker.legPrice;
  const takerPrice = micros(ONE_DOLLAR - makerPrice);
  const yesPrice = maker.leg === 'yes' ? makerPrice : takerPrice;
  const makerSide = book.side(maker.leg);
  if (count === maker.remainingCount) makerSide.remove(maker, count);
  else makerSide.reduce(maker, count);
  events.push(bookEvent(entry, maker, centis(-count), now));

  const makerClosed = fillOrder(state, market, maker, false, makerPrice, count, tradeFee('maker', makerPrice, count, market.fees), now, events);
  const takerClosed = fillOrder(state, market, taker, true, takerPrice, count, tradeFee('taker', takerPrice, count, market.fees), now, events);

  state.counters.trade += 1;
  events.push({
    kind: 'trade',
    trade: {
      tradeId: state.ids.next(),
      sequence: state.counters.trade,
      ticker: market.ticker,
      count,
      yesPrice,
      takerLeg: taker.leg,
      createdAt: now,
    },
  });
  market.volume = centis(market.volume + count);
  market.openInterest = centis(market.openInterest + count - makerClosed - takerClosed);
  market.lastPrice = yesPrice;
  market.lastTradeCount = count;
}

/** Book one side of a trade on its order and account; returns the contracts it closed. */
function fillOrder(
  state: EngineState,
  market: EngineMarket,
  order: Order,
  isTaker: boolean,
  legPrice: Micros,
  count: Centis,
  fee: Micros,
  now: number,
  events: EngineEvent[],
): Centis {
  const account = accountOf(state, order);
  const remaining = centis(order.remainingCount - count);
  holdCollateral(account, order, collateralFor(market, order.legPrice, remaining, state.options));
  const accounting = applyFill(account, market, order, legPrice, count, fee, state.options, now);
  order.filledCount = centis(order.filledCount + count);
  order.remainingCount = remaining;
  if (isTaker) {
    order.takerFillCost = micros(order.takerFillCost + accounting.cost);
    order.takerFees = micros(order.takerFees + accounting.netFee);
  } else {
    order.makerFillCost = micros(order.makerFillCost + accounting.cost);
    order.makerFees = micros(order.makerFees + accounting.netFee);
  }
  order.updatedAt = now;
  order.lastUpdateReason = 'Trade';
  if (remaining === 0n) {
    order.status = 'executed';
    finishOrder(state, order);
  }
  const fill = {
    fillId: state.ids.next(),
    orderId: order.orderId,
    accountId: order.accountId,
    ticker: market.ticker,
    side: order.side,
    leg: order.leg,
    count,
    yesPrice: order.leg === 'yes' ? legPrice : micros(ONE_DOLLAR - legPrice),
    isTaker,
    fee: accounting.netFee,
    clientOrderId: order.clientOrderId,
    postPosition: accounting.position.position,
    createdAt: now,
  };
  if (account.recordHistory) account.fills.push(fill);
  events.push({ kind: 'fill', fill });
  events.push({ kind: 'order', order: snapshotOrder(order) });
  events.push({ kind: 'position', accountId: account.accountId, position: { ...accounting.position } });
  return accounting.closed;
}

/** Put a (partly) unfilled order in the book. */
export function rest(state: EngineState, entry: MarketEntry, order: Order, now: number, events: EngineEvent[]): void {
  state.counters.priority += 1;
  order.priority = state.counters.priority;
  entry.book.side(order.leg).add(order);
  if (order.expirationTime !== null) state.expiring.add(order);
  events.push(bookEvent(entry, order, order.remainingCount, now));
}
