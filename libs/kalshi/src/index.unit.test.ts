import * as kalshi from './index';

describe('the public surface of @polly/kalshi', () => {
  it('re-exports exact money, the price grid and fees for services that only import this package', () => {
    const price = kalshi.parseDollars('0.5000');
    const hundred = kalshi.parseCount('100.00');
    const quadratic = kalshi.feeSchedule('quadratic');
    expect(kalshi.formatDollars(kalshi.takerFee(price, hundred, quadratic, 'ceil_to_cent'))).toBe('1.7500');
    expect(kalshi.formatDollars(kalshi.makerFee(price, hundred, kalshi.feeSchedule('quadratic_with_maker_fees'), 'ceil_to_cent'))).toBe('0.4400');
    expect(kalshi.isOnGrid(kalshi.parseDollars('0.0050'), kalshi.priceRangesFor('tapered_deci_cent'))).toBe(true);
    expect(kalshi.isOnGrid(kalshi.parseDollars('0.5050'), kalshi.priceRangesFor('tapered_deci_cent'))).toBe(false);
    expect(new kalshi.OrderBook('A').isEmpty()).toBe(true);
  });

  it('exposes the REST client, the stream and the pure decisions', () => {
    expect(typeof kalshi.createKalshiClient).toBe('function');
    expect(typeof kalshi.createKalshiStream).toBe('function');
    expect(kalshi.decideRetry({ kind: 'status', status: 429 }, 1)).toEqual({ action: 'retry', delayMs: 100 });
    expect(kalshi.BASIC_TIER_LIMITS.read).toEqual({ refillPerSecond: 200, capacity: 200 });
  });
});
