/**
 * Exact money and contract counts for the cockpit's displays. The control API sends dollars as
 * decimal strings ("0.560000", "-1.2500") and counts as "10.00"; they are parsed into bigints
 * (micro-dollars, hundredths of a contract) exactly as `@polly/contracts` fixed-point does, and
 * formatted for people here. Floats appear only where a value becomes a pixel position
 * (`toChartNumber`), never in arithmetic on money.
 *
 * Why not import `@polly/contracts/fixed-point`: that module also defines zod schemas, which would
 * pull the whole of zod (about 440 KB) into the page. `money.unit.test.ts` checks that both
 * parsers agree on every shape the API sends.
 */

export const microsPerDollar = 1_000_000n;
export const centisPerContract = 100n;

const dollarsPattern = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/;
const countPattern = /^(-)?(\d{1,12})(?:\.(\d{1,2}))?$/;

export class MoneyFormatError extends Error {
  override readonly name = 'MoneyFormatError';
}

function parseScaled(text: string, pattern: RegExp, digits: number, what: string): bigint {
  const match = pattern.exec(text);
  if (!match) throw new MoneyFormatError(`not a valid ${what}: ${JSON.stringify(text)}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const scaled = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return sign ? -scaled : scaled;
}

/** "0.5600" → 560000n micro-dollars. Throws MoneyFormatError on anything else. */
export const parseMicros = (text: string): bigint => parseScaled(text, dollarsPattern, 6, 'dollar amount');
/** "10.00" → 1000n hundredths of a contract. Throws MoneyFormatError on anything else. */
export const parseCentis = (text: string): bigint => parseScaled(text, countPattern, 2, 'contract count');

/** Like parseMicros, but null in, null out (nullable API fields). */
export const parseOptionalMicros = (text: string | null | undefined): bigint | null => (text == null ? null : parseMicros(text));
export const parseOptionalCentis = (text: string | null | undefined): bigint | null => (text == null ? null : parseCentis(text));

const absolute = (value: bigint): bigint => (value < 0n ? -value : value);

/** Micro-dollars back to the API's decimal text with six places: 560000n → "0.560000". */
export function formatMicrosText(value: bigint): string {
  const magnitude = value < 0n ? -value : value;
  return `${value < 0n ? '-' : ''}${magnitude / microsPerDollar}.${(magnitude % microsPerDollar).toString().padStart(6, '0')}`;
}

/** Integer division rounding half away from zero (how a ledger rounds for display). */
export function divideHalfAway(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const quotient = (absolute(numerator) * 2n + absolute(denominator)) / (absolute(denominator) * 2n);
  return negative ? -quotient : quotient;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Whole number with thousands separators: 1234567n → "1,234,567". */
export const formatInteger = (value: bigint): string => (value < 0n ? '−' : '') + groupThousands(absolute(value).toString());

/** A price as cents, as Kalshi writes it: 560000n → "56¢", 5000n → "0.5¢", 1000n → "0.1¢". */
export function formatCents(price: bigint): string {
  const tenthsOfCent = divideHalfAway(price, 1_000n);
  const whole = tenthsOfCent / 10n;
  const tenth = absolute(tenthsOfCent % 10n);
  return `${tenthsOfCent < 0n ? '−' : ''}${absolute(whole)}${tenth === 0n ? '' : `.${tenth}`}¢`;
}

/** A price read as a probability: 560000n → "56%"; the ends say "<1%" and ">99%" rather than 0 or 100. */
export function formatChance(price: bigint): string {
  if (price <= 0n) return '0%';
  if (price >= microsPerDollar) return '100%';
  const percent = divideHalfAway(price, 10_000n);
  if (percent < 1n) return '<1%';
  if (percent > 99n) return '>99%';
  return `${percent}%`;
}

export interface UsdOptions {
  /** Always write the sign (P/L): "+$1.24", "−$0.40". */
  signed?: boolean;
  /** Whole dollars only: "$1,234". */
  wholeDollars?: boolean;
}

/** Micro-dollars as dollars, rounded half away from zero to the cent: "$1,234.56". */
export function formatUsd(value: bigint, options: UsdOptions = {}): string {
  const unit = options.wholeDollars ? microsPerDollar : 10_000n;
  const rounded = divideHalfAway(value, unit);
  const magnitude = absolute(rounded);
  const body = options.wholeDollars
    ? groupThousands(magnitude.toString())
    : `${groupThousands((magnitude / 100n).toString())}.${(magnitude % 100n).toString().padStart(2, '0')}`;
  const sign = rounded < 0n ? '−' : options.signed && rounded > 0n ? '+' : '';
  return `${sign}$${body}`;
}

/** Hundredths of a contract as contracts: 1000n → "10", 1050n → "10.5", 123456n → "1,234.56". */
export function formatContracts(count: bigint): string {
  const whole = absolute(count) / centisPerContract;
  const fraction = (absolute(count) % centisPerContract).toString().padStart(2, '0').replace(/0+$/, '');
  return `${count < 0n ? '−' : ''}${groupThousands(whole.toString())}${fraction ? `.${fraction}` : ''}`;
}

/** A traded volume in contracts, compact for a card footer: "87", "1,234", "12.3k", "4.5M". */
export function formatVolume(count: bigint): string {
  const whole = absolute(count) / centisPerContract;
  if (whole < 10_000n) return groupThousands(whole.toString());
  const [divisor, suffix] = whole < 1_000_000n ? [1_000n, 'k'] : [1_000_000n, 'M'];
  const tenths = divideHalfAway(whole * 10n, divisor);
  return `${tenths / 10n}${tenths % 10n === 0n ? '' : `.${tenths % 10n}`}${suffix}`;
}

/**
 * What a stake returns if the side wins, before fees (Kalshi's "$100 → $178"): the whole
 * hundredths of a contract the stake buys at `price`, each paying $1. Null when nothing is offered.
 */
export function payoutFor(stake: bigint, price: bigint | null): bigint | null {
  if (price === null || price <= 0n || price >= microsPerDollar) return null;
  const count = (stake * centisPerContract) / price;
  return count * (microsPerDollar / centisPerContract);
}

/** The cost of `count` at `price`, rounded up to the micro-dollar (what the exchange collects). */
export function notionalCost(price: bigint, count: bigint): bigint {
  return (price * count + centisPerContract - 1n) / centisPerContract;
}

/** The other side's price: a YES price p is a NO price $1 − p. */
export const complementPrice = (price: bigint): bigint => microsPerDollar - price;

/**
 * Money to a plain number, for placing a point on a chart. Only pixel positions come from this;
 * every label is formatted from the exact value.
 */
export const toChartNumber = (value: bigint): number => Number(value) / Number(microsPerDollar);
