/**
 * A pure L2 order book for one Kalshi market, as the exchange publishes it: bids only, one ladder
 * of YES bids and one of NO bids. A YES bid at p is a NO ask at 1 − p, so the asks are derived:
 * YES ask = 1 − best NO bid, NO ask = 1 − best YES bid.
 *
 * Invariants:
 * - every resting level has a size > 0 (a delta that brings a level to 0 removes it);
 * - every price is strictly between $0 and $1;
 * - a rejected snapshot or delta leaves the book exactly as it was.
 *
 * Levels live in a Map keyed by the exact price (micro-dollars), so a delta is O(1); the best bid
 * is cached and only rescanned when the best level itself disappears. Sorting happens only when a
 * caller asks for the whole ladder (export, depth), never per delta.
 */
import {
  type Centis,
  type Micros,
  ONE_DOLLAR,
  complement,
  divideRounded,
  formatCount,
  formatDollars,
  parseCount,
  parseDollars,
} from '@polly/contracts';

export type BookOutcome = 'yes' | 'no';

export interface PriceLevel {
  readonly price: Micros;
  readonly size: Centis;
}

/** The REST `orderbook_fp` shape: `[price_dollars, count_fp]` pairs, ascending by price. */
export interface OrderbookFp {
  yes_dollars: Array<[string, string]>;
  no_dollars: Array<[string, string]>;
}

export interface BookSnapshotInput {
  readonly yes: ReadonlyArray<PriceLevel>;
  readonly no: ReadonlyArray<PriceLevel>;
}

export type BookRejection =
  | { kind: 'negative-size'; side: BookOutcome; price: Micros; size: Centis; delta: Centis; resultingSize: Centis }
  | { kind: 'price-out-of-range'; side: BookOutcome; price: Micros }
  | { kind: 'non-positive-size'; side: BookOutcome; price: Micros; size: Centis }
  | { kind: 'duplicate-level'; side: BookOutcome; price: Micros };

export type BookUpdateResult = { ok: true; size: Centis } | { ok: false; error: BookRejection };
export type BookSnapshotResult = { ok: true } | { ok: false; error: BookRejection };

const ZERO = 0n as Centis;

/** One side's ladder: sizes by price, with the best (highest) price cached. */
class BidLadder {
  readonly sizes = new Map<bigint, Centis>();
  private best: bigint | null = null;

  constructor(readonly side: BookOutcome) {}

  bestPrice(): Micros | null {
    return this.best as Micros | null;
  }

  set(price: Micros, size: Centis): void {
    if (size === ZERO) {
      this.sizes.delete(price);
      if (this.best === price) this.best = this.rescanBest();
      return;
    }
    this.sizes.set(price, size);
    if (this.best === null || price > this.best) this.best = price;
  }

  replace(levels: ReadonlyArray<PriceLevel>): void {
    this.sizes.clear();
    this.best = null;
    for (const level of levels) this.set(level.price, level.size);
  }

  /** Levels ordered by price; `descending` gives best first. */
  sorted(descending: boolean): PriceLevel[] {
    const prices = [...this.sizes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (descending) prices.reverse();
    return prices.map((price) => ({ price: price as Micros, size: this.sizes.get(price) as Centis }));
  }

  private rescanBest(): bigint | null {
    let best: bigint | null = null;
    for (const price of this.sizes.keys()) if (best === null || price > best) best = price;
    return best;
  }
}

const isPriceInRange = (price: bigint): boolean => price > 0n && price < ONE_DOLLAR;

export class OrderBook {
  private readonly ladders: Record<BookOutcome, BidLadder> = { yes: new BidLadder('yes'), no: new BidLadder('no') };

  constructor(readonly marketTicker: string = '') {}

  /** Replace the whole book. Rejects (and keeps the old book) on a bad or duplicated level. */
  applySnapshot(snapshot: BookSnapshotInput): BookSnapshotResult {
    for (const side of ['yes', 'no'] as const) {
      const seen = new Set<bigint>();
      for (const level of snapshot[side]) {
        if (!isPriceInRange(level.price)) return { ok: false, error: { kind: 'price-out-of-range', side, price: level.price } };
        if (level.size <= ZERO) {
          return { ok: false, error: { kind: 'non-positive-size', side, price: level.price, size: level.size } };
        }
        if (seen.has(level.price)) return { ok: false, error: { kind: 'duplicate-level', side, price: level.price } };
        seen.add(level.price);
      }
    }
    this.ladders.yes.replace(snapshot.yes);
    this.ladders.no.replace(snapshot.no);
    return { ok: true };
  }

  /**
   * Add a signed size change at one level. A level reaching 0 disappears; a change that would
   * leave a negative size is refused and reported (the book is then out of step with the
   * exchange and needs a fresh snapshot).
   */
  applyDelta(side: BookOutcome, price: Micros, delta: Centis): BookUpdateResult {
    if (!isPriceInRange(price)) return { ok: false, error: { kind: 'price-out-of-range', side, price } };
    const ladder = this.ladders[side];
    const size = ladder.sizes.get(price) ?? ZERO;
    const resultingSize = (size + delta) as Centis;
    if (resultingSize < ZERO) {
      return { ok: false, error: { kind: 'negative-size', side, price, size, delta, resultingSize } };
    }
    ladder.set(price, resultingSize);
    return { ok: true, size: resultingSize };
  }

