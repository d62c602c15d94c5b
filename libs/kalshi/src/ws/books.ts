/**
 * Order books kept from a stream: snapshots replace a book, deltas change it. A book becomes
 * stale when its subscription had a sequence gap or a delta could not apply (it would go
 * negative); stale books ignore deltas until the next snapshot makes them fresh again.
 */
import { type Centis, type Micros, parseCount, parseDollars } from '@polly/contracts';
import { type BookRejection, OrderBook, type PriceLevel } from '@polly/market';
import type { StreamMessage } from './frames';

export type BookUpdate =
  | { kind: 'snapshot'; marketTicker: string }
  | { kind: 'delta'; marketTicker: string; size: Centis }
  | { kind: 'ignored'; marketTicker: string; reason: 'no-snapshot-yet' | 'stale' }
  | { kind: 'rejected'; marketTicker: string; error: BookRejection | { kind: 'malformed-number'; detail: string } }
  | { kind: 'not-a-book-message' };

interface Entry {
  readonly book: OrderBook;
  stale: boolean;
}

export class StreamBooks {
  private readonly entries = new Map<string, Entry>();

  /** Apply one stream message (anything that is not a snapshot or delta is ignored). */
  apply(message: StreamMessage): BookUpdate {
    if (message.type === 'orderbook_snapshot') return this.applySnapshot(message.msg.market_ticker, message.msg.yes_dollars_fp, message.msg.no_dollars_fp);
    if (message.type !== 'orderbook_delta') return { kind: 'not-a-book-message' };
    const { market_ticker: marketTicker, side, price_dollars: priceText, delta_fp: deltaText } = message.msg;
    const entry = this.entries.get(marketTicker);
    if (!entry) return { kind: 'ignored', marketTicker, reason: 'no-snapshot-yet' };
    if (entry.stale) return { kind: 'ignored', marketTicker, reason: 'stale' };
    let price: Micros;
    let delta: Centis;
    try {
      price = parseDollars(priceText);
      delta = parseCount(deltaText);
    } catch (error) {
      entry.stale = true;
      return { kind: 'rejected', marketTicker, error: { kind: 'malformed-number', detail: String(error) } };
    }
    const result = entry.book.applyDelta(side, price, delta);
    if (result.ok) return { kind: 'delta', marketTicker, size: result.size };
    entry.stale = true;
    return { kind: 'rejected', marketTicker, error: result.error };
  }

  /** These books can no longer be trusted (a gap on their subscription, a lost connection). */
  markStale(marketTickers: Iterable<string>): void {
    for (const ticker of marketTickers) {
      const entry = this.entries.get(ticker);
      if (entry) entry.stale = true;
    }
  }

  book(marketTicker: string): OrderBook | undefined {
    return this.entries.get(marketTicker)?.book;
  }

  isStale(marketTicker: string): boolean {
    return this.entries.get(marketTicker)?.stale ?? true;
  }

  marketTickers(): string[] {
    return [...this.entries.keys()];
  }

  private applySnapshot(marketTicker: string, yes: Array<[string, string]>, no: Array<[string, string]>): BookUpdate {
    let levels: { yes: PriceLevel[]; no: PriceLevel[] };
    try {
      const parse = (pairs: Array<[string, string]>): PriceLevel[] => pairs.map(([price, size]) => ({ price: parseDollars(price), size: parseCount(size) }));
      levels = { yes: parse(yes), no: parse(no) };
    } catch (error) {
      this.markStale([marketTicker]);
      return { kind: 'rejected', marketTicker, error: { kind: 'malformed-number', detail: String(error) } };
    }
    const entry = this.entries.get(marketTicker) ?? { book: new OrderBook(marketTicker), stale: true };
    this.entries.set(marketTicker, entry);
    const result = entry.book.applySnapshot(levels);
    if (!result.ok) {
      entry.stale = true;
      return { kind: 'rejected', marketTicker, error: result.error };
    }
    entry.stale = false;
    return { kind: 'snapshot', marketTicker };
  }
}
