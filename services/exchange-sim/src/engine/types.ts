/**
 * The matching engine's vocabulary. Everything here is plain data: the engine is pure (no I/O,
 * no timers, no randomness of its own); callers pass `now` and an id source.
 *
 * Units: prices and money are `Micros`, counts are `Centis` (see @polly/contracts fixed-point).
 * A market has one book with two sides of bids: YES bids and NO bids, each priced on its own leg.
 * A V2 `bid` at p is a YES bid at p; an `ask` at p is a NO bid at 1 − p.
 */
import type { Centis, Micros } from '@polly/contracts';
import type { BalancePrecision, FeeSchedule, PriceBand } from '@polly/market';

export type Leg = 'yes' | 'no';
export type BookSide = 'bid' | 'ask';
export type OrderStatus = 'resting' | 'canceled' | 'executed';
export type TimeInForce = 'fill_or_kill' | 'good_till_canceled' | 'immediate_or_cancel';
export type SelfTradePrevention = 'taker_at_cross' | 'maker';
export type UpdateReason =
  | 'Trade'
  | 'Decrease'
  | 'Amend'
  | 'SelfTradeCancel'
  | 'ExpiryCancel'
  | 'CloseCancel'
  | 'HaltCancel'
  | 'PostOnlyCrossCancel'
  | 'ReduceOnlyCancel';

export const legOf = (side: BookSide): Leg => (side === 'bid' ? 'yes' : 'no');
export const otherLeg = (leg: Leg): Leg => (leg === 'yes' ? 'no' : 'yes');

export interface Order {
  readonly orderId: string;
  readonly accountId: string;
  clientOrderId: string;
  readonly ticker: string;
  readonly side: BookSide;
  readonly leg: Leg;
  /** The limit as a YES price (what V2 requests carry). */
  yesPrice: Micros;
  /** The limit on the order's own leg: yesPrice for bids, 1 − yesPrice for asks. */
  legPrice: Micros;
  initialCount: Centis;
  filledCount: Centis;
  remainingCount: Centis;
  status: OrderStatus;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly cancelOrderOnPause: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly expirationTime: number | null;
  readonly createdAt: number;
  updatedAt: number;
  /** Time priority within a price level: lower goes first. */
  priority: number;
  takerFillCost: Micros;
  makerFillCost: Micros;
  takerFees: Micros;
  makerFees: Micros;
  /** Collateral held back from the account's balance for the remaining count. */
  reserved: Micros;
  /** D-FEE rounding overpayment carried across this order's fills. */
  roundingAccumulator: Micros;
  lastUpdateReason: UpdateReason | null;
}

export interface Position {
  readonly ticker: string;
  readonly eventTicker: string;
  /** Signed: positive = YES contracts, negative = NO contracts. */
  position: Centis;
  /** What the open contracts cost (always ≥ 0). */
  cost: Micros;
  realizedPnl: Micros;
  feesPaid: Micros;
  totalTraded: Micros;
  volume: Centis;
  updatedAt: number;
}

export interface Fill {
  readonly fillId: string;
  readonly orderId: string;
  readonly accountId: string;
  readonly ticker: string;
  readonly side: BookSide;
  readonly leg: Leg;
  readonly count: Centis;
  readonly yesPrice: Micros;
  readonly isTaker: boolean;
  /** Net fee of this fill: trade fee + rounding fee − rebate. */
  readonly fee: Micros;
  readonly clientOrderId: string;
  /** The account's signed position after this fill. */
  readonly postPosition: Centis;
  readonly createdAt: number;
}

export interface Trade {
  readonly tradeId: string;
  readonly sequence: number;
  readonly ticker: string;
  readonly count: Centis;
  readonly yesPrice: Micros;
  /** The taker's leg: 'yes' when the taker bought YES (book side bid). */
  readonly takerLeg: Leg;
  readonly createdAt: number;
}

export interface Settlement {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly result: 'yes' | 'no';
  readonly yesCount: Centis;
  readonly yesTotalCost: Micros;
  readonly noCount: Centis;
  readonly noTotalCost: Micros;
  /** What the position paid out. */
  readonly payout: Micros;
  /** Payout of one YES contract. */
  readonly value: Micros;
  readonly feeCost: Micros;
  readonly settledAt: number;
}

export interface Account {
  readonly accountId: string;
  readonly userId: string;
  /** Available cash: deposits − costs − fees + payouts − collateral reserved by resting orders. */
  balance: Micros;
  /** Keep orders, fills and settlements for portfolio reads (off for background traders). */
  readonly recordHistory: boolean;
  readonly positions: Map<string, Position>;
  /** Resting orders, plus finished ones when recordHistory. */
  readonly orders: Map<string, Order>;
  readonly clientOrderIds: Set<string>;
  readonly fills: Fill[];
  readonly settlements: Settlement[];
  updatedAt: number;
}

export type MarketTradingStatus = 'initialized' | 'active' | 'inactive' | 'closed' | 'determined' | 'finalized';

export interface EngineMarket {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly bands: readonly PriceBand[];
  readonly fees: FeeSchedule;
  status: MarketTradingStatus;
  volume: Centis;
  openInterest: Centis;
  lastPrice: Micros | null;
  lastTradeCount: Centis | null;
}

export interface EngineOptions {
  /** Balance precision of member accounts (direct members: $0.0001). */
  readonly precision: BalancePrecision;
  /** Extra collateral held per order on top of price × count + fee, to absorb fee rounding. */
  readonly reserveAllowance: Micros;
}

/** A change of size at one price level. */
export interface BookChange {
  readonly ticker: string;
  readonly leg: Leg;
  readonly price: Micros;
  readonly delta: Centis;
  /** The account whose order caused the change (its client order id is shown only to it). */
  readonly accountId: string;
  readonly clientOrderId: string;
  readonly at: number;
}

/** What happened, for the layers that publish market data and portfolio updates. */
export type EngineEvent =
  | ({ readonly kind: 'book' } & BookChange)
  | { readonly kind: 'trade'; readonly trade: Trade }
  | { readonly kind: 'fill'; readonly fill: Fill }
  | { readonly kind: 'order'; readonly order: Order }
  | { readonly kind: 'position'; readonly accountId: string; readonly position: Position }
  | { readonly kind: 'settlement'; readonly accountId: string; readonly settlement: Settlement };

export interface IdSource {
  next(): string;
}

/** A request the engine refused, with Kalshi's error code. */
export class OrderRejected extends Error {
  override readonly name = 'OrderRejected';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly details: string,
  ) {
    super(`${code}: ${details}`);
  }
}
