import { MarketState, parseCount, parseDollars } from '@polly/contracts';
import { type MarketFacts, RECENT_TRADES_KEPT, deriveMarketState, quoteOf, seriesOfTicker } from './market-state';
import { OrderBook } from './order-book';

const level = (price: string, size: string) => ({ price: parseDollars(price), size: parseCount(size) });

function facts(overrides: Partial<MarketFacts> = {}): MarketFacts {
  return {
    marketTicker: 'KXBTC15M-26JUL221315-15',
    eventTicker: 'KXBTC15M-26JUL221315',
    seriesTicker: 'KXBTC15M',
    status: 'active',
    stale: false,
    staleReason: null,
    lastPrice: '0.4700',
    volume: '120.00',
    openInterest: '40.00',
    recentTrades: [],
    revision: 3,
    updatedAt: '2026-07-22T17:15:00.000Z',
    ...overrides,
  };
}

function book(yes: Array<[string, string]>, no: Array<[string, string]>): OrderBook {
  const orderBook = new OrderBook('KXBTC15M-26JUL221315-15');
  const applied = orderBook.applySnapshot({ yes: yes.map(([price, size]) => level(price, size)), no: no.map(([price, size]) => level(price, size)) });
  if (!applied.ok) throw new Error(JSON.stringify(applied.error));
  return orderBook;
}

describe('a market state derived from a two-sided book', () => {
  const state = deriveMarketState(book([['0.4000', '5.00'], ['0.4500', '10.00']], [['0.5000', '3.00'], ['0.5300', '7.50']]), facts());

  it('takes the best bids of each side with their sizes', () => {
    expect(state).toMatchObject({ yesBid: '0.4500', yesBidSize: '10.00', noBid: '0.5300', noBidSize: '7.50' });
  });

  it('derives the asks from the opposite side: YES ask = 1 − best NO bid, NO ask = 1 − best YES bid', () => {
    expect(state.yesAsk).toBe('0.4700');
    expect(state.noAsk).toBe('0.5500');
  });

  it('derives spread, midpoint and implied probability exactly', () => {
    expect(state.spread).toBe('0.0200');
    expect(state.midpoint).toBe('0.4600');
    expect(state.impliedProbability).toBe('0.4600');
  });

  it('writes the full book ascending, as the exchange lists it', () => {
    expect(state.book).toEqual({ yes: [['0.4000', '5.00'], ['0.4500', '10.00']], no: [['0.5000', '3.00'], ['0.5300', '7.50']] });
  });

  it('is a valid MarketState for the cache bucket', () => {
    expect(MarketState.safeParse(state).success).toBe(true);
  });
});

describe('a market state with sub-cent prices', () => {
  it('keeps every micro-dollar (a midpoint between ticks is not rounded to cents)', () => {
    const state = deriveMarketState(book([['0.0150', '1.00']], [['0.9840', '2.00']]), facts());
    expect(state).toMatchObject({ yesBid: '0.0150', yesAsk: '0.0160', spread: '0.0010', midpoint: '0.0155', impliedProbability: '0.0155' });
  });
});

describe('a market state with one empty side', () => {
  const state = deriveMarketState(book([['0.3000', '4.00']], []), facts({ lastPrice: '0.3300' }));

  it('has no YES ask, spread or midpoint, but still a NO ask', () => {
    expect(state).toMatchObject({ yesBid: '0.3000', noBid: null, yesAsk: null, noAsk: '0.7000', spread: null, midpoint: null });
  });

  it('falls back to the last price for the implied probability', () => {
    expect(state.impliedProbability).toBe('0.3300');
  });
});

describe('a stale market state', () => {
  it('says stale with its reason, and never drops the flag', () => {
    const state = deriveMarketState(book([['0.3000', '4.00']], [['0.6000', '1.00']]), facts({ stale: true, staleReason: 'sequence-gap' }));
    expect(state).toMatchObject({ stale: true, staleReason: 'sequence-gap' });
  });

  it('has no reason once fresh', () => {
    expect(deriveMarketState(new OrderBook(), facts({ stale: false, staleReason: 'sequence-gap' })).staleReason).toBeNull();
  });
});

describe('recent trades', () => {
  it(`keeps only the newest ${RECENT_TRADES_KEPT}, newest last`, () => {
    const trades = Array.from({ length: 130 }, (_, index) => ({
      tradeId: `t${index}`,
      yesPrice: '0.5000',
      count: '1.00',
      takerSide: 'yes' as const,
      at: '2026-07-22T17:15:00.000Z',
    }));
    const state = deriveMarketState(new OrderBook(), facts({ recentTrades: trades }));
    expect(state.recentTrades).toHaveLength(RECENT_TRADES_KEPT);
    expect(state.recentTrades[0]?.tradeId).toBe('t30');
    expect(state.recentTrades.at(-1)?.tradeId).toBe('t129');
  });
});

describe('the quote of an empty book', () => {
  it('is all null', () => {
    expect(Object.values(quoteOf(new OrderBook())).every((value) => value === null)).toBe(true);
  });
});

describe('the series of a ticker', () => {
  it.each([
    ['KXBTC15M-26JUL221315-15', 'KXBTC15M'],
    ['KXHIGHNY-26MAY16-B78.5', 'KXHIGHNY'],
    ['NODASH', null],
  ])('%s is in series %s', (ticker, series) => {
    expect(seriesOfTicker(ticker)).toBe(series);
  });
});
