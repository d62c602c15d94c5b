/**
 * Kalshi trading fees (PROTOCOL §9).
 *
 *   taker fee = round up(0.07 × multiplier × C × P × (1 − P))
 *   maker fee = the same with 0.07 × 0.25 (quadratic_with_maker_fees)
 *               or 0.07 × 0.5 (quadratic_with_combo_maker_fees); none for plain quadratic.
 *
 * C is the contract count, P the price paid on the leg traded (the formula is symmetric, so the
 * YES price and the NO price give the same fee). The fee is charged per fill, not per contract.
 *
 * Rounding: since 2026 the trade fee is rounded up to $0.0001 and the balance change is then
 * floored to the member's precision, with a per-order accumulator that refunds whole cents of
 * rounding overpayment (`applyFeeRounding`). The older rule, round the fee up to the cent, is
 * available as `ceil_to_cent` (the worked examples in the fee schedule use it).
 *
 * Where the series `fee_multiplier` sits in the formula is UNCONFIRMED (§9.1); we apply it to the
 * exact product before rounding. The `flat` fee table is not documented, so it is refused.
 */
import { type Centis, type Micros, CENTIS_PER_CONTRACT, MICROS_PER_DOLLAR, ONE_DOLLAR, divideRounded, micros } from '@polly/contracts';

export class FeeScheduleError extends Error {
  override readonly name = 'FeeScheduleError';
}

export type FeeType = 'quadratic' | 'quadratic_with_maker_fees' | 'quadratic_with_combo_maker_fees' | 'flat';
export const FEE_TYPES: readonly FeeType[] = ['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees', 'flat'];

/** `ceil_to_centicent`: the current rule ($0.0001); `ceil_to_cent`: the pre-2026 rule. */
export type FeeRounding = 'ceil_to_centicent' | 'ceil_to_cent';

export type LiquidityRole = 'taker' | 'maker';

/** Rates and multipliers in parts per million, so the whole computation stays in integers. */
const PARTS_PER_MILLION = 1_000_000n;
export const TAKER_RATE_PPM = 70_000n; // 0.07
const MAKER_SHARE_PPM: Record<FeeType, bigint> = {
  quadratic: 0n,
  quadratic_with_maker_fees: 250_000n, // 0.25
  quadratic_with_combo_maker_fees: 500_000n, // 0.5
  flat: 0n,
};

const roundingUnit: Record<FeeRounding, bigint> = {
  ceil_to_centicent: 100n, // $0.0001
  ceil_to_cent: 10_000n, // $0.01
};

export interface FeeSchedule {
  readonly feeType: FeeType;
  /** The series (or event override) multiplier in parts per million: 1 → 1_000_000n. */
  readonly multiplierPpm: bigint;
}

/**
 * Kalshi sends `fee_multiplier` as a JSON number (1, 0.5). It is a configuration value, not
 * money; we turn its decimal text into an exact parts-per-million integer (at most 6 decimals).
 */
export function parseFeeMultiplier(value: number | string): bigint {
  const text = typeof value === 'number' ? value.toString() : value.trim();
  const match = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) throw new FeeScheduleError(`fee multiplier must be a non-negative decimal with at most 6 places: ${text}`);
  return BigInt(match[1] as string) * PARTS_PER_MILLION + BigInt((match[2] ?? '').padEnd(6, '0'));
}

export function feeSchedule(feeType: FeeType, multiplier: number | string = 1): FeeSchedule {
  return { feeType, multiplierPpm: parseFeeMultiplier(multiplier) };
}

/** The share of the taker rate a role pays, in parts per million. */
function roleSharePpm(schedule: FeeSchedule, role: LiquidityRole): bigint {
  if (schedule.feeType === 'flat') throw new FeeScheduleError('the flat fee table is not documented; no fee can be computed');
  return role === 'taker' ? PARTS_PER_MILLION : MAKER_SHARE_PPM[schedule.feeType];
}

/**
 * The trade fee for one fill of `count` contracts at `price` (the price of the leg traded).
 *
 * Exact value in micro-dollars: rate × share × multiplier × C × P × (1 − P), with rate, share
 * and multiplier in ppm, C in centi-contracts and P in micro-dollars, so the denominator is
 * 10^6 (rate) × 10^6 (share) × 10^6 (multiplier) × 10^2 (count) × 10^6 (P) × 10^6 (1 − P) / 10^6.
 */
export function tradeFee(
  role: LiquidityRole,
  price: Micros,
  count: Centis,
  schedule: FeeSchedule,
  rounding: FeeRounding = 'ceil_to_centicent',
): Micros {
  if (price < 0n || price > ONE_DOLLAR) throw new FeeScheduleError(`price out of range: ${price}`);
  if (count < 0n) throw new FeeScheduleError(`count must not be negative: ${count}`);
  const share = roleSharePpm(schedule, role);
  const numerator = TAKER_RATE_PPM * share * schedule.multiplierPpm * count * price * (ONE_DOLLAR - price);
  const denominator = PARTS_PER_MILLION ** 3n * CENTIS_PER_CONTRACT * MICROS_PER_DOLLAR;
  const unit = roundingUnit[rounding];
  return micros(divideRounded(numerator, denominator * unit, 'ceil') * unit);
}

export const takerFee = (price: Micros, count: Centis, schedule: FeeSchedule, rounding?: FeeRounding): Micros =>
  tradeFee('taker', price, count, schedule, rounding);

export const makerFee = (price: Micros, count: Centis, schedule: FeeSchedule, rounding?: FeeRounding): Micros =>
  tradeFee('maker', price, count, schedule, rounding);

/** The member's balance precision: $0.0001 for direct members, $0.01 for everyone else. */
export type BalancePrecision = 'centicent' | 'cent';
const precisionUnit: Record<BalancePrecision, bigint> = { centicent: 100n, cent: 10_000n };

/** Rounding overpayment carried by one order across its fills (starts at zero). */
export type RoundingAccumulator = Micros;

export interface FeeRoundingResult {
  /** What the member's balance moves by (negative for a buyer). */
  readonly balanceChange: Micros;
  /** The part of the raw change lost to flooring at the member's precision. */
  readonly roundingFee: Micros;
  /** Whole cents refunded from the accumulator on this fill. */
  readonly rebate: Micros;
  /** The accumulator to carry to the order's next fill. */
  readonly accumulator: RoundingAccumulator;
  /**
   * trade fee + rounding fee − rebate. On the fill that pays a rebate this can be negative; summed
   * over an order's fills it never is, because a rebate only returns rounding fees already paid.
   */
  readonly netFee: Micros;
}

/**
 * D-FEE (2026): balance change = floor(revenue − trade fee) at the member's precision; the
 * difference is a rounding fee added to the order's accumulator, which pays back a whole-cent
 * rebate each time it holds at least $0.01. `revenue` is signed (negative when paying).
 */
export function applyFeeRounding(
  revenue: Micros | bigint,
  fee: Micros,
  accumulator: RoundingAccumulator,
  precision: BalancePrecision = 'centicent',
): FeeRoundingResult {
  const unit = precisionUnit[precision];
  const raw = revenue - fee;
  const floored = divideRounded(raw, unit, 'floor') * unit;
  const roundingFee = raw - floored;
  const carried = accumulator + roundingFee;
  const rebate = divideRounded(carried, roundingUnit.ceil_to_cent, 'floor') * roundingUnit.ceil_to_cent;
  return {
    balanceChange: micros(floored + rebate),
    roundingFee: micros(roundingFee),
    rebate: micros(rebate),
    accumulator: micros(carried - rebate),
    netFee: micros(fee + roundingFee - rebate),
  };
}
