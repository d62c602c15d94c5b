/**
 * The exchange's matching engine: markets with books, accounts, and the order operations of the
 * V2 API (create, cancel, amend, decrease, cancel all), plus expiry, trading halts, market close
 * and settlement. Pure: no I/O, no clock, no randomness; every call takes `now` (ms) and returns
 * the events it caused. Requests it refuses throw (or, for orders already recorded, return)
 * `OrderRejected` with Kalshi's status and code.
 */
import { type Centis, type Micros, ONE_DOLLAR, centis, micros } from '@polly/contracts';
import { isOnGrid } from '@polly/market';
import { OrderBook } from './book';
import { collateralFor, createAccount, holdCollateral, settlePosition } from './ledger';
import {
  type EngineState,
  type MarketEntry,
  accountOf,
  bookEvent,
  cancelResting,
  closeOrder,
  crossingVolume,
  matchIncoming,
  rest,
  snapshotOrder,
  wouldCross,
} from './matching';
import type { AmendInput, DecreaseInput, MarketDefinition, OrderOutcome, PlaceOrderInput } from './inputs';
import {
  type Account,
  type EngineEvent,
  type EngineMarket,
  type EngineOptions,
  type IdSource,
  type MarketTradingStatus,
  type Order,
  OrderRejected,
  legOf,
} from './types';

export type { AmendInput, DecreaseInput, MarketDefinition, OrderOutcome, PlaceOrderInput };

const reject = (status: number, code: string, details: string): never => {
  throw new OrderRejected(status, code, details);
};

export class MatchingEngine {
  private readonly state: EngineState;

  constructor(options: EngineOptions, ids: IdSource) {
    this.state = {
      options,
      ids,
      markets: new Map(),
      accounts: new Map(),
      orders: new Map(),
      expiring: new Set(),
      counters: { priority: 0, trade: 0 },
    };
  }

  // ---- markets -------------------------------------------------------------------------------

  addMarket(definition: MarketDefinition): EngineMarket {
    const market: EngineMarket = {
      ticker: definition.ticker,
      eventTicker: definition.eventTicker,
      bands: definition.bands,
      fees: definition.fees,
      status: definition.status,
      volume: centis(0n),
      openInterest: centis(0n),
      lastPrice: null,
      lastTradeCount: null,
    };
    this.state.markets.set(definition.ticker, { market, book: new OrderBook() });
    return market;
  }

  /** Forget a finished market (it must hold no resting orders). */
  removeMarket(ticker: string): void {
    const entry = this.state.markets.get(ticker);
    if (entry && entry.book.empty) this.state.markets.delete(ticker);
  }

  market(ticker: string): EngineMarket | undefined {
    return this.state.markets.get(ticker)?.market;
  }

  book(ticker: string): OrderBook | undefined {
    return this.state.markets.get(ticker)?.book;
  }

  /** Change a market's status; leaving `active` cancels its resting orders (CloseCancel). */
  setMarketStatus(ticker: string, status: MarketTradingStatus, now: number): EngineEvent[] {
    const entry = this.entry(ticker);
    const events: EngineEvent[] = [];
    entry.market.status = status;
    if (status !== 'active' && status !== 'inactive') this.cancelWhere(entry, () => true, 'CloseCancel', now, events);
    return events;
  }

  /** Settle every position in a market at `value` per YES contract and finalize it. */
  settle(ticker: string, result: 'yes' | 'no', now: number): EngineEvent[] {
    const entry = this.entry(ticker);
    const events: EngineEvent[] = [];
    this.cancelWhere(entry, () => true, 'CloseCancel', now, events);
    const value = result === 'yes' ? ONE_DOLLAR : micros(0n);
    for (const account of this.state.accounts.values()) {
      const position = account.positions.get(ticker);
      if (!position) continue;
      const settlement = settlePosition(account, position, result, value, now);
      events.push({ kind: 'position', accountId: account.accountId, position: { ...position, position: centis(0n) } });
      if (settlement) events.push({ kind: 'settlement', accountId: account.accountId, settlement });
    }
    entry.market.openInterest = centis(0n);
    entry.market.status = 'finalized';
    return events;
  }

