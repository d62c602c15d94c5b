import { eventFingerprint, eventRowFingerprint, marketFingerprint, marketRowFingerprint, seriesFingerprint, seriesRowFingerprint } from './fingerprint';
import { exchangeEvent, exchangeMarket, exchangeSeries } from './fixtures';
import { decimalText, eventData, marketView, normalizeDecimal, seriesData } from './views';

describe('fingerprints of what is published and of what the read models hold', () => {
  describe('given a settled market as published', () => {
    const view = marketView(exchangeMarket({ status: 'finalized', result: 'yes', settlement_value_dollars: '1.0000', cap_strike: 80000.5 }), {
      seriesTicker: 'KXBTC15M',
      internalState: 'INACTIVE',
      listingIndex: 42_000,
    });

    it('equals the fingerprint of the row Postgres gives back (numeric scale, Date times, jsonb ranges)', () => {
      const row = {
        event_ticker: view.eventTicker,
        series_ticker: view.seriesTicker,
        title: view.title,
        subtitle: view.subtitle,
        yes_sub_title: view.yesSubTitle,
        no_sub_title: view.noSubTitle,
        exchange_status: 'finalized',
        internal_state: 'INACTIVE',
        open_time: new Date('2026-07-22T17:00:00Z'),
        close_time: new Date('2026-07-22T17:15:00Z'),
        expected_expiration_time: new Date('2026-07-22T17:20:00Z'),
        strike_type: 'greater_or_equal',
        floor_strike: '79421.70000000',
        cap_strike: '80000.50000000',
        price_level_structure: 'tapered_deci_cent',
        // jsonb keeps its own key order.
        price_ranges: view.priceRanges.map((range) => ({ end: range.end, step: range.step, start: range.start })),
        result: 'yes',
        settlement_value: '1.000000',
      };
      expect(marketRowFingerprint(row)).toBe(marketFingerprint(view));
    });

    it('differs when the internal state differs', () => {
      expect(marketFingerprint({ ...view, internalState: 'IGNORED' })).not.toBe(marketFingerprint(view));
    });

    it('ignores quotes, volume, open interest and the listing index', () => {
      expect(marketFingerprint({ ...view, yesBid: '0.9900', volume: '1.00', openInterest: '2.00', listingIndex: 1 })).toBe(marketFingerprint(view));
    });
  });

  it('gives a series and its row the same fingerprint', () => {
    const data = seriesData(exchangeSeries({ fee_multiplier: 0.07 }));
    const row = { title: data.title, category: data.category, frequency: data.frequency, tags: data.tags, fee_type: data.feeType, fee_multiplier: '0.070000', simulated: true };
    expect(seriesRowFingerprint(row)).toBe(seriesFingerprint(data));
  });

  it('gives an event and its row the same fingerprint', () => {
    const data = eventData(exchangeEvent(), 'Crypto');
    const row = { series_ticker: 'KXBTC15M', title: data.title, sub_title: data.subTitle, category: 'Crypto', mutually_exclusive: false, strike_date: new Date('2026-07-22T17:15:00Z') };
    expect(eventRowFingerprint(row)).toBe(eventFingerprint(data));
  });
});

describe('exact decimals from exchange floats', () => {
  it.each([
    [79421.7, 8, '79421.7'],
    [0.1 + 0.2, 8, '0.3'],
    [-0, 8, '0'],
    [72749.99, 8, '72749.99'],
    [1, 6, '1'],
  ])('writes %p with at most %p decimals as %p', (value, decimals, text) => {
    expect(decimalText(value, decimals)).toBe(text);
  });

  it('gives no decimal for values the read models cannot hold', () => {
    expect(decimalText(Number.NaN, 8)).toBeNull();
    expect(decimalText(1e16, 8)).toBeNull();
    expect(decimalText(null, 8)).toBeNull();
  });

  it('drops trailing zeros only after a decimal point', () => {
    expect(['100', '1.500000', '0.0000', '-0.50'].map(normalizeDecimal)).toEqual(['100', '1.5', '0', '-0.5']);
  });
});
