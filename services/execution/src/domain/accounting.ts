/**
 * Positions and profit/loss of one holder (an agent, or the account) in one market, exactly, in
 * micro-dollars and hundredths of a contract. Pure functions; the service stores the state.
 *
 * Conventions (they match the exchange's own position report):
 * - `position` is signed: positive = YES contracts held, negative = NO contracts held. YES and NO
 *   net against each other within a market, as on the exchange.
 * - `costBasis` is what was paid for the contracts held (never negative). A bid pays the YES price
 *   per contract; an ask pays the NO price, 1 − YES price.
 * - Closing uses the average cost: closing k of |position| contracts removes
 *   costBasis × k / |position| of it (rounded up to the micro-dollar, so a fully closed position
 *   always ends at exactly zero cost). The proceeds of a closed contract are the price of the side
 *   held in that trade: selling YES at p brings p; buying YES at p against held NO releases the
 *   $1 pair, which brings 1 − p.
 * - `realizedPnl` is before fees (as the exchange reports it); `feesPaid` is kept beside it. The P/L
 *   summary subtracts fees from realized P/L, because a fee is money lost.
 * - Amounts paid are rounded up and amounts received rounded down when a price times a count is
 *   not a whole micro-dollar (never the case on Kalshi's grids, but the rule is fixed).
 * - `cashFlow` is the signed sum of every cash movement (costs, proceeds, fees, settlement), so a
 *   paper balance is the starting balance plus the cash flow of every holder.
 */
import {
  type BookSide,
  type Centis,
  type Micros,
  ONE_DOLLAR,
  ZERO_CENTIS,
  ZERO_MICROS,
  absBigint,
  centis,
  complement,
  divideRounded,
  formatCount,
  formatDollars,
  micros,
  minBigint,
  notional,
} from '@polly/contracts';

export interface PositionState {
  position: Centis;
  costBasis: Micros;
  realizedPnl: Micros;
  feesPaid: Micros;
  cashFlow: Micros;
  fills: number;
  wins: number;
  losses: number;
}

export const EMPTY_POSITION: PositionState = {
  position: ZERO_CENTIS,
  costBasis: ZERO_MICROS,
  realizedPnl: ZERO_MICROS,
  feesPaid: ZERO_MICROS,
  cashFlow: ZERO_MICROS,
  fills: 0,
  wins: 0,
  losses: 0,
};

export interface AccountingFill {
  bookSide: BookSide;
  /** The trade's YES price. */
  yesPrice: Micros;
  count: Centis;
  fee: Micros;
}

export interface FillEffect {
  state: PositionState;
  /** Realized by this fill, before its fee. */
  realized: Micros;
  opened: Centis;
  closed: Centis;
  cashChange: Micros;
}

const paid = (price: Micros, count: Centis): Micros => notional(price, count, 'ceil');
const received = (price: Micros, count: Centis): Micros => notional(price, count, 'floor');

/** Remove `closed` of `held` contracts from `costBasis` at their average cost: the cost removed. */
function averageCostOf(costBasis: Micros, held: Centis, closed: Centis): Micros {
  const remaining = divideRounded(costBasis * (held - closed), held, 'floor');
  return micros(costBasis - remaining);
}

function tally(state: PositionState, outcome: bigint): Pick<PositionState, 'wins' | 'losses'> {
  return { wins: state.wins + (outcome > 0n ? 1 : 0), losses: state.losses + (outcome < 0n ? 1 : 0) };
}

export function applyFill(state: PositionState, fill: AccountingFill): FillEffect {
  if (fill.count <= 0n) throw new RangeError(`a fill needs a positive count, got ${fill.count}`);
  const delta = fill.bookSide === 'bid' ? fill.count : centis(-fill.count);
  const held = absBigint(state.position);
  const closing = state.position !== 0n && (state.position > 0n) !== (delta > 0n);
  const closed = closing ? minBigint(held, fill.count) : ZERO_CENTIS;
  const opened = centis(fill.count - closed);

  let costBasis = state.costBasis;
  let realized = ZERO_MICROS;
  let cashChange = micros(-fill.fee);
  if (closed > 0n) {
    // The side held is YES when the position is long: its price in this trade is the YES price.
    const heldSidePrice = state.position > 0n ? fill.yesPrice : complement(fill.yesPrice);
    const removed = averageCostOf(costBasis, held, closed);
    const proceeds = received(heldSidePrice, closed);
    costBasis = micros(costBasis - removed);
    realized = micros(proceeds - removed);
    cashChange = micros(cashChange + proceeds);
  }
  if (opened > 0n) {
    const boughtSidePrice = fill.bookSide === 'bid' ? fill.yesPrice : complement(fill.yesPrice);
    const cost = paid(boughtSidePrice, opened);
    costBasis = micros(costBasis + cost);
    cashChange = micros(cashChange - cost);
  }
  const next: PositionState = {
    position: centis(state.position + delta),
    costBasis,
    realizedPnl: micros(state.realizedPnl + realized),
    feesPaid: micros(state.feesPaid + fill.fee),
    cashFlow: micros(state.cashFlow + cashChange),
    fills: state.fills + 1,
    ...(closed > 0n ? tally(state, realized - fill.fee) : { wins: state.wins, losses: state.losses }),
  };
  return { state: next, realized, opened, closed, cashChange };
}

