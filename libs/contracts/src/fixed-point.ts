/**
 * Fixed-point money and contract counts.
 *
 * Kalshi sends prices and money as dollar strings ("0.5600", up to six decimals) and counts as
 * strings with two decimals ("10.00"). We keep them as strings on the wire and at rest, and do
 * arithmetic on bigints in exact units:
 *   - money and prices: micro-dollars (1 = $0.000001)
 *   - contract counts:   centi-contracts (1 = 0.01 contract)
 * Nothing here ever touches a floating-point number.
 */
import { z } from 'zod';

declare const microsBrand: unique symbol;
declare const centisBrand: unique symbol;
/** An exact dollar amount in micro-dollars. */
export type Micros = bigint & { readonly [microsBrand]: true };
/** An exact contract count in hundredths of a contract. */
export type Centis = bigint & { readonly [centisBrand]: true };

export const MICROS_PER_DOLLAR = 1_000_000n;
export const CENTIS_PER_CONTRACT = 100n;
export const ONE_DOLLAR = MICROS_PER_DOLLAR as Micros;
export const ZERO_MICROS = 0n as Micros;
export const ZERO_CENTIS = 0n as Centis;

export class FixedPointError extends Error {
  override readonly name = 'FixedPointError';
}

const dollarsPattern = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/;
const countPattern = /^(-)?(\d{1,12})(?:\.(\d{1,2}))?$/;

/** Zod schema for a dollar string such as "0.5600" or "-12.25" (at most six decimals). */
export const DollarsText = z.string().regex(dollarsPattern, 'expected a dollar amount such as "0.5600"');
/** Zod schema for a contract count string such as "10.00" or "-3.5" (at most two decimals). */
export const CountText = z.string().regex(countPattern, 'expected a contract count such as "10.00"');
export type DollarsText = z.infer<typeof DollarsText>;
export type CountText = z.infer<typeof CountText>;

function parseScaled(text: string, pattern: RegExp, digits: number, what: string): bigint {
  const match = pattern.exec(text);
  if (!match) throw new FixedPointError(`not a valid ${what}: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ''] = match;
  const scaled = BigInt(whole as string) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return sign ? -scaled : scaled;
}

function formatScaled(value: bigint, digits: number, minimumDigits: number): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const unit = 10n ** BigInt(digits);
  const whole = magnitude / unit;
  let fraction = (magnitude % unit).toString().padStart(digits, '0');
  while (fraction.length > minimumDigits && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const body = fraction.length > 0 ? `${whole}.${fraction}` : `${whole}`;
  return negative && magnitude !== 0n ? `-${body}` : body;
}

/** Parse a dollar string exactly: "0.5600" -> 560000n micro-dollars. Throws FixedPointError. */
export function parseDollars(text: string): Micros {
  return parseScaled(text, dollarsPattern, 6, 'dollar amount') as Micros;
}

/** Parse a contract count exactly: "10.00" -> 1000n centi-contracts. Throws FixedPointError. */
export function parseCount(text: string): Centis {
  return parseScaled(text, countPattern, 2, 'contract count') as Centis;
}

/** Format micro-dollars as Kalshi does: at least four decimals, more only when needed. */
export function formatDollars(value: Micros | bigint, minimumDigits = 4): string {
  return formatScaled(value, 6, minimumDigits);
}

/** Format centi-contracts with exactly two decimals: 1000n -> "10.00". */
export function formatCount(value: Centis | bigint): string {
  return formatScaled(value, 2, 2);
}

export const micros = (value: bigint): Micros => value as Micros;
export const centis = (value: bigint): Centis => value as Centis;
export const wholeContracts = (contracts: number | bigint): Centis => (BigInt(contracts) * CENTIS_PER_CONTRACT) as Centis;
/** Cents (as Kalshi's few remaining integer fields use) to micro-dollars. */
export const centsToMicros = (cents: number | bigint): Micros => (BigInt(cents) * 10_000n) as Micros;
/** Micro-dollars to whole cents, rounding toward negative infinity (Kalshi truncates balances). */
export const microsToCentsFloor = (value: Micros): bigint => floorDivide(value, 10_000n);

export type Rounding = 'floor' | 'ceil' | 'exact';

/** Integer division with an explicit rounding rule; 'exact' throws when there is a remainder. */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new FixedPointError('division by zero');
  if (rounding === 'floor') return floorDivide(numerator, denominator);
  if (rounding === 'ceil') return -floorDivide(-numerator, denominator);
  if (numerator % denominator !== 0n) throw new FixedPointError(`${numerator}/${denominator} is not exact`);
  return numerator / denominator;
}

function floorDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  return remainder !== 0n && (remainder < 0n) !== (denominator < 0n) ? quotient - 1n : quotient;
}

/** The cost of `count` contracts at `price`: price × count, in micro-dollars. */
export function notional(price: Micros, count: Centis, rounding: Rounding = 'exact'): Micros {
  return divideRounded(price * count, CENTIS_PER_CONTRACT, rounding) as Micros;
}

/** The complementary leg: a YES price p is a NO price 1 − p. */
export const complement = (price: Micros): Micros => (ONE_DOLLAR - price) as Micros;

export const minBigint = <T extends bigint>(a: T, b: T): T => (a < b ? a : b);
export const maxBigint = <T extends bigint>(a: T, b: T): T => (a > b ? a : b);
export const absBigint = <T extends bigint>(a: T): T => (a < 0n ? ((0n - a) as T) : a);

/**
 * Where a model's probability meets money. Probabilities are model outputs and may be floating
 * point; they become an exact price (rounded to the nearest micro-dollar) here, before any
 * arithmetic with money.
 */
export function probabilityToPrice(probability: number): Micros {
  if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
    throw new FixedPointError(`probability out of range: ${probability}`);
  }
  return BigInt(Math.round(probability * 1_000_000)) as Micros;
}

/** A price as a probability for models and display (never used for money arithmetic). */
export const priceToProbability = (price: Micros): number => Number(price) / 1_000_000;
