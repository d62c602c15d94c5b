import { clock, at, live, market, series } from '../testing/fixtures';
import { chooseEvent, marketLine, seriesCardView, withMarketUpdate } from './series-view';

describe('a market line from the markets table', () => {
  it('reads the REST ends of an empty book as "nothing offered", never 0¢ or 100¢', () => {
    const line = marketLine(market());
    expect(line).toMatchObject({ yesPrice: null, noPrice: null, chance: null, lastPrice: null, volume: 0n, label: '31° to 32°' });
  });

  it('prices YES at the ask and NO at one minus the best YES bid, chance at the midpoint', () => {
    const line = marketLine(market({ yes_bid: '0.240000', yes_ask: '0.270000', last_price: '0.250000', volume: '40.00' }));
    expect(line).toMatchObject({ yesPrice: 270_000n, noPrice: 760_000n, chance: 255_000n, lastPrice: 250_000n, volume: 4000n });
  });
});

describe('a market line with the cache’s live quote', () => {
  it('takes the live quote over the table', () => {
    const line = marketLine(market({ yes_bid: '0.100000', yes_ask: '0.900000', live: live() }));
    expect(line).toMatchObject({ yesPrice: 420_000n, noPrice: 600_000n, chance: 410_000n, volume: 12_000n, stale: false });
  });
});

describe('choosing the event a card shows', () => {
  const lines = [
    marketLine(market({ market_ticker: 'A-1', event_ticker: 'A', close_time: at(7_200_000) })),
    marketLine(market({ market_ticker: 'B-1', event_ticker: 'B', close_time: at(600_000) })),
    marketLine(market({ market_ticker: 'C-1', event_ticker: 'C', close_time: at(-600_000) })),
    marketLine(market({ market_ticker: 'D-1', event_ticker: 'D', close_time: at(300_000), exchange_status: 'initialized' })),
  ];

  it('shows the open event that closes first, skipping markets not yet open', () => {
    expect(chooseEvent(lines, clock)).toBe('B');
  });

  it('shows the event that closed last when everything has closed', () => {
    expect(chooseEvent(lines, clock + 10_000_000)).toBe('A');
  });
});

describe('a series card', () => {
  const markets = [
    market({ market_ticker: 'KXHIGHNY-26NOV21-B31.5', yes_sub_title: '31° to 32°', live: live({ impliedProbability: '0.1350', volume: '40.00' }) }),
    market({ market_ticker: 'KXHIGHNY-26NOV21-B33.5', yes_sub_title: '33° to 34°', live: live({ impliedProbability: '0.2550', volume: '2.00' }) }),
    market({ market_ticker: 'KXHIGHNY-26NOV22-B33.5', event_ticker: 'KXHIGHNY-26NOV22', close_time: at(90_000_000) }),
  ];

  it('lists the chosen event’s markets by chance, sums their volume and closes with the first', () => {
    const view = seriesCardView(series(), markets, clock);
    expect(view.eventTicker).toBe('KXHIGHNY-26NOV21');
    expect(view.lines.map((line) => line.label)).toEqual(['33° to 34°', '31° to 32°']);
    expect(view.volume).toBe(4200n);
    expect(view.closesAt).toBe(clock + 3_600_000);
    expect(view.closed).toBe(false);
  });

  it('greys out when every market of its event has closed', () => {
    const closed = [market({ exchange_status: 'closed' }), market({ market_ticker: 'X', close_time: at(-1) })];
    expect(seriesCardView(series(), closed, clock).closed).toBe(true);
  });
});

describe('a live update', () => {
  it('replaces the quote and derives NO and the chance exactly', () => {
    const before = market({ live: live({ revision: 3 }) });
    const after = withMarketUpdate(before, { marketTicker: before.market_ticker, revision: 4, stale: false, cause: 'book', yesBid: '0.4400', yesAsk: '0.4700', lastPrice: '0.4100', updatedAt: at(1000) });
    expect(after.live).toMatchObject({ yesBid: '0.4400', yesAsk: '0.4700', noAsk: '0.560000', impliedProbability: '0.455000', volume: '120.00', revision: 4 });
  });

  it('ignores an update older than what is shown', () => {
    const before = market({ live: live({ revision: 9 }) });
    expect(withMarketUpdate(before, { marketTicker: before.market_ticker, revision: 8, stale: true, cause: 'book', yesBid: null, yesAsk: null, lastPrice: null, updatedAt: at(0) })).toBe(before);
  });

  it('falls back to the last price when a side of the book is empty', () => {
    const after = withMarketUpdate(market(), { marketTicker: 'KXHIGHNY-26NOV21-B31.5', revision: 1, stale: false, cause: 'trade', yesBid: null, yesAsk: '0.3000', lastPrice: '0.2900', updatedAt: at(0) });
    expect(after.live).toMatchObject({ noAsk: null, impliedProbability: '0.2900' });
  });
});
