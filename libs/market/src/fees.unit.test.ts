import fc from 'fast-check';
import { type Micros, micros, parseDollars, wholeContracts, centis, complement } from '@polly/contracts';
import {
  FeeScheduleError,
  applyFeeRounding,
  feeSchedule,
  makerFee,
  parseFeeMultiplier,
  takerFee,
  tradeFee,
} from './fees';

const d = (text: string): Micros => parseDollars(text);
const quadratic = feeSchedule('quadratic');
const withMakerFees = feeSchedule('quadratic_with_maker_fees');

describe('the fee schedule worked examples (PROTOCOL §9.2, rounded up to the cent)', () => {
  it.each([
    ['0.50', 1, '0.02'],
    ['0.50', 100, '1.75'],
    ['0.10', 1, '0.01'],
    ['0.10', 100, '0.63'],
  ])('charges a taker buying at $%s × %i contracts $%s', (price, count, fee) => {
    expect(takerFee(d(price), wholeContracts(count), quadratic, 'ceil_to_cent')).toBe(d(fee));
  });

  it.each([
    ['0.50', 100, '0.44'],
    ['0.10', 100, '0.16'],
  ])('charges a maker at $%s × %i contracts $%s on a maker-fee series', (price, count, fee) => {
    expect(makerFee(d(price), wholeContracts(count), withMakerFees, 'ceil_to_cent')).toBe(d(fee));
  });
});

describe('the current rule: the trade fee rounded up to $0.0001', () => {
  it('keeps the exact fee when it already sits on $0.0001', () => {
    expect(takerFee(d('0.50'), wholeContracts(1), quadratic)).toBe(d('0.0175'));
    expect(takerFee(d('0.10'), wholeContracts(1), quadratic)).toBe(d('0.0063'));
    expect(makerFee(d('0.50'), wholeContracts(100), withMakerFees)).toBe(d('0.4375'));
  });

  it('rounds a sub-$0.0001 remainder up', () => {
    // 0.07 × 0.33 × 0.57 × 0.43 = 0.005661... → 0.0057
    expect(takerFee(d('0.57'), centis(33n), quadratic)).toBe(d('0.0057'));
  });

  it('charges makers nothing on a plain quadratic series', () => {
    expect(makerFee(d('0.50'), wholeContracts(100), quadratic)).toBe(0n);
  });

  it('doubles the maker share on combo series (0.5 instead of 0.25)', () => {
    expect(makerFee(d('0.50'), wholeContracts(100), feeSchedule('quadratic_with_combo_maker_fees'))).toBe(d('0.875'));
  });

  it('applies the series multiplier before rounding', () => {
    expect(takerFee(d('0.50'), wholeContracts(100), feeSchedule('quadratic', 0.5))).toBe(d('0.875'));
    expect(takerFee(d('0.50'), wholeContracts(1), feeSchedule('quadratic', '0.5'), 'ceil_to_cent')).toBe(d('0.01'));
  });

  it('gives the same fee for a YES price and its NO complement (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 999_999n }), fc.bigInt({ min: 1n, max: 1_000_000n }), (price, count) => {
        const yes = micros(price);
        expect(takerFee(yes, centis(count), quadratic)).toBe(takerFee(complement(yes), centis(count), quadratic));
      }),
    );
  });

  it('never charges less than the exact fee nor a full unit more (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1_000_000n }), fc.bigInt({ min: 0n, max: 10_000_000n }), (price, count) => {
        const fee = takerFee(micros(price), centis(count), quadratic);
        // exact fee in micro-dollars = 7 × count × price × (10^6 − price) / 10^10
        const exactTimes = 7n * count * price * (1_000_000n - price);
        const scale = 10_000_000_000n;
        expect(fee * scale >= exactTimes).toBe(true);
        expect((fee - 100n) * scale < exactTimes).toBe(true);
        expect(fee % 100n).toBe(0n);
      }),
    );
  });

  it('refuses the undocumented flat table and bad inputs', () => {
    expect(() => tradeFee('taker', d('0.5'), wholeContracts(1), feeSchedule('flat'))).toThrow(FeeScheduleError);
    expect(() => takerFee(d('1.5'), wholeContracts(1), quadratic)).toThrow(FeeScheduleError);
    expect(() => parseFeeMultiplier('-1')).toThrow(FeeScheduleError);
    expect(() => parseFeeMultiplier(Number.NaN)).toThrow(FeeScheduleError);
  });

  it('reads multipliers exactly', () => {
    expect(parseFeeMultiplier(1)).toBe(1_000_000n);
    expect(parseFeeMultiplier(0.25)).toBe(250_000n);
    expect(parseFeeMultiplier('1.5')).toBe(1_500_000n);
  });
});

describe('balance rounding with the per-order accumulator (D-FEE)', () => {
  it('floors a buyer balance change to the cent and records the rounding fee', () => {
    // buy 0.33 YES at $0.57: revenue −0.1881, fee 0.0057 → raw −0.1938 → −0.20 at cent precision
    const result = applyFeeRounding(-d('0.1881'), d('0.0057'), micros(0n), 'cent');
    expect(result.balanceChange).toBe(-d('0.20'));
    expect(result.roundingFee).toBe(d('0.0062'));
    expect(result.rebate).toBe(0n);
    expect(result.accumulator).toBe(d('0.0062'));
    expect(result.netFee).toBe(d('0.0119'));
  });

  it('pays back whole cents once the accumulator holds $0.01', () => {
    const first = applyFeeRounding(-d('0.1881'), d('0.0057'), micros(0n), 'cent');
    const second = applyFeeRounding(-d('0.1881'), d('0.0057'), first.accumulator, 'cent');
    expect(second.rebate).toBe(d('0.01'));
    expect(second.accumulator).toBe(d('0.0024'));
    expect(second.balanceChange).toBe(-d('0.19'));
  });

  it('changes nothing when amounts already sit on the member precision', () => {
    const result = applyFeeRounding(-d('0.50'), d('0.0175'), micros(0n));
    expect(result).toEqual({
      balanceChange: -d('0.5175'),
      roundingFee: 0n,
      rebate: 0n,
      accumulator: 0n,
      netFee: d('0.0175'),
    });
  });

  it('conserves money and keeps the cumulative net fee non-negative (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ revenue: fc.bigInt({ min: -5_000_000n, max: 5_000_000n }), fee: fc.bigInt({ min: 0n, max: 50_000n }) }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.constantFrom('cent' as const, 'centicent' as const),
        (fills, precision) => {
          let accumulator = micros(0n);
          let netFees = 0n;
          for (const fill of fills) {
            const result = applyFeeRounding(fill.revenue, micros(fill.fee), accumulator, precision);
            expect(result.balanceChange + result.netFee).toBe(fill.revenue);
            accumulator = result.accumulator;
            netFees += result.netFee;
            expect(netFees >= 0n).toBe(true);
            expect(accumulator >= 0n && accumulator < 10_000n).toBe(true);
          }
        },
      ),
    );
  });
});
