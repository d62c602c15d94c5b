import { parseFrame, type StreamMessage } from './frames';
import { StreamBooks } from './books';

function message(value: unknown): StreamMessage {
  const parsed = parseFrame(JSON.stringify(value));
  if (parsed.kind !== 'data') throw new Error(JSON.stringify(parsed));
  return parsed.message;
}

const snapshot = (seq: number, yes: Array<[string, string]>, no: Array<[string, string]>) =>
  message({ type: 'orderbook_snapshot', sid: 1, seq, msg: { market_ticker: 'A', yes_dollars_fp: yes, no_dollars_fp: no } });
const delta = (seq: number, side: 'yes' | 'no', price: string, change: string) =>
  message({ type: 'orderbook_delta', sid: 1, seq, msg: { market_ticker: 'A', side, price_dollars: price, delta_fp: change } });

describe('books kept from a stream', () => {
  it('ignores deltas before the first snapshot', () => {
    const books = new StreamBooks();
    expect(books.apply(delta(1, 'yes', '0.4000', '1.00'))).toEqual({ kind: 'ignored', marketTicker: 'A', reason: 'no-snapshot-yet' });
  });

  it('applies a snapshot and then deltas', () => {
    const books = new StreamBooks();
    expect(books.apply(snapshot(1, [['0.4000', '10.00']], [['0.5500', '3.00']]))).toEqual({ kind: 'snapshot', marketTicker: 'A' });
    expect(books.apply(delta(2, 'yes', '0.4000', '-4.00'))).toEqual({ kind: 'delta', marketTicker: 'A', size: 600n });
    expect(books.apply(delta(3, 'no', '0.5500', '-3.00'))).toMatchObject({ kind: 'delta', size: 0n });
    expect(books.book('A')?.toOrderbookFp()).toEqual({ yes_dollars: [['0.4000', '6.00']], no_dollars: [] });
  });

  it('marks a book stale when a delta would go negative, until the next snapshot', () => {
    const books = new StreamBooks();
    books.apply(snapshot(1, [['0.4000', '1.00']], []));
    expect(books.apply(delta(2, 'yes', '0.4000', '-2.00'))).toMatchObject({ kind: 'rejected', error: { kind: 'negative-size' } });
    expect(books.isStale('A')).toBe(true);
    expect(books.apply(delta(3, 'yes', '0.3000', '1.00'))).toMatchObject({ kind: 'ignored', reason: 'stale' });
    books.apply(snapshot(4, [['0.3000', '1.00']], []));
    expect(books.isStale('A')).toBe(false);
  });

  it('ignores deltas for books marked stale after a gap', () => {
    const books = new StreamBooks();
    books.apply(snapshot(1, [], []));
    books.markStale(['A']);
    expect(books.apply(delta(5, 'yes', '0.3000', '1.00'))).toMatchObject({ kind: 'ignored', reason: 'stale' });
  });

  it('ignores other message types', () => {
    const books = new StreamBooks();
    expect(books.apply(message({ type: 'ticker', sid: 2, msg: { market_ticker: 'A' } }))).toEqual({ kind: 'not-a-book-message' });
  });
});