  // ---- accounts ------------------------------------------------------------------------------

  openAccount(accountId: string, userId: string, balance: Micros, recordHistory: boolean, now: number): Account {
    const existing = this.state.accounts.get(accountId);
    if (existing) return existing;
    const account = createAccount(accountId, userId, balance, recordHistory, now);
    this.state.accounts.set(accountId, account);
    return account;
  }

  account(accountId: string): Account | undefined {
    return this.state.accounts.get(accountId);
  }

  accounts(): IterableIterator<Account> {
    return this.state.accounts.values();
  }

  order(orderId: string): Order | undefined {
    return this.state.orders.get(orderId);
  }

  // ---- order entry ---------------------------------------------------------------------------

  place(input: PlaceOrderInput, now: number): OrderOutcome {
    const account = this.state.accounts.get(input.accountId) ?? reject(401, 'authentication_error', 'unknown account');
    const entry = this.tradable(input.ticker);
    if (!isOnGrid(input.yesPrice, entry.market.bands)) reject(400, 'invalid_price', 'price is not on the market price grid');
    if (input.count <= 0n) reject(400, 'invalid_order_size', 'count must be at least 0.01');
    const expirationTime = input.expirationTime ?? null;
    if (expirationTime !== null) {
      if (input.timeInForce === 'immediate_or_cancel') reject(400, 'invalid_order', 'Cannot specify both immediate_or_cancel and expiration_ts');
      if (input.timeInForce === 'fill_or_kill') reject(400, 'invalid_order', 'expiration_time is only allowed with good_till_canceled');
      if (expirationTime <= now) reject(400, 'invalid_order', 'Expiration timestamp must be in the future');
    }
    const clientOrderId = input.clientOrderId ?? '';
    if (clientOrderId !== '' && account.clientOrderIds.has(clientOrderId)) {
      reject(409, 'order_already_exists', `an order with client_order_id ${clientOrderId} already exists`);
    }
    const leg = legOf(input.side);
    let count = input.count;
    let capped = false;
    if (input.reduceOnly) {
      const held = account.positions.get(input.ticker)?.position ?? 0n;
      const reducible = leg === 'yes' ? (held < 0n ? -held : 0n) : held > 0n ? held : 0n;
      if (reducible === 0n) reject(400, 'invalid_order', 'reduce only order would not reduce the position');
      if (count > reducible) {
        count = centis(reducible);
        capped = true;
      }
    }
    const legPrice = leg === 'yes' ? input.yesPrice : micros(ONE_DOLLAR - input.yesPrice);
    const collateral = collateralFor(entry.market, legPrice, count, this.state.options);
    if (account.balance < collateral) reject(400, 'available_balance_too_low', 'available balance is too low for this order');

    const order: Order = {
      orderId: this.state.ids.next(),
      accountId: account.accountId,
      clientOrderId,
      ticker: input.ticker,
      side: input.side,
      leg,
      yesPrice: input.yesPrice,
      legPrice,
      initialCount: count,
      filledCount: centis(0n),
      remainingCount: count,
      status: 'resting',
      timeInForce: input.timeInForce,
      postOnly: input.postOnly ?? false,
      reduceOnly: input.reduceOnly ?? false,
      cancelOrderOnPause: input.cancelOrderOnPause ?? false,
      selfTradePrevention: input.selfTradePrevention,
      expirationTime,
      createdAt: now,
      updatedAt: now,
      priority: 0,
      takerFillCost: micros(0n),
      makerFillCost: micros(0n),
      takerFees: micros(0n),
      makerFees: micros(0n),
      reserved: micros(0n),
      roundingAccumulator: micros(0n),
      lastUpdateReason: capped ? 'ReduceOnlyCancel' : null,
    };
    if (clientOrderId !== '') account.clientOrderIds.add(clientOrderId);
    this.state.orders.set(order.orderId, order);
    account.orders.set(order.orderId, order);
    holdCollateral(account, order, collateral);
    const events: EngineEvent[] = [{ kind: 'order', order: snapshotOrder(order) }];

    if (order.postOnly && wouldCross(entry, order)) {
      closeOrder(this.state, order, 'PostOnlyCrossCancel', now, events);
      return { order, events, rejection: new OrderRejected(400, 'invalid_order', 'post only cross') };
    }
    if (order.timeInForce === 'fill_or_kill' && crossingVolume(entry, order) < order.remainingCount) {
      closeOrder(this.state, order, null, now, events);
      return { order, events };
    }
    const selfCrossed = matchIncoming(this.state, entry, order, now, events);
    if (order.remainingCount > 0n) {
      if (selfCrossed) closeOrder(this.state, order, 'SelfTradeCancel', now, events);
      else if (order.timeInForce === 'good_till_canceled') rest(this.state, entry, order, now, events);
      else closeOrder(this.state, order, null, now, events);
    }
    return { order, events };
  }

