import { marketStateKey } from './market-cache';

describe('the KV key of a market', () => {
  it('is the ticker when it is a legal KV key, dots included', () => {
    expect(marketStateKey('KXBTC15M-26NOV211215-15')).toBe('KXBTC15M-26NOV211215-15');
    expect(marketStateKey('KXHIGHNY-26NOV16-B78.5')).toBe('KXHIGHNY-26NOV16-B78.5');
  });
  it('is absent for a ticker no KV key can hold', () => {
    expect(marketStateKey('A B')).toBeUndefined();
    expect(marketStateKey('.A')).toBeUndefined();
  });
});
