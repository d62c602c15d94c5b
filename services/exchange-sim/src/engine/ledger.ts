/**
 * Accounts: cash, collateral held by resting orders, netted positions, realized P/L, fees, and
 * settlement payouts.
 *
 * Money rules:
 * - Buying `count` contracts of a leg at `price` costs price × count plus the fee; when the buy
 *   closes contracts of the other leg, each closed pair returns $1 of collateral (YES + NO = $1).
 * - The balance change of a fill is floored to the member's precision with the per-order
 *   rounding accumulator (fees.ts `applyFeeRounding`).
 * - A resting order holds price × remaining + the cent-rounded taker fee + an allowance, taken
 *   from the available balance and released as it fills or is cancelled.
 * - Settlement pays the settlement value per YES contract and $1 − value per NO contract.
 * Money is conserved: balances + fees collected + $1 × open interest stay equal to deposits.
 */
import {
  type Centis,
  type Micros,
  ONE_DOLLAR,
  absBigint,
  centis,
  divideRounded,
  micros,
  minBigint,
  notional,
} from '@polly/contracts';
import { applyFeeRounding, takerFee } from '@polly/market';
import type { Account, EngineMarket, EngineOptions, Order, Position, Settlement } from './types';

/** $1 per whole contract is 10,000 micro-dollars per centi-contract. */
const MICROS_PER_CENTI_CONTRACT = 10_000n;

export function createAccount(accountId: string, userId: string, balance: Micros, recordHistory: boolean, now: number): Account {
  return {
    accountId,
    userId,
    balance,
    recordHistory,
    positions: new Map(),
    orders: new Map(),
    clientOrderIds: new Set(),
    fills: [],
    settlements: [],
    updatedAt: now,
  };
}

/** Collateral a resting order holds for `count` contracts at its leg price. */
export function collateralFor(market: EngineMarket, legPrice: Micros, count: Centis, options: EngineOptions): Micros {
  if (count <= 0n) return micros(0n);
  return micros(notional(legPrice, count) + takerFee(legPrice, count, market.fees, 'ceil_to_cent') + options.reserveAllowance);
}

/** Set the order's held collateral to `amount`, moving the difference from or to the balance. */
export function holdCollateral(account: Account, order: Order, amount: Micros): void {
  account.balance = micros(account.balance + order.reserved - amount);
  order.reserved = amount;
}

export function positionFor(account: Account, market: EngineMarket, now: number): Position {
  let position = account.positions.get(market.ticker);
  if (!position) {
    position = {
      ticker: market.ticker,
      eventTicker: market.eventTicker,
      position: centis(0n),
      cost: micros(0n),
      realizedPnl: micros(0n),
      feesPaid: micros(0n),
      totalTraded: micros(0n),
      volume: centis(0n),
      updatedAt: now,
    };
    account.positions.set(market.ticker, position);
  }
  return position;
}

export interface FillAccounting {
  /** Trade fee + rounding fee − rebate for this fill. */
  readonly netFee: Micros;
  /** Contracts of the other leg this fill closed (each returned $1). */
  readonly closed: Centis;
  /** New contracts this fill opened. */
  readonly opened: Centis;
  /** Price × count paid on the order's leg. */
  readonly cost: Micros;
  readonly position: Position;
}

/**
 * Book one fill of `order` for `count` contracts at `legPrice` (the price on the order's own leg)
 * with the given trade fee.
 */
export function applyFill(
  account: Account,
  market: EngineMarket,
  order: Order,
  legPrice: Micros,
  count: Centis,
  fee: Micros,
  options: EngineOptions,
  now: number,
): FillAccounting {
  const position = positionFor(account, market, now);
  const held = position.position;
  const signed = order.leg === 'yes' ? count : -count;
  const opposite = (held > 0n && signed < 0n) || (held < 0n && signed > 0n);
  const closed = centis(opposite ? minBigint(absBigint(held), count) : 0n);
  const opened = centis(count - closed);
  const cost = notional(legPrice, count);
  const revenue = closed * MICROS_PER_CENTI_CONTRACT - cost;
  const rounding = applyFeeRounding(revenue, fee, order.roundingAccumulator, options.precision);
  order.roundingAccumulator = rounding.accumulator;
  account.balance = micros(account.balance + rounding.balanceChange);
  if (closed > 0n) {
    const basis = closed === absBigint(held) ? position.cost : divideRounded(position.cost * closed, absBigint(held), 'floor');
    position.cost = micros(position.cost - basis);
    position.realizedPnl = micros(position.realizedPnl + notional(micros(ONE_DOLLAR - legPrice), closed) - basis);
  }
  position.cost = micros(position.cost + notional(legPrice, opened));
  position.position = centis(held + signed);
  position.feesPaid = micros(position.feesPaid + rounding.netFee);
  position.totalTraded = micros(position.totalTraded + cost);
  position.volume = centis(position.volume + count);
  position.updatedAt = now;
  account.updatedAt = now;
  return { netFee: rounding.netFee, closed, opened, cost, position };
}

/**
 * Pay out a position when its market settles. `value` is what one YES contract pays ($1 for a
 * yes result, $0 for no). The position leaves the account (Kalshi lists only unsettled ones).
 */
export function settlePosition(
  account: Account,
  position: Position,
  result: 'yes' | 'no',
  value: Micros,
  now: number,
): Settlement | null {
  account.positions.delete(position.ticker);
  if (position.position === 0n) return null;
  const long = position.position > 0n;
  const count = centis(absBigint(position.position));
  const payout = notional(long ? value : micros(ONE_DOLLAR - value), count);
  account.balance = micros(account.balance + payout);
  account.updatedAt = now;
  position.realizedPnl = micros(position.realizedPnl + payout - position.cost);
  const settlement: Settlement = {
    ticker: position.ticker,
    eventTicker: position.eventTicker,
    result,
    yesCount: long ? count : centis(0n),
    yesTotalCost: long ? position.cost : micros(0n),
    noCount: long ? centis(0n) : count,
    noTotalCost: long ? micros(0n) : position.cost,
    payout,
    value,
    feeCost: position.feesPaid,
    settledAt: now,
  };
  if (account.recordHistory) account.settlements.push(settlement);
  return settlement;
}