  /** Remove every level (for example when the book is known to be stale). */
  clear(): void {
    this.ladders.yes.replace([]);
    this.ladders.no.replace([]);
  }

  sizeAt(side: BookOutcome, price: Micros): Centis {
    return this.ladders[side].sizes.get(price) ?? ZERO;
  }

  levelCount(side: BookOutcome): number {
    return this.ladders[side].sizes.size;
  }

  isEmpty(): boolean {
    return this.levelCount('yes') === 0 && this.levelCount('no') === 0;
  }

  bestBid(side: BookOutcome): PriceLevel | null {
    const price = this.ladders[side].bestPrice();
    return price === null ? null : { price, size: this.sizeAt(side, price) };
  }

  bestYesBid(): PriceLevel | null {
    return this.bestBid('yes');
  }

  bestNoBid(): PriceLevel | null {
    return this.bestBid('no');
  }

  /** The cheapest way to buy `side`: sell into the best bid of the other side at 1 − its price. */
  bestAsk(side: BookOutcome): PriceLevel | null {
    const opposite = this.bestBid(side === 'yes' ? 'no' : 'yes');
    return opposite === null ? null : { price: complement(opposite.price), size: opposite.size };
  }

  /** YES ask = 1 − best NO bid. */
  yesAsk(): PriceLevel | null {
    return this.bestAsk('yes');
  }

  /** NO ask = 1 − best YES bid. */
  noAsk(): PriceLevel | null {
    return this.bestAsk('no');
  }

  /** YES ask − best YES bid, or null when either side is empty. */
  spread(): Micros | null {
    const bid = this.bestYesBid();
    const ask = this.yesAsk();
    return bid === null || ask === null ? null : ((ask.price - bid.price) as Micros);
  }

  /**
   * (best YES bid + YES ask) / 2, or null when either side is empty. Exact for prices on any
   * Kalshi grid (steps of $0.0001 or coarser); rounded down to the micro-dollar otherwise.
   */
  midpoint(): Micros | null {
    const bid = this.bestYesBid();
    const ask = this.yesAsk();
    return bid === null || ask === null ? null : (divideRounded(bid.price + ask.price, 2n, 'floor') as Micros);
  }

  /** Bids best first, limited to `levels` entries when given. */
  depth(side: BookOutcome, levels?: number): PriceLevel[] {
    const ladder = this.ladders[side].sorted(true);
    return levels === undefined ? ladder : ladder.slice(0, Math.max(0, levels));
  }

  /** Total resting size on one side (optionally over the best `levels` levels only). */
  totalSize(side: BookOutcome, levels?: number): Centis {
    const chosen = levels === undefined ? [...this.ladders[side].sizes.values()] : this.depth(side, levels).map((level) => level.size);
    return chosen.reduce<bigint>((sum, size) => sum + size, 0n) as Centis;
  }

  /** The REST `orderbook_fp` shape (ascending, best bid last), comparable with the exchange's own. */
  toOrderbookFp(): OrderbookFp {
    const format = (levels: PriceLevel[]): Array<[string, string]> =>
      levels.map((level) => [formatDollars(level.price), formatCount(level.size)]);
    return { yes_dollars: format(this.ladders.yes.sorted(false)), no_dollars: format(this.ladders.no.sorted(false)) };
  }

  /** A new book from the REST `orderbook_fp` shape (absent or null sides count as empty). */
  static fromOrderbookFp(
    book: { yes_dollars?: ReadonlyArray<ReadonlyArray<string>> | null; no_dollars?: ReadonlyArray<ReadonlyArray<string>> | null },
    marketTicker = '',
  ): { ok: true; book: OrderBook } | { ok: false; error: BookRejection | { kind: 'malformed-level'; side: BookOutcome; level: string } } {
    const orderBook = new OrderBook(marketTicker);
    const parsed: Record<BookOutcome, PriceLevel[]> = { yes: [], no: [] };
    for (const side of ['yes', 'no'] as const) {
      for (const level of book[`${side}_dollars`] ?? []) {
        const levelPair = parseLevelPair(level);
        if (levelPair === null) return { ok: false, error: { kind: 'malformed-level', side, level: JSON.stringify(level) } };
        parsed[side].push(levelPair);
      }
    }
    const result = orderBook.applySnapshot(parsed);
    return result.ok ? { ok: true, book: orderBook } : result;
  }
}

function parseLevelPair(level: ReadonlyArray<string>): PriceLevel | null {
  const [price, size] = level;
  if (level.length !== 2 || typeof price !== 'string' || typeof size !== 'string') return null;
  try {
    return { price: parseDollars(price), size: parseCount(size) };
  } catch {
    return null;
  }
}
