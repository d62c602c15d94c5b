import type { SeriesAnswer } from '../api/schemas';
import { clock, at, market, series } from '../testing/fixtures';
import { categoryTabs, chips, defaultSelection, frequencies, selectedSeries, visibleCards } from './catalogue';
import { seriesCardView } from './series-view';

const answer: SeriesAnswer = {
  environment: 'demo',
  series: [
    series({ series_ticker: 'KXBTC15M', title: 'BTC 15 minute', category: 'Crypto', frequency: 'fifteen_min', tags: ['BTC', 'Simulated'], markets: 2 }),
    series({ series_ticker: 'KXBTCD', title: 'Bitcoin above/below', category: 'Crypto', frequency: 'hourly', tags: ['BTC', 'Simulated'], markets: 60 }),
    series({ series_ticker: 'KXETHD', title: 'Ethereum daily', category: 'Crypto', frequency: 'daily', tags: ['ETH', 'Simulated'], markets: 60 }),
    series({ series_ticker: 'KXHIGHNY', category: 'Climate and Weather', markets: 6 }),
    series({ series_ticker: 'KXFED', title: 'Fed', category: 'Economics', frequency: 'custom', tags: ['Fed'], markets: 0 }),
  ],
  categories: [
    { category: 'Climate and Weather', series: 1, markets: 6 },
    { category: 'Crypto', series: 3, markets: 122 },
    { category: 'Economics', series: 1, markets: 0 },
  ],
};

describe('navigation built from discovery', () => {
  it('offers All, then categories by market count, leaving out empty ones', () => {
    expect(categoryTabs(answer).map((tab) => [tab.category, tab.markets])).toEqual([
      ['All', 128],
      ['Crypto', 122],
      ['Climate and Weather', 6],
    ]);
  });

  it('makes chips of the category’s tags, most used first, without "Simulated"', () => {
    expect(chips(answer.series, 'Crypto').map((chip) => [chip.tag, chip.series])).toEqual([
      ['All', 3],
      ['BTC', 2],
      ['ETH', 1],
    ]);
  });

  it('lists the frequencies present, in calendar order', () => {
    expect(frequencies(answer.series, 'Crypto')).toEqual(['fifteen_min', 'hourly', 'daily']);
  });

  it('selects series by category, tag and frequency', () => {
    const tickers = (selection: Partial<typeof defaultSelection>) => selectedSeries(answer.series, { ...defaultSelection, ...selection }).map((item) => item.series_ticker);
    expect(tickers({ category: 'Crypto', tag: 'BTC' })).toEqual(['KXBTC15M', 'KXBTCD']);
    expect(tickers({ category: 'Crypto', frequency: 'hourly' })).toEqual(['KXBTCD']);
    expect(tickers({})).toEqual(['KXBTC15M', 'KXBTCD', 'KXETHD', 'KXHIGHNY']);
  });
});

describe('the cards shown', () => {
  const card = (ticker: string, closesIn: number, volume: string, status = 'active') =>
    seriesCardView(series({ series_ticker: ticker }), [market({ market_ticker: `${ticker}-1`, event_ticker: ticker, series_ticker: ticker, close_time: at(closesIn), volume, exchange_status: status })], clock);
  const cards = [card('LATER', 7_200_000, '5000.00'), card('SOON', 600_000, '50.00'), card('DONE', 300_000, '9000.00', 'closed'), card('BUSY', 600_000, '20000.00')];

  it('puts open cards closing soonest first, then the busiest, closed ones last', () => {
    expect(visibleCards(cards, defaultSelection, clock).map((view) => view.seriesTicker)).toEqual(['BUSY', 'SOON', 'LATER', 'DONE']);
  });

  it('filters by traded volume and by time to close', () => {
    expect(visibleCards(cards, { ...defaultSelection, volume: '1k' }, clock).map((view) => view.seriesTicker)).toEqual(['BUSY', 'LATER', 'DONE']);
    expect(visibleCards(cards, { ...defaultSelection, closes: '1h' }, clock).map((view) => view.seriesTicker)).toEqual(['BUSY', 'SOON']);
  });
});
