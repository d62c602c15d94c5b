import { type BookSide, type OutcomeSide, type TimeInForce, formatCount, formatDollars, parseCount, parseDollars } from '@polly/contracts';
import { type PlacementResult, type RestingPaperOrder, type Touch, matchOnPlacement, matchRestingOrders, tradeReaches } from './paper-fill-model';

const touch = (yesBid: [string, string] | null, noBid: [string, string] | null): Touch => ({
  yesBid: yesBid ? { price: parseDollars(yesBid[0]), size: parseCount(yesBid[1]) } : null,
  noBid: noBid ? { price: parseDollars(noBid[0]), size: parseCount(noBid[1]) } : null,
});

const order = (bookSide: BookSide, price: string, count: string, timeInForce: TimeInForce = 'good_till_canceled', postOnly = false) => ({
  bookSide,
  yesPrice: parseDollars(price),
  remaining: parseCount(count),
  timeInForce,
  postOnly,
});

const shown = (result: PlacementResult) =>
  result.kind === 'post-only-cross'
    ? result
    : {
        fill: result.fill ? { yesPrice: formatDollars(result.fill.yesPrice), count: formatCount(result.fill.count) } : null,
        remaining: formatCount(result.remaining),
        remainder: result.remainder,
      };

// YES bid 0.44 × 7; NO bid 0.45 × 5, so the YES ask is 0.55 × 5.
const book = touch(['0.44', '7.00'], ['0.45', '5.00']);

describe('paper fill model', () => {
  describe('when a bid crosses the YES ask', () => {
    it('fills at the touch (0.55), only up to the size shown there, and rests the rest', () => {
      expect(shown(matchOnPlacement(order('bid', '0.60', '10.00'), book))).toEqual({ fill: { yesPrice: '0.5500', count: '5.00' }, remaining: '5.00', remainder: 'rests' });
    });

    it('fills completely when the touch shows enough', () => {
      expect(shown(matchOnPlacement(order('bid', '0.55', '3.00'), book))).toEqual({ fill: { yesPrice: '0.5500', count: '3.00' }, remaining: '0.00', remainder: 'none' });
    });

    it('immediate-or-cancel cancels what the touch did not fill', () => {
      expect(shown(matchOnPlacement(order('bid', '0.55', '8.00', 'immediate_or_cancel'), book))).toEqual({ fill: { yesPrice: '0.5500', count: '5.00' }, remaining: '3.00', remainder: 'cancelled' });
    });

    it('fill-or-kill fills nothing unless the touch shows the whole count', () => {
      expect(shown(matchOnPlacement(order('bid', '0.55', '8.00', 'fill_or_kill'), book))).toEqual({ fill: null, remaining: '8.00', remainder: 'cancelled' });
      expect(shown(matchOnPlacement(order('bid', '0.55', '5.00', 'fill_or_kill'), book))).toEqual({ fill: { yesPrice: '0.5500', count: '5.00' }, remaining: '0.00', remainder: 'none' });
    });

    it('post-only is refused, as the exchange refuses it', () => {
      expect(matchOnPlacement(order('bid', '0.55', '1.00', 'good_till_canceled', true), book)).toEqual({ kind: 'post-only-cross' });
    });
  });

  describe('when an ask crosses the best YES bid', () => {
    it('fills at the YES bid (0.44) up to its size', () => {
      expect(shown(matchOnPlacement(order('ask', '0.40', '10.00'), book))).toEqual({ fill: { yesPrice: '0.4400', count: '7.00' }, remaining: '3.00', remainder: 'rests' });
    });
  });

  describe('when the order does not cross', () => {
    it('rests untouched (and post-only is fine)', () => {
      expect(shown(matchOnPlacement(order('bid', '0.50', '4.00', 'good_till_canceled', true), book))).toEqual({ fill: null, remaining: '4.00', remainder: 'rests' });
      expect(shown(matchOnPlacement(order('ask', '0.45', '4.00'), book))).toEqual({ fill: null, remaining: '4.00', remainder: 'rests' });
    });

    it('an empty side never fills', () => {
      expect(shown(matchOnPlacement(order('bid', '0.99', '4.00'), touch(['0.44', '7.00'], null)))).toEqual({ fill: null, remaining: '4.00', remainder: 'rests' });
    });
  });

  describe('a resting order and later trades', () => {
    const trade = (yesPrice: string, count: string, takerSide: OutcomeSide, at = '2026-11-21T10:00:05.000Z', tradeId = `t-${yesPrice}-${takerSide}-${at}`) => ({
      tradeId,
      yesPrice: parseDollars(yesPrice),
      count: parseCount(count),
      takerSide,
      at,
    });
    const restingBid = { bookSide: 'bid' as const, yesPrice: parseDollars('0.40') };
    const restingAsk = { bookSide: 'ask' as const, yesPrice: parseDollars('0.60') };

    it('a bid at 0.40 fills on a trade through it (0.39), or at it when the taker sold YES; never above it', () => {
      expect(tradeReaches(restingBid, trade('0.39', '1.00', 'yes'))).toBe(true);
      expect(tradeReaches(restingBid, trade('0.40', '1.00', 'no'))).toBe(true);
      expect(tradeReaches(restingBid, trade('0.40', '1.00', 'yes'))).toBe(false);
      expect(tradeReaches(restingBid, trade('0.41', '1.00', 'no'))).toBe(false);
    });

    it('an ask at 0.60 fills on a trade through it (0.61), or at it when the taker bought YES', () => {
      expect(tradeReaches(restingAsk, trade('0.61', '1.00', 'no'))).toBe(true);
      expect(tradeReaches(restingAsk, trade('0.60', '1.00', 'yes'))).toBe(true);
      expect(tradeReaches(restingAsk, trade('0.60', '1.00', 'no'))).toBe(false);
      expect(tradeReaches(restingAsk, trade('0.59', '1.00', 'yes'))).toBe(false);
    });

    const resting = (key: string, price: string, count: string, placedAt: string): RestingPaperOrder => ({
      key,
      bookSide: 'bid',
      yesPrice: parseDollars(price),
      remaining: parseCount(count),
      placedAt,
    });

    it('fills at its own price, at most the trade size, best price first then oldest', () => {
      const orders = [resting('old-low', '0.40', '4.00', '2026-11-21T10:00:00.000Z'), resting('new-high', '0.42', '3.00', '2026-11-21T10:00:01.000Z'), resting('newer-low', '0.40', '4.00', '2026-11-21T10:00:02.000Z')];
      const fills = matchRestingOrders(orders, [trade('0.39', '5.00', 'no')]);
      expect(fills.map((fill) => [fill.orderKey, formatDollars(fill.yesPrice), formatCount(fill.count)])).toEqual([
        ['new-high', '0.4200', '3.00'],
        ['old-low', '0.4000', '2.00'],
      ]);
    });

    it('ignores trades printed before the order was placed, and stops at what remains', () => {
      const orders = [resting('bid', '0.40', '2.00', '2026-11-21T10:00:10.000Z')];
      const fills = matchRestingOrders(orders, [
        trade('0.38', '5.00', 'no', '2026-11-21T10:00:09.000Z'),
        trade('0.38', '1.50', 'no', '2026-11-21T10:00:11.000Z'),
        trade('0.38', '5.00', 'no', '2026-11-21T10:00:12.000Z'),
      ]);
      expect(fills.map((fill) => formatCount(fill.count))).toEqual(['1.50', '0.50']);
    });
  });
});