  /** Cancel a resting order; answers how much was taken off. */
  cancel(accountId: string, orderId: string, now: number): { order: Order; reducedBy: Centis; events: EngineEvent[] } {
    const order = this.restingOrder(accountId, orderId);
    const events: EngineEvent[] = [];
    const reducedBy = cancelResting(this.state, this.entry(order.ticker), order, 'Decrease', now, events);
    return { order, reducedBy, events };
  }

  cancelAll(accountId: string, now: number): EngineEvent[] {
    const account = this.state.accounts.get(accountId);
    const events: EngineEvent[] = [];
    if (!account) return events;
    for (const order of [...account.orders.values()]) {
      if (order.status === 'resting') cancelResting(this.state, this.entry(order.ticker), order, 'Decrease', now, events);
    }
    return events;
  }

  decrease(accountId: string, orderId: string, input: DecreaseInput, now: number): { order: Order; events: EngineEvent[] } {
    const order = this.restingOrder(accountId, orderId);
    const entry = this.entry(order.ticker);
    const target = 'reduceTo' in input ? input.reduceTo : centis(order.remainingCount - input.reduceBy);
    if (target < 0n && 'reduceTo' in input) reject(400, 'invalid_order', 'reduce_to must not be negative');
    const events: EngineEvent[] = [];
    if (target <= 0n) {
      cancelResting(this.state, entry, order, 'Decrease', now, events);
      return { order, events };
    }
    if (target < order.remainingCount) {
      const reducedBy = centis(order.remainingCount - target);
      entry.book.side(order.leg).reduce(order, reducedBy);
      order.remainingCount = target;
      holdCollateral(accountOf(this.state, order), order, collateralFor(entry.market, order.legPrice, target, this.state.options));
      events.push(bookEvent(entry, order, centis(-reducedBy), now));
    }
    order.lastUpdateReason = 'Decrease';
    order.updatedAt = now;
    events.push({ kind: 'order', order: snapshotOrder(order) });
    return { order, events };
  }

