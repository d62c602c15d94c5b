/**
 * The price grid of a market (PROTOCOL §3.1): which prices an order may carry.
 *
 * Kalshi describes a market's grid twice: by name (`price_level_structure`) and by value
 * (`price_ranges: [{start, end, step}]`, dollar strings). The ranges are authoritative; the name
 * lets us build the ranges for markets we create (the exchange simulator) and check what the
 * exchange sends. Every price is strictly between $0 and $1, on the step of a band that contains it.
 *
 * Invariants: all arithmetic is on `Micros` (bigint); bands are closed intervals [start, end];
 * a price on the boundary of two bands is valid if either band accepts it.
 */
import { type Micros, type PriceRange, ONE_DOLLAR, ZERO_MICROS, formatDollars, micros, parseDollars } from '@polly/contracts';

export class PriceGridError extends Error {
  override readonly name = 'PriceGridError';
}

/** One band of the grid in exact units. */
export interface PriceBand {
  readonly start: Micros;
  readonly end: Micros;
  readonly step: Micros;
}

/** A grid as Kalshi sends it (dollar strings) or already parsed into bands. */
export type PriceGridInput = readonly PriceRange[] | readonly PriceBand[];

/** Tick names used inside structure names, in micro-dollars. */
const tickSizes = {
  whole: 10_000n, // $0.01
  half: 5_000n, // $0.005
  quint: 2_000n, // $0.002 (a fifth of a cent)
  deci: 1_000n, // $0.001
  centi: 100n, // $0.0001
} as const;
export type TickName = keyof typeof tickSizes;

export type PriceLevelStructure =
  | 'linear_cent'
  | 'tapered_deci_cent'
  | 'deci_cent'
  | `center_${TickName}_edge_${TickName}_cent`;

const centerEdgePattern = /^center_(whole|half|quint|deci|centi)_edge_(whole|half|quint|deci|centi)_cent$/;

const band = (start: bigint, end: bigint, step: bigint): PriceBand => ({
  start: micros(start),
  end: micros(end),
  step: micros(step),
});

const CENT = tickSizes.whole;
const TEN_CENTS = 100_000n;

/**
 * The bands of a named structure, or throws PriceGridError for a name whose meaning is not
 * documented (`banded_centi_cent`) or not known.
 *
 * The center/edge family: the center band is $0.10–$0.90 and the edges $0.00–$0.10 and
 * $0.90–$1.00 (Jul 23 2026). With a centi-cent ($0.0001) edge the edges are $0.00–$0.01 and
 * $0.99–$1.00 instead, which is how `center_deci_edge_centi_cent` is documented (Aug 13 2026).
 */
export function priceBandsFor(structure: string): PriceBand[] {
  switch (structure) {
    case 'linear_cent':
      return [band(0n, ONE_DOLLAR, CENT)];
    case 'deci_cent':
      return [band(0n, ONE_DOLLAR, tickSizes.deci)];
    case 'tapered_deci_cent':
      return [
        band(0n, TEN_CENTS, tickSizes.deci),
        band(TEN_CENTS, ONE_DOLLAR - TEN_CENTS, CENT),
        band(ONE_DOLLAR - TEN_CENTS, ONE_DOLLAR, tickSizes.deci),
      ];
  }
  const match = centerEdgePattern.exec(structure);
  if (!match) throw new PriceGridError(`unknown or undocumented price level structure: ${structure}`);
  const center = tickSizes[match[1] as TickName];
  const edge = tickSizes[match[2] as TickName];
  const edgeWidth = edge === tickSizes.centi ? CENT : TEN_CENTS;
  return [
    band(0n, edgeWidth, edge),
    band(edgeWidth, ONE_DOLLAR - edgeWidth, center),
    band(ONE_DOLLAR - edgeWidth, ONE_DOLLAR, edge),
  ];
}

/** The `price_ranges` Kalshi would send for a named structure ("0.0000", "1.0000", "0.0100"). */
export function priceRangesFor(structure: string): PriceRange[] {
  return formatPriceBands(priceBandsFor(structure));
}

export function formatPriceBands(bands: readonly PriceBand[]): PriceRange[] {
  return bands.map((entry) => ({
    start: formatDollars(entry.start),
    end: formatDollars(entry.end),
    step: formatDollars(entry.step),
  }));
}

/** Parse and check `price_ranges`; throws PriceGridError when a band is malformed. */
export function parsePriceRanges(ranges: readonly PriceRange[]): PriceBand[] {
  if (ranges.length === 0) throw new PriceGridError('a price grid needs at least one range');
  return ranges.map((range) => {
    const parsed = band(parseDollars(range.start), parseDollars(range.end), parseDollars(range.step));
    if (parsed.step <= 0n) throw new PriceGridError(`price range step must be positive: ${range.step}`);
    if (parsed.start < 0n || parsed.end > ONE_DOLLAR || parsed.start >= parsed.end) {
      throw new PriceGridError(`price range must lie within $0–$1: ${range.start}–${range.end}`);
    }
    return parsed;
  });
}

