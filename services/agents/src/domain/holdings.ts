/**
 * Helpers every strategy needs about holdings and quotes, all exact. A position is signed:
 * positive YES contracts, negative NO contracts; an order moves it by `signedDelta`.
 */
import {
  type Centis,
  type Micros,
  type OrderAction,
  type OutcomeSide,
  ZERO_CENTIS,
  formatCount,
  formatDollars,
  maxBigint,
  minBigint,
} from '@polly/contracts';
import { type FeeSchedule, feeSchedule, takerFee } from '@polly/market';
import type { Decision, MarketView } from '../plugin';

/** What filling `count` of an order does to the signed position. */
export function signedDelta(action: OrderAction, side: OutcomeSide, count: Centis): Centis {
  const towardYes = (action === 'buy') === (side === 'yes');
  return (towardYes ? count : -count) as Centis;
}

/** The side a signed position holds, or null when flat. */
export const heldSide = (position: Centis): OutcomeSide | null => (position > 0n ? 'yes' : position < 0n ? 'no' : null);

export const magnitude = (count: Centis): Centis => (count < 0n ? -count : count) as Centis;

/**
 * How many contracts of `side` can still be bought without the position plus working orders in
 * that direction passing `maxPosition` (the gate's cap), limited to `orderSize`.
 */
export function entryCount(side: OutcomeSide, position: Centis, working: Centis, orderSize: Centis, maxPosition: Centis): Centis {
  const direction = side === 'yes' ? 1n : -1n;
  const committed = maxBigint(0n, direction * (position + working));
  const room = maxBigint(0n, maxPosition - committed);
  return minBigint(orderSize, room) as Centis;
}

export interface SideQuote {
  bid: Micros | null;
  ask: Micros | null;
}

export const quoteOf = (market: MarketView, side: OutcomeSide): SideQuote =>
  side === 'yes' ? { bid: market.yesBid, ask: market.yesAsk } : { bid: market.noBid, ask: market.noAsk };

export const opposite = (side: OutcomeSide): OutcomeSide => (side === 'yes' ? 'no' : 'yes');

/** Kalshi's default schedule (quadratic, multiplier 1) when the series' one is not known. */
export const DEFAULT_FEE_SCHEDULE: FeeSchedule = feeSchedule('quadratic', 1);

/** The taker fee of `count` at `price` under the market's schedule (the default when unknown). */
export const takerFeeFor = (market: MarketView, price: Micros, count: Centis): Micros =>
  takerFee(price, count, market.feeSchedule ?? DEFAULT_FEE_SCHEDULE);

/** Exact text for decision inputs. */
export const dollarsOrNull = (value: Micros | null): string | null => (value === null ? null : formatDollars(value));
export const countText = (value: Centis): string => formatCount(value);

/** The quote and holdings every decision records. */
export function marketInputs(market: MarketView, position: Centis, working: Centis): Record<string, string | number | boolean | null> {
  return {
    yesBid: dollarsOrNull(market.yesBid),
    yesAsk: dollarsOrNull(market.yesAsk),
    noBid: dollarsOrNull(market.noBid),
    noAsk: dollarsOrNull(market.noAsk),
    position: countText(position),
    working: countText(working),
  };
}

export function hold(reasonCode: string, explanation: string, inputs: Record<string, string | number | boolean | null> = {}): Decision {
  return { outcome: 'hold', reasonCode, explanation, inputs };
}

export const isFlat = (position: Centis): boolean => position === ZERO_CENTIS;
