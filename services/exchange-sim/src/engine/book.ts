/**
 * One market's book: resting bids on each leg, by price level, first come first served.
 *
 * Invariants: every order in a level rests (status 'resting', remaining > 0) and has that
 * level's leg price; a level's total is the sum of its orders' remaining counts; empty levels do
 * not exist; `prices` lists the levels in ascending order.
 */
import { type Centis, type Micros, centis } from '@polly/contracts';
import type { Leg, Order } from './types';

interface Level {
  readonly price: Micros;
  readonly orders: Order[];
  total: Centis;
}

class BookSide {
  /** Created on the first order: most of a 50,000-market universe never sees one. */
  private levelMap: Map<bigint, Level> | null = null;
  /** Level prices, ascending. */
  private readonly prices: bigint[] = [];

  private get levels(): Map<bigint, Level> {
    if (this.levelMap === null) this.levelMap = new Map();
    return this.levelMap;
  }

  add(order: Order): void {
    let level = this.levels.get(order.legPrice);
    if (!level) {
      level = { price: order.legPrice, orders: [], total: centis(0n) };
      this.levels.set(order.legPrice, level);
      this.prices.splice(this.insertionIndex(order.legPrice), 0, order.legPrice);
    }
    // Orders normally arrive in priority order; an amended order keeping its priority may not.
    const orders = level.orders;
    let index = orders.length;
    while (index > 0 && (orders[index - 1] as Order).priority > order.priority) index -= 1;
    orders.splice(index, 0, order);
    level.total = centis(level.total + order.remainingCount);
  }

  /** Take an order out of its level (cancel, amend, or fully filled). */
  remove(order: Order, count: Centis): void {
    const level = this.levelMap?.get(order.legPrice);
    if (!level) return;
    const index = level.orders.indexOf(order);
    if (index >= 0) level.orders.splice(index, 1);
    level.total = centis(level.total - count);
    if (level.orders.length === 0) this.dropLevel(order.legPrice);
  }

  /** The order's remaining count went down by `count` while it stays in the book. */
  reduce(order: Order, count: Centis): void {
    const level = this.levelMap?.get(order.legPrice);
    if (level) level.total = centis(level.total - count);
  }

  best(): Micros | null {
    const price = this.prices.at(-1);
    return price === undefined ? null : (price as Micros);
  }

  /** The order first in line at the best price. */
  firstAtBest(): Order | null {
    const price = this.prices.at(-1);
    if (price === undefined) return null;
    return this.levelMap?.get(price)?.orders[0] ?? null;
  }

  sizeAt(price: Micros): Centis {
    return this.levelMap?.get(price)?.total ?? centis(0n);
  }

  /** Levels from the best (highest) price down, while `accept(price)` holds. */
  *levelsFromBest(accept: (price: Micros) => boolean): Generator<{ price: Micros; orders: readonly Order[] }> {
    for (let index = this.prices.length - 1; index >= 0; index -= 1) {
      const price = this.prices[index] as Micros;
      if (!accept(price)) return;
      const level = this.levelMap?.get(price);
      if (level) yield { price, orders: level.orders };
    }
  }

  /** [price, count] pairs, ascending (best last), at most `depth` best levels when depth > 0. */
  snapshot(depth = 0): Array<[Micros, Centis]> {
    const start = depth > 0 ? Math.max(0, this.prices.length - depth) : 0;
    return this.prices.slice(start).map((price) => [price as Micros, (this.levels.get(price) as Level).total]);
  }

  get levelCount(): number {
    return this.prices.length;
  }

  *orders(): Generator<Order> {
    for (const level of this.levelMap?.values() ?? []) yield* level.orders;
  }

  private dropLevel(price: bigint): void {
    this.levels.delete(price);
    const index = this.insertionIndex(price);
    if (this.prices[index] === price) this.prices.splice(index, 1);
  }

  private insertionIndex(price: bigint): number {
    let low = 0;
    let high = this.prices.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.prices[middle] as bigint) < price) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

export class OrderBook {
  readonly yes = new BookSide();
  readonly no = new BookSide();

  side(leg: Leg): BookSide {
    return leg === 'yes' ? this.yes : this.no;
  }

  /** True when both sides are empty. */
  get empty(): boolean {
    return this.yes.levelCount === 0 && this.no.levelCount === 0;
  }
}

export type { BookSide };
