/**
 * The public tape: the most recent trades across all markets, oldest first, for
 * `GET /markets/trades`. Bounded so a long run cannot grow without limit.
 */
import type { Trade } from '../engine/types';

export class TradeLog {
  private readonly trades: Trade[] = [];

  constructor(private readonly capacity = 100_000) {}

  add(trade: Trade): void {
    this.trades.push(trade);
    if (this.trades.length > this.capacity) this.trades.splice(0, this.trades.length - this.capacity);
  }

  /** Every kept trade, oldest first (ascending sequence). */
  all(): readonly Trade[] {
    return this.trades;
  }

  get size(): number {
    return this.trades.length;
  }
}