/**
 * Settlement pays `settlementValue` per YES contract and 1 − that per NO contract, and closes the
 * position: what it pays minus the cost basis is realized.
 */
export function settlePosition(state: PositionState, settlementValue: Micros): { state: PositionState; realized: Micros; payout: Micros } {
  if (settlementValue < 0n || settlementValue > ONE_DOLLAR) throw new RangeError(`settlement value out of range: ${settlementValue}`);
  if (state.position === 0n) return { state, realized: ZERO_MICROS, payout: ZERO_MICROS };
  const perContract = state.position > 0n ? settlementValue : complement(settlementValue);
  const payout = received(perContract, absBigint(state.position));
  const realized = micros(payout - state.costBasis);
  return {
    state: {
      ...state,
      position: ZERO_CENTIS,
      costBasis: ZERO_MICROS,
      realizedPnl: micros(state.realizedPnl + realized),
      cashFlow: micros(state.cashFlow + payout),
      ...tally(state, realized),
    },
    realized,
    payout,
  };
}

/** What the position would bring at the YES mark price, minus its cost; null without a mark. */
export function unrealizedPnl(state: PositionState, markYesPrice: Micros | null): Micros | null {
  if (state.position === 0n) return ZERO_MICROS;
  if (markYesPrice === null) return null;
  return micros(marketValue(state, markYesPrice) - state.costBasis);
}

/** The position's value at the YES mark price. */
export function marketValue(state: PositionState, markYesPrice: Micros): Micros {
  if (state.position === 0n) return ZERO_MICROS;
  const perContract = state.position > 0n ? markYesPrice : complement(markYesPrice);
  return received(perContract, absBigint(state.position));
}

export interface PnlSummary {
  /** Realized P/L after fees. */
  realizedPnl: Micros;
  /** Open positions marked to their marks; a position without a mark counts at its cost (zero). */
  unrealizedPnl: Micros;
  totalPnl: Micros;
  feesPaid: Micros;
  fills: number;
  wins: number;
  losses: number;
  openPositions: number;
}

export function summarize(holdings: ReadonlyArray<{ state: PositionState; markYesPrice: Micros | null }>): PnlSummary {
  let realized = ZERO_MICROS;
  let unrealized = ZERO_MICROS;
  let fees = ZERO_MICROS;
  let fills = 0;
  let wins = 0;
  let losses = 0;
  let openPositions = 0;
  for (const { state, markYesPrice } of holdings) {
    realized = micros(realized + state.realizedPnl);
    fees = micros(fees + state.feesPaid);
    unrealized = micros(unrealized + (unrealizedPnl(state, markYesPrice) ?? ZERO_MICROS));
    fills += state.fills;
    wins += state.wins;
    losses += state.losses;
    if (state.position !== 0n) openPositions += 1;
  }
  const realizedNet = micros(realized - fees);
  return { realizedPnl: realizedNet, unrealizedPnl: unrealized, totalPnl: micros(realizedNet + unrealized), feesPaid: fees, fills, wins, losses, openPositions };
}

/** A position as the dollar and count text it is stored and published with. */
export function positionText(state: PositionState) {
  return {
    position: formatCount(state.position),
    costBasis: formatDollars(state.costBasis),
    realizedPnl: formatDollars(state.realizedPnl),
    feesPaid: formatDollars(state.feesPaid),
    cashFlow: formatDollars(state.cashFlow),
    fills: state.fills,
    wins: state.wins,
    losses: state.losses,
  };
}

/** A summary as the dollar text of a P/L point. */
export function summaryText(summary: PnlSummary) {
  return {
    realizedPnl: formatDollars(summary.realizedPnl),
    unrealizedPnl: formatDollars(summary.unrealizedPnl),
    totalPnl: formatDollars(summary.totalPnl),
    feesPaid: formatDollars(summary.feesPaid),
    fills: summary.fills,
    wins: summary.wins,
    losses: summary.losses,
  };
}
