import { classifyMarket, createPolicy, isSubscribedState } from './classify';

const policy = createPolicy({ watchlistSeries: ['kxbtc15m'], ignoredSeries: ['KXMENTION'], ignoredCategories: ['Sports'] });
const classify = (seriesTicker: string, exchangeStatus: string, category: string | null = 'Crypto') => classifyMarket({ seriesTicker, category, exchangeStatus }, policy);

describe('classifying a market into an internal state', () => {
  describe('when the market is open or not yet open', () => {
    it.each(['initialized', 'active', 'inactive', 'open'])('makes a %s market of an ordinary series ACTIVE', (status) => {
      expect(classify('KXHIGHNY', status).state).toBe('ACTIVE');
    });

    it('makes a market of a watchlist series WATCHLIST, whatever the case of the configured ticker', () => {
      expect(classify('KXBTC15M', 'active')).toEqual({ state: 'WATCHLIST', reason: 'series KXBTC15M is on the watchlist (exchange status active)' });
      expect(classify('KXBTC15M', 'initialized').state).toBe('WATCHLIST');
    });
  });

  describe('when the market can no longer trade', () => {
    it.each(['closed', 'determined', 'disputed', 'amended', 'finalized', 'settled'])('makes a %s market INACTIVE, even on the watchlist', (status) => {
      expect(classify('KXBTC15M', status)).toEqual({ state: 'INACTIVE', reason: `exchange status ${status}` });
    });
  });

  describe('when configuration excludes the market', () => {
    it('makes every market of an ignored series IGNORED, open or not', () => {
      expect(classify('KXMENTION', 'active').state).toBe('IGNORED');
      expect(classify('KXMENTION', 'finalized').state).toBe('IGNORED');
    });

    it('makes a market of an ignored category IGNORED, comparing categories without case', () => {
      expect(classify('KXNFLGAME', 'active', 'sports')).toEqual({ state: 'IGNORED', reason: 'category sports is ignored by configuration' });
    });

    it('keeps a market whose category is unknown', () => {
      expect(classify('KXNFLGAME', 'active', null).state).toBe('ACTIVE');
    });
  });

  it('subscribes ACTIVE and WATCHLIST markets only', () => {
    expect(['ACTIVE', 'WATCHLIST', 'INACTIVE', 'IGNORED'].filter((state) => isSubscribedState(state as never))).toEqual(['ACTIVE', 'WATCHLIST']);
  });
});
