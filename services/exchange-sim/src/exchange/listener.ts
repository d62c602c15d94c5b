/**
 * What the exchange tells the outside (the WebSocket feed, stats): every change to books,
 * trades, orders, positions, market lifecycle and the index, as it happens.
 */
import type { Centis, Micros } from '@polly/contracts';
import type { BookChange, Fill, Order, Position, Trade } from '../engine/types';
import type { SimEvent, SimMarket } from '../universe/model';

export type { BookChange };

export interface TopOfBook {
  readonly yesBid: Micros | null;
  readonly yesBidSize: Centis;
  /** 1 − best NO bid. */
  readonly yesAsk: Micros | null;
  readonly yesAskSize: Centis;
}

export interface TickerState extends TopOfBook {
  readonly ticker: string;
  readonly lastPrice: Micros | null;
  readonly lastTradeCount: Centis | null;
  readonly volume: Centis;
  readonly openInterest: Centis;
  readonly at: number;
}

export type MarketLifecycleType =
  | 'created'
  | 'activated'
  | 'deactivated'
  | 'close_date_updated'
  | 'determined'
  | 'settled'
  | 'metadata_updated';

export interface ExchangeListener {
  bookChanged(change: BookChange): void;
  tickerChanged(state: TickerState): void;
  traded(trade: Trade): void;
  filled(fill: Fill): void;
  orderUpdated(order: Order): void;
  positionChanged(accountId: string, position: Position): void;
  marketLifecycle(type: MarketLifecycleType, market: SimMarket, at: number): void;
  eventCreated(event: SimEvent, at: number): void;
  /** One BRTI value per simulated second (only the latest after a jump in time). */
  indexValue(second: number, cents: number, runningAverageCents: number | null): void;
}
