/** What callers hand the matching engine, and what it hands back for an order. */
import type { Centis, Micros } from '@polly/contracts';
import type { FeeSchedule, PriceBand } from '@polly/market';
import type { BookSide, EngineEvent, MarketTradingStatus, Order, OrderRejected, SelfTradePrevention, TimeInForce } from './types';

export interface MarketDefinition {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly bands: readonly PriceBand[];
  readonly fees: FeeSchedule;
  readonly status: MarketTradingStatus;
}

export interface PlaceOrderInput {
  readonly accountId: string;
  readonly ticker: string;
  readonly side: BookSide;
  readonly yesPrice: Micros;
  readonly count: Centis;
  readonly timeInForce: TimeInForce;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly clientOrderId?: string;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  readonly cancelOrderOnPause?: boolean;
  /** Unix ms; only with good_till_canceled. */
  readonly expirationTime?: number | null;
}

export interface OrderOutcome {
  readonly order: Order;
  readonly events: EngineEvent[];
  /** Set when the order was recorded but refused (post-only cross): publish events, then answer the error. */
  readonly rejection?: OrderRejected;
}

export interface AmendInput {
  readonly ticker: string;
  readonly side: BookSide;
  readonly yesPrice: Micros;
  /** New total: already filled + wanted remaining. */
  readonly count: Centis;
  readonly clientOrderId?: string;
  readonly updatedClientOrderId?: string;
}

export type DecreaseInput = { readonly reduceBy: Centis } | { readonly reduceTo: Centis };