  amend(accountId: string, orderId: string, input: AmendInput, now: number): OrderOutcome {
    const order = this.restingOrder(accountId, orderId);
    const account = accountOf(this.state, order);
    const entry = this.tradable(order.ticker);
    if (input.ticker !== order.ticker) reject(400, 'order_ticker_mismatch', 'ticker does not match the order');
    if (input.side !== order.side) reject(400, 'order_side_mismatch', 'side does not match the order');
    if (input.clientOrderId !== undefined && input.clientOrderId !== order.clientOrderId) {
      reject(400, 'order_id_and_client_order_id_mismatch', 'client_order_id does not match the order');
    }
    if (!isOnGrid(input.yesPrice, entry.market.bands)) reject(400, 'invalid_price', 'price is not on the market price grid');
    const remaining = centis(input.count - order.filledCount);
    if (remaining <= 0n) reject(400, 'invalid_order_size', 'count must exceed the contracts already filled');
    const renamed = input.updatedClientOrderId;
    if (renamed !== undefined && renamed !== order.clientOrderId && account.clientOrderIds.has(renamed)) {
      reject(409, 'order_already_exists', `an order with client_order_id ${renamed} already exists`);
    }
    const legPrice = order.leg === 'yes' ? input.yesPrice : micros(ONE_DOLLAR - input.yesPrice);
    const collateral = collateralFor(entry.market, legPrice, remaining, this.state.options);
    if (account.balance + order.reserved < collateral) reject(400, 'available_balance_too_low', 'available balance is too low for this order');
    if (order.postOnly && legPrice !== order.legPrice && wouldCross(entry, { ...order, legPrice })) {
      reject(400, 'invalid_order', 'post only cross');
    }

    const events: EngineEvent[] = [];
    const side = entry.book.side(order.leg);
    const keepsPriority = legPrice === order.legPrice && remaining <= order.remainingCount;
    if (keepsPriority) {
      const reducedBy = centis(order.remainingCount - remaining);
      side.reduce(order, reducedBy);
      if (reducedBy > 0n) events.push(bookEvent(entry, order, centis(-reducedBy), now));
    } else {
      side.remove(order, order.remainingCount);
      events.push(bookEvent(entry, order, centis(-order.remainingCount), now));
    }
    if (renamed !== undefined && renamed !== order.clientOrderId) {
      account.clientOrderIds.add(renamed);
      order.clientOrderId = renamed;
    }
    order.yesPrice = input.yesPrice;
    order.legPrice = legPrice;
    order.initialCount = input.count;
    order.remainingCount = remaining;
    order.lastUpdateReason = 'Amend';
    order.updatedAt = now;
    holdCollateral(account, order, collateral);
    events.push({ kind: 'order', order: snapshotOrder(order) });
    if (!keepsPriority) {
      const selfCrossed = matchIncoming(this.state, entry, order, now, events);
      if (order.remainingCount > 0n) {
        if (selfCrossed) closeOrder(this.state, order, 'SelfTradeCancel', now, events);
        else rest(this.state, entry, order, now, events);
      }
    }
    return { order, events };
  }

  /** Cancel resting orders whose expiration time has come. */
  expire(now: number): EngineEvent[] {
    const events: EngineEvent[] = [];
    for (const order of [...this.state.expiring]) {
      if (order.expirationTime !== null && order.expirationTime <= now && order.status === 'resting') {
        cancelResting(this.state, this.entry(order.ticker), order, 'ExpiryCancel', now, events);
      }
    }
    return events;
  }

  /** Trading paused: cancel every resting order that asked for it (HaltCancel). */
  halt(now: number): EngineEvent[] {
    const events: EngineEvent[] = [];
    for (const entry of this.state.markets.values()) this.cancelWhere(entry, (order) => order.cancelOrderOnPause, 'HaltCancel', now, events);
    return events;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private cancelWhere(
    entry: MarketEntry,
    predicate: (order: Order) => boolean,
    reason: 'CloseCancel' | 'HaltCancel',
    now: number,
    events: EngineEvent[],
  ): void {
    if (entry.book.empty) return;
    const doomed = [...entry.book.yes.orders(), ...entry.book.no.orders()].filter(predicate);
    for (const order of doomed) cancelResting(this.state, entry, order, reason, now, events);
  }

  private entry(ticker: string): MarketEntry {
    return this.state.markets.get(ticker) ?? reject(404, 'market_not_found', `market ${ticker} not found`);
  }

  private tradable(ticker: string): MarketEntry {
    const entry = this.entry(ticker);
    if (entry.market.status !== 'active') reject(400, 'market_closed', `market ${ticker} is not open for trading (status ${entry.market.status})`);
    return entry;
  }

  private restingOrder(accountId: string, orderId: string): Order {
    const order = this.state.orders.get(orderId);
    if (!order || order.accountId !== accountId) return reject(404, 'not_found', `order ${orderId} not found`);
    if (order.status !== 'resting') reject(404, 'not_found', `order ${orderId} is not resting (status ${order.status})`);
    return order;
  }
}
