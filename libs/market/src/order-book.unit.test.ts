import { type Centis, type Micros, parseCount, parseDollars } from '@polly/contracts';
import fc from 'fast-check';
import { OrderBook, type PriceLevel } from './order-book';

const price = (text: string): Micros => parseDollars(text);
const count = (text: string): Centis => parseCount(text);
const level = (priceText: string, countText: string): PriceLevel => ({ price: price(priceText), size: count(countText) });

/** The example book of the REST documentation (PROTOCOL §4.3). */
function exampleBook(): OrderBook {
  const book = new OrderBook('KX-EXAMPLE');
  const result = book.applySnapshot({
    yes: [level('0.2700', '614.00'), level('0.3800', '1.00')],
    no: [level('0.4000', '616.40'), level('0.5900', '6.00')],
  });
  expect(result).toEqual({ ok: true });
  return book;
}

describe('an order book after a snapshot', () => {
  it('reports the best bid of each side as the highest price', () => {
    const book = exampleBook();
    expect(book.bestYesBid()).toEqual(level('0.3800', '1.00'));
    expect(book.bestNoBid()).toEqual(level('0.5900', '6.00'));
  });

  it('derives the YES ask from the best NO bid and the NO ask from the best YES bid', () => {
    const book = exampleBook();
    expect(book.yesAsk()).toEqual(level('0.4100', '6.00'));
    expect(book.noAsk()).toEqual(level('0.6200', '1.00'));
  });

  it('computes spread and midpoint exactly', () => {
    const book = exampleBook();
    expect(book.spread()).toBe(price('0.0300'));
    expect(book.midpoint()).toBe(price('0.3950'));
  });

  it('lists depth best first and exports the REST shape ascending', () => {
    const book = exampleBook();
    expect(book.depth('yes')).toEqual([level('0.3800', '1.00'), level('0.2700', '614.00')]);
    expect(book.depth('no', 1)).toEqual([level('0.5900', '6.00')]);
    expect(book.totalSize('no')).toBe(count('622.40'));
    expect(book.toOrderbookFp()).toEqual({
      yes_dollars: [
        ['0.2700', '614.00'],
        ['0.3800', '1.00'],
      ],
      no_dollars: [
        ['0.4000', '616.40'],
        ['0.5900', '6.00'],
      ],
    });
  });

  it('round-trips through the REST shape', () => {
    const exported = exampleBook().toOrderbookFp();
    const imported = OrderBook.fromOrderbookFp(exported);
    expect(imported.ok && imported.book.toOrderbookFp()).toEqual(exported);
  });

  it('replaces the previous book entirely on a new snapshot', () => {
    const book = exampleBook();
    book.applySnapshot({ yes: [level('0.1000', '5.00')], no: [] });
    expect(book.toOrderbookFp()).toEqual({ yes_dollars: [['0.1000', '5.00']], no_dollars: [] });
    expect(book.yesAsk()).toBeNull();
    expect(book.spread()).toBeNull();
    expect(book.midpoint()).toBeNull();
  });
});

describe('an order book receiving deltas', () => {
  it('adds size to an existing level and creates new levels', () => {
    const book = exampleBook();
    expect(book.applyDelta('yes', price('0.3800'), count('4.50'))).toEqual({ ok: true, size: count('5.50') });
    expect(book.applyDelta('yes', price('0.4000'), count('2.00'))).toEqual({ ok: true, size: count('2.00') });
    expect(book.bestYesBid()).toEqual(level('0.4000', '2.00'));
    expect(book.noAsk()).toEqual(level('0.6000', '2.00'));
  });

  it('removes a level whose size reaches zero and finds the next best bid', () => {
    const book = exampleBook();
    expect(book.applyDelta('no', price('0.5900'), count('-6.00'))).toEqual({ ok: true, size: 0n });
    expect(book.levelCount('no')).toBe(1);
    expect(book.bestNoBid()).toEqual(level('0.4000', '616.40'));
    expect(book.yesAsk()).toEqual(level('0.6000', '616.40'));
  });

  it('refuses a delta that would leave a negative size and keeps the book unchanged', () => {
    const book = exampleBook();
    const before = book.toOrderbookFp();
    const result = book.applyDelta('yes', price('0.3800'), count('-2.00'));
    expect(result).toEqual({
      ok: false,
      error: { kind: 'negative-size', side: 'yes', price: price('0.3800'), size: count('1.00'), delta: count('-2.00'), resultingSize: count('-1.00') },
    });
    expect(book.applyDelta('no', price('0.1234'), count('-1.00')).ok).toBe(false);
    expect(book.toOrderbookFp()).toEqual(before);
  });

  it('refuses prices outside (0, 1)', () => {
    const book = new OrderBook();
    expect(book.applyDelta('yes', price('0'), count('1.00')).ok).toBe(false);
    expect(book.applyDelta('yes', price('1.0000'), count('1.00')).ok).toBe(false);
    expect(book.applySnapshot({ yes: [level('1.2000', '1.00')], no: [] }).ok).toBe(false);
    expect(book.isEmpty()).toBe(true);
  });

  it('refuses a snapshot with a non-positive or duplicated level and keeps the old book', () => {
    const book = exampleBook();
    const before = book.toOrderbookFp();
    expect(book.applySnapshot({ yes: [level('0.1000', '0.00')], no: [] }).ok).toBe(false);
    expect(book.applySnapshot({ yes: [level('0.1000', '1.00'), level('0.1000', '2.00')], no: [] }).ok).toBe(false);
    expect(book.toOrderbookFp()).toEqual(before);
  });

  it('refuses malformed REST levels', () => {
    expect(OrderBook.fromOrderbookFp({ yes_dollars: [['0.5', 'x']], no_dollars: [] }).ok).toBe(false);
    expect(OrderBook.fromOrderbookFp({ yes_dollars: [['0.5']], no_dollars: [] }).ok).toBe(false);
    expect(OrderBook.fromOrderbookFp({ yes_dollars: null }).ok).toBe(true);
  });

  it('agrees with a naive model of the book after any sequence of deltas', () => {
    const delta = fc.record({
      side: fc.constantFrom('yes' as const, 'no' as const),
      tick: fc.integer({ min: 1, max: 99 }),
      change: fc.integer({ min: -500, max: 500 }),
    });
    fc.assert(
      fc.property(fc.array(delta, { maxLength: 300 }), (deltas) => {
        const book = new OrderBook();
        const model = { yes: new Map<number, number>(), no: new Map<number, number>() };
        for (const { side, tick, change } of deltas) {
          const current = model[side].get(tick) ?? 0;
          const result = book.applyDelta(side, (BigInt(tick) * 10_000n) as Micros, BigInt(change) as Centis);
          expect(result.ok).toBe(current + change >= 0);
          if (current + change > 0) model[side].set(tick, current + change);
          else if (current + change === 0) model[side].delete(tick);
        }
        for (const side of ['yes', 'no'] as const) {
          const best = Math.max(...model[side].keys());
          const expected = model[side].size === 0 ? null : { price: BigInt(best) * 10_000n, size: BigInt(model[side].get(best) ?? 0) };
          expect(book.bestBid(side)).toEqual(expected);
          expect(book.levelCount(side)).toBe(model[side].size);
        }
      }),
    );
  });
});
