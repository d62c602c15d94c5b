import {
  FixedPointError,
  complement,
  divideRounded,
  formatCount,
  formatDollars,
  notional,
  parseCount,
  parseDollars,
  probabilityToPrice,
} from './fixed-point';

describe('fixed-point dollars', () => {
  it('parses Kalshi dollar strings exactly into micro-dollars', () => {
    expect(parseDollars('0.5600')).toBe(560_000n);
    expect(parseDollars('0.010000')).toBe(10_000n);
    expect(parseDollars('100.0000')).toBe(100_000_000n);
    expect(parseDollars('0.0001')).toBe(100n);
    expect(parseDollars('-12.25')).toBe(-12_250_000n);
    expect(parseDollars('7')).toBe(7_000_000n);
  });

  it('rejects anything that is not an exact decimal', () => {
    for (const text of ['', '0.1234567', '1e-3', ' 0.5', '0,5', 'NaN', '.5', '0.']) {
      expect(() => parseDollars(text)).toThrow(FixedPointError);
    }
  });

  it('formats with at least four decimals and more only when needed', () => {
    expect(formatDollars(parseDollars('0.56'))).toBe('0.5600');
    expect(formatDollars(parseDollars('0.123456'))).toBe('0.123456');
    expect(formatDollars(parseDollars('-0.5'))).toBe('-0.5000');
    expect(formatDollars(parseDollars('0.010000'), 6)).toBe('0.010000');
  });

  it('round-trips every value it formats', () => {
    for (const text of ['0.0001', '0.9999', '123.456789', '-0.000001', '0.0000']) {
      expect(parseDollars(formatDollars(parseDollars(text)))).toBe(parseDollars(text));
    }
  });
});

describe('fixed-point counts', () => {
  it('parses counts into hundredths of a contract', () => {
    expect(parseCount('10.00')).toBe(1000n);
    expect(parseCount('0.01')).toBe(1n);
    expect(parseCount('-3.5')).toBe(-350n);
    expect(() => parseCount('1.001')).toThrow(FixedPointError);
  });

  it('formats counts with exactly two decimals', () => {
    expect(formatCount(1000n)).toBe('10.00');
    expect(formatCount(-350n)).toBe('-3.50');
    expect(formatCount(0n)).toBe('0.00');
  });
});

describe('arithmetic', () => {
  it('computes notional exactly: 10 contracts at $0.56 cost $5.60', () => {
    expect(formatDollars(notional(parseDollars('0.56'), parseCount('10')))).toBe('5.6000');
  });

  it('refuses an inexact notional unless a rounding rule is given', () => {
    const price = parseDollars('0.123457');
    const count = parseCount('0.01');
    expect(() => notional(price, count)).toThrow(FixedPointError);
    expect(notional(price, count, 'floor')).toBe(1234n);
    expect(notional(price, count, 'ceil')).toBe(1235n);
  });

  it('rounds negative quotients toward the named direction', () => {
    expect(divideRounded(-7n, 2n, 'floor')).toBe(-4n);
    expect(divideRounded(-7n, 2n, 'ceil')).toBe(-3n);
  });

  it('takes the complement of a YES price', () => {
    expect(formatDollars(complement(parseDollars('0.27')))).toBe('0.7300');
  });

  it('turns a model probability into the nearest micro-dollar price', () => {
    expect(probabilityToPrice(0.5)).toBe(500_000n);
    expect(() => probabilityToPrice(1.2)).toThrow(FixedPointError);
    expect(() => probabilityToPrice(Number.NaN)).toThrow(FixedPointError);
  });
});