function toBands(grid: PriceGridInput): readonly PriceBand[] {
  const first = grid[0];
  if (first === undefined) throw new PriceGridError('a price grid needs at least one range');
  return typeof first.start === 'string' ? parsePriceRanges(grid as readonly PriceRange[]) : (grid as readonly PriceBand[]);
}

const strictlyInside = (price: bigint): boolean => price > 0n && price < ONE_DOLLAR;

/** True when `price` is strictly between $0 and $1 and on the step of a band containing it. */
export function isOnGrid(price: Micros, grid: PriceGridInput): boolean {
  if (!strictlyInside(price)) return false;
  return toBands(grid).some(
    (entry) => price >= entry.start && price <= entry.end && (price - entry.start) % entry.step === 0n,
  );
}

/** The lowest and highest valid prices of a grid (for example $0.001 and $0.999 when tapered). */
export function validPriceBounds(grid: PriceGridInput): { min: Micros; max: Micros } {
  const bands = toBands(grid);
  const above = nearestOnGrid(ZERO_MICROS, bands, 'up', true);
  const below = nearestOnGrid(ONE_DOLLAR, bands, 'down', true);
  if (above === null || below === null || above > below) throw new PriceGridError('the grid has no valid price');
  return { min: above, max: below };
}

/**
 * The nearest grid price at or beyond `price` in one direction, ignoring the $0/$1 bounds
 * unless `strict` (then the price itself and the bounds are excluded when they are not valid).
 */
function nearestOnGrid(price: bigint, bands: readonly PriceBand[], direction: 'up' | 'down', strict: boolean): Micros | null {
  let best: bigint | null = null;
  for (const entry of bands) {
    let candidate: bigint | null;
    if (direction === 'down') {
      if (price < entry.start) continue;
      const capped = price > entry.end ? entry.end : price;
      candidate = entry.start + ((capped - entry.start) / entry.step) * entry.step;
      if (strict && !strictlyInside(candidate)) candidate = candidate - entry.step >= entry.start ? candidate - entry.step : null;
    } else {
      if (price > entry.end) continue;
      const floored = price < entry.start ? entry.start : price;
      const offset = (floored - entry.start) % entry.step;
      candidate = offset === 0n ? floored : floored + (entry.step - offset);
      if (candidate > entry.end) continue;
      if (strict && !strictlyInside(candidate)) candidate = candidate + entry.step <= entry.end ? candidate + entry.step : null;
    }
    if (candidate === null) continue;
    if (best === null || (direction === 'down' ? candidate > best : candidate < best)) best = candidate;
  }
  return best === null ? null : micros(best);
}

export type SnapDirection = 'down' | 'up' | 'nearest';

/**
 * Move `price` onto the grid: `down` (never pay more, for bids), `up`, or `nearest` (ties go
 * down). The result is always a valid price: anything below the lowest valid price becomes that
 * price, anything above the highest becomes the highest.
 */
export function snapToGrid(price: Micros, grid: PriceGridInput, direction: SnapDirection): Micros {
  const bands = toBands(grid);
  const { min, max } = validPriceBounds(bands);
  if (price <= min) return min;
  if (price >= max) return max;
  const below = nearestOnGrid(price, bands, 'down', true) ?? min;
  const above = nearestOnGrid(price, bands, 'up', true) ?? max;
  if (direction === 'down') return below;
  if (direction === 'up') return above;
  return price - below <= above - price ? below : above;
}

/** The next valid price strictly above `price`, or null at the top of the grid. */
export function nextPriceAbove(price: Micros, grid: PriceGridInput): Micros | null {
  const bands = toBands(grid);
  const candidate = nearestOnGrid(price + 1n, bands, 'up', true);
  return candidate !== null && strictlyInside(candidate) ? candidate : null;
}

/** The next valid price strictly below `price`, or null at the bottom of the grid. */
export function nextPriceBelow(price: Micros, grid: PriceGridInput): Micros | null {
  const bands = toBands(grid);
  const candidate = nearestOnGrid(price - 1n, bands, 'down', true);
  return candidate !== null && strictlyInside(candidate) ? candidate : null;
}

/** Every valid price of the grid in ascending order (at most 9,999 for a centi-cent grid). */
export function gridPrices(grid: PriceGridInput): Micros[] {
  const bands = toBands(grid);
  const prices = new Set<bigint>();
  for (const entry of bands) {
    for (let price: bigint = entry.start; price <= entry.end; price += entry.step) {
      if (strictlyInside(price)) prices.add(price);
    }
  }
  return [...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(micros);
}
