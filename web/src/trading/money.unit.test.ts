import fc from 'fast-check';
import { parseCount, parseDollars } from '@polly/contracts';
import {
  divideHalfAway,
  formatCents,
  formatChance,
  formatContracts,
  formatMicrosText,
  formatUsd,
  formatVolume,
  notionalCost,
  parseCentis,
  parseMicros,
  payoutFor,
} from './money';

describe('parsing the API’s decimal strings', () => {
  it('agrees with @polly/contracts on every dollar and count shape', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 6 }), fc.bigInt({ min: 0n, max: 999_999n }), (negative, whole, digits, fraction) => {
        const fractionText = digits === 0 ? '' : `.${(fraction % 10n ** BigInt(digits)).toString().padStart(digits, '0')}`;
        const text = `${negative ? '-' : ''}${whole}${fractionText}`;
        expect(parseMicros(text)).toBe(parseDollars(text) as bigint);
        if (digits <= 2) expect(parseCentis(text)).toBe(parseCount(text) as bigint);
      }),
    );
  });

  it('refuses what is not a decimal', () => {
    for (const text of ['', '1e3', '0.1234567', '$1', 'NaN', '1.2.3']) expect(() => parseMicros(text)).toThrow(/not a valid dollar amount/);
    expect(() => parseCentis('1.234')).toThrow(/not a valid contract count/);
  });

  it('writes micro-dollars back as the API does', () => {
    expect(formatMicrosText(560_000n)).toBe('0.560000');
    expect(formatMicrosText(-1_250_000n)).toBe('-1.250000');
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (value) => expect(parseMicros(formatMicrosText(value))).toBe(value)));
  });
});

describe('formatting for people', () => {
  it('rounds half away from zero', () => {
    expect(divideHalfAway(5n, 10n)).toBe(1n);
    expect(divideHalfAway(-5n, 10n)).toBe(-1n);
    expect(divideHalfAway(4n, 10n)).toBe(0n);
    expect(divideHalfAway(-15n, 10n)).toBe(-2n);
  });

  it('writes prices in cents, with a tenth when the grid is finer', () => {
    expect(formatCents(560_000n)).toBe('56¢');
    expect(formatCents(5_000n)).toBe('0.5¢');
    expect(formatCents(999_000n)).toBe('99.9¢');
    expect(formatCents(10_000n)).toBe('1¢');
  });

  it('writes chance as a whole percent and never claims certainty', () => {
    expect(formatChance(560_000n)).toBe('56%');
    expect(formatChance(4_000n)).toBe('<1%');
    expect(formatChance(996_000n)).toBe('>99%');
    expect(formatChance(0n)).toBe('0%');
    expect(formatChance(1_000_000n)).toBe('100%');
  });

  it('writes dollars with separators, signs for P/L, and whole dollars when asked', () => {
    expect(formatUsd(1_234_567_890n)).toBe('$1,234.57');
    expect(formatUsd(1_240_000n, { signed: true })).toBe('+$1.24');
    expect(formatUsd(-400_000n, { signed: true })).toBe('−$0.40');
    expect(formatUsd(0n, { signed: true })).toBe('$0.00');
    expect(formatUsd(177_500_000n, { wholeDollars: true })).toBe('$178');
    expect(formatUsd(-4_999n)).toBe('$0.00');
  });

  it('writes contract counts and compact volumes', () => {
    expect(formatContracts(1000n)).toBe('10');
    expect(formatContracts(1050n)).toBe('10.5');
    expect(formatContracts(-123_456n)).toBe('−1,234.56');
    expect(formatVolume(8_700n)).toBe('87');
    expect(formatVolume(123_400n)).toBe('1,234');
    expect(formatVolume(1_234_500n)).toBe('12.3k');
    expect(formatVolume(450_000_000n)).toBe('4.5M');
  });
});

describe('order arithmetic', () => {
  it('pays $100 → what a stake buys, in whole hundredths of a contract, or nothing when nothing is offered', () => {
    // $100 at 56¢ buys 178.57 contracts, paying $178.57.
    expect(payoutFor(100_000_000n, 560_000n)).toBe(178_570_000n);
    expect(payoutFor(100_000_000n, null)).toBeNull();
    expect(payoutFor(100_000_000n, 0n)).toBeNull();
    expect(payoutFor(100_000_000n, 1_000_000n)).toBeNull();
  });

  it('rounds the cost of an order up to the micro-dollar', () => {
    expect(notionalCost(560_000n, 1000n)).toBe(5_600_000n);
    expect(notionalCost(333_333n, 1n)).toBe(3_334n);
  });
});
