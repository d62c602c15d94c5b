import fc from 'fast-check';
import { type Micros, micros, parseDollars } from '@polly/contracts';
import {
  PriceGridError,
  gridPrices,
  isOnGrid,
  nextPriceAbove,
  nextPriceBelow,
  parsePriceRanges,
  priceRangesFor,
  snapToGrid,
  validPriceBounds,
} from './price-grid';

const d = (text: string): Micros => parseDollars(text);

describe('priceRangesFor', () => {
  it('gives linear_cent one band of whole cents, as Kalshi sends it', () => {
    expect(priceRangesFor('linear_cent')).toEqual([{ start: '0.0000', end: '1.0000', step: '0.0100' }]);
  });

  it('gives tapered_deci_cent tenth-of-a-cent ticks below $0.10 and above $0.90', () => {
    expect(priceRangesFor('tapered_deci_cent')).toEqual([
      { start: '0.0000', end: '0.1000', step: '0.0010' },
      { start: '0.1000', end: '0.9000', step: '0.0100' },
      { start: '0.9000', end: '1.0000', step: '0.0010' },
    ]);
  });

  it('gives deci_cent a single band of $0.001', () => {
    expect(priceRangesFor('deci_cent')).toEqual([{ start: '0.0000', end: '1.0000', step: '0.0010' }]);
  });

  it('reads the center/edge family from the name', () => {
    expect(priceRangesFor('center_half_edge_deci_cent')).toEqual([
      { start: '0.0000', end: '0.1000', step: '0.0010' },
      { start: '0.1000', end: '0.9000', step: '0.0050' },
      { start: '0.9000', end: '1.0000', step: '0.0010' },
    ]);
    expect(priceRangesFor('center_quint_edge_quint_cent')[1]).toEqual({ start: '0.1000', end: '0.9000', step: '0.0020' });
  });

  it('narrows the edges to one cent when the edge tick is a centi-cent', () => {
    expect(priceRangesFor('center_deci_edge_centi_cent')).toEqual([
      { start: '0.0000', end: '0.0100', step: '0.0001' },
      { start: '0.0100', end: '0.9900', step: '0.0010' },
      { start: '0.9900', end: '1.0000', step: '0.0001' },
    ]);
  });

  it('refuses structures whose meaning is not documented', () => {
    expect(() => priceRangesFor('banded_centi_cent')).toThrow(PriceGridError);
    expect(() => priceRangesFor('nonsense')).toThrow(PriceGridError);
  });
});

describe('isOnGrid', () => {
  const tapered = priceRangesFor('tapered_deci_cent');

  it('accepts prices on the step of the band that holds them', () => {
    for (const price of ['0.0010', '0.0990', '0.1000', '0.5600', '0.9000', '0.9010', '0.9990']) {
      expect(isOnGrid(d(price), tapered)).toBe(true);
    }
  });

  it('rejects off-tick prices', () => {
    for (const price of ['0.0015', '0.5650', '0.1010', '0.9995', '0.563']) {
      expect(isOnGrid(d(price), tapered)).toBe(false);
    }
  });

  it('rejects $0 and $1 and anything outside them', () => {
    const linear = priceRangesFor('linear_cent');
    for (const price of ['0', '1', '-0.01', '1.01']) expect(isOnGrid(d(price), linear)).toBe(false);
  });

  it('accepts parsed bands as well as dollar strings', () => {
    expect(isOnGrid(d('0.5650'), parsePriceRanges(tapered))).toBe(false);
    expect(isOnGrid(d('0.5650'), parsePriceRanges(priceRangesFor('deci_cent')))).toBe(true);
  });
});

describe('validPriceBounds', () => {
  it('finds the first and last valid prices', () => {
    expect(validPriceBounds(priceRangesFor('linear_cent'))).toEqual({ min: d('0.01'), max: d('0.99') });
    expect(validPriceBounds(priceRangesFor('tapered_deci_cent'))).toEqual({ min: d('0.001'), max: d('0.999') });
    expect(validPriceBounds(priceRangesFor('center_whole_edge_centi_cent'))).toEqual({ min: d('0.0001'), max: d('0.9999') });
  });
});

describe('snapToGrid', () => {
  const tapered = priceRangesFor('tapered_deci_cent');

  it('moves down, up or to the nearest tick', () => {
    expect(snapToGrid(d('0.5649'), tapered, 'down')).toBe(d('0.56'));
    expect(snapToGrid(d('0.5601'), tapered, 'up')).toBe(d('0.57'));
    expect(snapToGrid(d('0.5649'), tapered, 'nearest')).toBe(d('0.56'));
    expect(snapToGrid(d('0.5651'), tapered, 'nearest')).toBe(d('0.57'));
    expect(snapToGrid(d('0.0955'), tapered, 'down')).toBe(d('0.095'));
  });

  it('clamps to the valid bounds instead of returning $0 or $1', () => {
    expect(snapToGrid(d('0'), tapered, 'down')).toBe(d('0.001'));
    expect(snapToGrid(d('0.99995'), tapered, 'up')).toBe(d('0.999'));
  });

  it('always lands on the grid, in the requested direction, within one step (property)', () => {
    const structures = ['linear_cent', 'tapered_deci_cent', 'deci_cent', 'center_half_edge_deci_cent', 'center_deci_edge_centi_cent'];
    fc.assert(
      fc.property(fc.constantFrom(...structures), fc.bigInt({ min: 0n, max: 1_000_000n }), (structure, raw) => {
        const grid = priceRangesFor(structure);
        const price = micros(raw);
        const { min, max } = validPriceBounds(grid);
        const down = snapToGrid(price, grid, 'down');
        const up = snapToGrid(price, grid, 'up');
        expect(isOnGrid(down, grid)).toBe(true);
        expect(isOnGrid(up, grid)).toBe(true);
        if (price >= min) expect(down <= price).toBe(true);
        if (price <= max) expect(up >= price).toBe(true);
        if (price > min && price < max) expect(up - down <= 10_000n).toBe(true);
      }),
    );
  });
});

describe('neighbouring prices', () => {
  const tapered = priceRangesFor('tapered_deci_cent');

  it('steps across band boundaries', () => {
    expect(nextPriceAbove(d('0.099'), tapered)).toBe(d('0.1'));
    expect(nextPriceAbove(d('0.1'), tapered)).toBe(d('0.11'));
    expect(nextPriceBelow(d('0.1'), tapered)).toBe(d('0.099'));
    expect(nextPriceAbove(d('0.999'), tapered)).toBeNull();
    expect(nextPriceBelow(d('0.001'), tapered)).toBeNull();
  });

  it('lists every valid price once, ascending', () => {
    const prices = gridPrices(tapered);
    // 0.001–0.100, then 0.11–0.89, then 0.90, then 0.901–0.999
    expect(prices).toHaveLength(100 + 79 + 1 + 99);
    expect(prices[0]).toBe(d('0.001'));
    expect(prices.at(-1)).toBe(d('0.999'));
    expect(gridPrices(priceRangesFor('linear_cent'))).toHaveLength(99);
  });
});
