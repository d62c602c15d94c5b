import { type BookSide, formatCount, formatDollars, parseCount, parseDollars } from '@polly/contracts';
import { EMPTY_POSITION, applyFill, marketValue, positionText, settlePosition, summarize, summaryText, unrealizedPnl } from './accounting';

const fill = (bookSide: BookSide, yesPrice: string, count: string, fee = '0') => ({
  bookSide,
  yesPrice: parseDollars(yesPrice),
  count: parseCount(count),
  fee: parseDollars(fee),
});

const shown = positionText;

const replay = (...fills: ReturnType<typeof fill>[]) => fills.reduce((state, next) => applyFill(state, next).state, EMPTY_POSITION);

describe('accounting', () => {
  describe('given no position', () => {
    it('a bid opens YES at the YES price, paying the cost and the fee', () => {
      const effect = applyFill(EMPTY_POSITION, fill('bid', '0.40', '10.00', '0.1680'));
      expect(shown(effect.state)).toEqual({
        position: '10.00',
        costBasis: '4.0000',
        realizedPnl: '0.0000',
        feesPaid: '0.1680',
        cashFlow: '-4.1680',
        fills: 1,
        wins: 0,
        losses: 0,
      });
      expect(formatDollars(effect.realized)).toBe('0.0000');
      expect(formatCount(effect.opened)).toBe('10.00');
    });

    it('an ask opens NO at the NO price (1 − YES price)', () => {
      const state = replay(fill('ask', '0.70', '8.00'));
      expect(shown(state)).toMatchObject({ position: '-8.00', costBasis: '2.4000', cashFlow: '-2.4000' });
    });

    it('fractional counts are exact: 2.50 contracts at 0.37 cost 0.925', () => {
      expect(shown(replay(fill('bid', '0.37', '2.50'))).costBasis).toBe('0.9250');
    });
  });

  describe('given 10 YES bought at 0.40', () => {
    const long = replay(fill('bid', '0.40', '10.00', '0.1680'));

    it('selling 4 YES at 0.55 realizes 4 × (0.55 − 0.40) = 0.60 at average cost and counts a win', () => {
      const effect = applyFill(long, fill('ask', '0.55', '4.00', '0.0700'));
      expect(formatDollars(effect.realized)).toBe('0.6000');
      expect(shown(effect.state)).toEqual({
        position: '6.00',
        costBasis: '2.4000',
        realizedPnl: '0.6000',
        feesPaid: '0.2380',
        cashFlow: '-2.0380',
        fills: 2,
        wins: 1,
        losses: 0,
      });
    });

    it('buying 8 NO at 0.30 closes the 6 YES left at 0.70 and opens 2 NO at 0.30', () => {
      const afterSale = applyFill(long, fill('ask', '0.55', '4.00')).state;
      const effect = applyFill(afterSale, fill('ask', '0.70', '8.00'));
      expect(formatCount(effect.closed)).toBe('6.00');
      expect(formatCount(effect.opened)).toBe('2.00');
      expect(formatDollars(effect.realized)).toBe('1.8000');
      expect(shown(effect.state)).toMatchObject({ position: '-2.00', costBasis: '0.6000', realizedPnl: '2.4000' });
      // Cash: −4.00 − 0.168 (the first fee) + 2.20 + 4.20 − 0.60 = 1.632.
      expect(shown(effect.state).cashFlow).toBe('1.6320');
    });

    it('a closing fill that loses counts a loss', () => {
      const effect = applyFill(long, fill('ask', '0.35', '10.00'));
      expect(formatDollars(effect.realized)).toBe('-0.5000');
      expect(shown(effect.state)).toMatchObject({ position: '0.00', costBasis: '0.0000', wins: 0, losses: 1 });
    });

    it('a break-even close that pays a fee counts a loss (net of fees)', () => {
      expect(shown(applyFill(long, fill('ask', '0.40', '10.00', '0.1680')).state)).toMatchObject({ realizedPnl: '0.0000', wins: 0, losses: 1 });
    });
  });

  describe('given a basis that does not divide evenly', () => {
    // 3 at 0.01 and 4 at 0.02: 0.11 for 7 contracts.
    const held = replay(fill('bid', '0.01', '3.00'), fill('bid', '0.02', '4.00'));

    it('closing 2 removes the average cost rounded up to the micro-dollar (0.031429)', () => {
      const effect = applyFill(held, fill('ask', '0.05', '2.00'));
      expect(formatDollars(effect.state.costBasis)).toBe('0.078571');
      expect(formatDollars(effect.realized)).toBe('0.068571');
    });

    it('closing the rest ends at exactly zero cost; realized adds up to proceeds minus cost', () => {
      const state = replay(fill('bid', '0.01', '3.00'), fill('bid', '0.02', '4.00'), fill('ask', '0.05', '2.00'), fill('ask', '0.05', '5.00'));
      expect(shown(state)).toMatchObject({ position: '0.00', costBasis: '0.0000', realizedPnl: '0.2400', cashFlow: '0.2400' });
    });
  });

  describe('settlement', () => {
    it('pays $1 per YES contract on a yes result', () => {
      const result = settlePosition(replay(fill('bid', '0.40', '10.00')), parseDollars('1'));
      expect(formatDollars(result.payout)).toBe('10.0000');
      expect(shown(result.state)).toMatchObject({ position: '0.00', costBasis: '0.0000', realizedPnl: '6.0000', cashFlow: '6.0000', wins: 1 });
    });

    it('pays $1 per NO contract on a no result (settlement value $0)', () => {
      const result = settlePosition(replay(fill('ask', '0.70', '2.00')), parseDollars('0'));
      expect(formatDollars(result.realized)).toBe('1.4000');
      expect(shown(result.state)).toMatchObject({ realizedPnl: '1.4000', cashFlow: '1.4000' });
    });

    it('YES contracts expire worthless on a no result', () => {
      const result = settlePosition(replay(fill('bid', '0.40', '10.00')), parseDollars('0'));
      expect(shown(result.state)).toMatchObject({ realizedPnl: '-4.0000', losses: 1 });
    });

    it('changes nothing without a position', () => {
      expect(settlePosition(EMPTY_POSITION, parseDollars('1')).state).toBe(EMPTY_POSITION);
    });
  });

  describe('marks', () => {
    it('marks YES at the YES midpoint and NO at 1 − midpoint', () => {
      expect(formatDollars(unrealizedPnl(replay(fill('bid', '0.40', '10.00')), parseDollars('0.45')) ?? 0n)).toBe('0.5000');
      expect(formatDollars(unrealizedPnl(replay(fill('ask', '0.70', '2.00')), parseDollars('0.72')) ?? 0n)).toBe('-0.0400');
      expect(formatDollars(marketValue(replay(fill('ask', '0.70', '2.00')), parseDollars('0.72')))).toBe('0.5600');
    });

    it('a position without a mark has no unrealized P/L; a flat one has zero', () => {
      expect(unrealizedPnl(replay(fill('bid', '0.40', '1.00')), null)).toBeNull();
      expect(unrealizedPnl(EMPTY_POSITION, null)).toBe(0n);
    });
  });

  describe('summary', () => {
    it('adds holders, subtracts fees from realized P/L and marks what is open', () => {
      const closed = replay(fill('bid', '0.40', '10.00', '0.1680'), fill('ask', '0.55', '10.00', '0.1733'));
      const open = replay(fill('bid', '0.30', '5.00', '0.0735'));
      const summary = summarize([
        { state: closed, markYesPrice: null },
        { state: open, markYesPrice: parseDollars('0.34') },
      ]);
      expect({ ...summaryText(summary), openPositions: summary.openPositions }).toEqual({
        // 1.50 realized − 0.4148 fees; open: 5 × (0.34 − 0.30) = 0.20.
        realizedPnl: '1.0852',
        unrealizedPnl: '0.2000',
        totalPnl: '1.2852',
        feesPaid: '0.4148',
        fills: 3,
        wins: 1,
        losses: 0,
        openPositions: 1,
      });
    });
  });
});
