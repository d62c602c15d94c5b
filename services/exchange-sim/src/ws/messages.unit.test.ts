import { centis, parseDollars, wholeContracts } from '@polly/contracts';
import { deltaMessage, snapshotMessage, tickerMessage, tradeMessage } from './messages';

const book = {
  yes: [[parseDollars('0.08'), wholeContracts(300)], [parseDollars('0.22'), wholeContracts(333)]] as const,
  no: [[parseDollars('0.54'), wholeContracts(20)], [parseDollars('0.56'), centis(14_650n)]] as const,
};

describe('WebSocket message bodies', () => {
  it('write CURRENT snapshots with fixed-point strings only, and leave empty sides out', () => {
    expect(snapshotMessage('M', 'id', book.yes, [], false, false)).toEqual({
      market_ticker: 'M',
      market_id: 'id',
      yes_dollars_fp: [
        ['0.0800', '300.00'],
        ['0.2200', '333.00'],
      ],
    });
  });

  it('add the LEGACY integer extras when asked', () => {
    const legacy = snapshotMessage('M', 'id', book.yes, book.no, false, true);
    expect(legacy.yes).toEqual([
      [8, 300],
      [22, 333],
    ]);
    expect(legacy.no_dollars).toEqual([
      ['0.5400', 20],
      ['0.5600', 146],
    ]);
    const delta = deltaMessage(
      { ticker: 'M', leg: 'yes', price: parseDollars('0.96'), delta: wholeContracts(-54), accountId: 'a', clientOrderId: '', at: 1_669_149_841_000 },
      'id',
      null,
      false,
      true,
    );
    expect(delta).toMatchObject({ price_dollars: '0.9600', delta_fp: '-54.00', side: 'yes', ts: '2022-11-22T20:44:01Z', ts_ms: 1_669_149_841_000, price: 96, delta: -54 });
    expect(delta.client_order_id).toBeUndefined();
    const trade = tradeMessage({ tradeId: 't', sequence: 1, ticker: 'M', count: wholeContracts(136), yesPrice: parseDollars('0.36'), takerLeg: 'no', createdAt: 0 }, true);
    expect(trade).toMatchObject({ yes_price: 36, no_price: 64, count: 136, taker_book_side: 'ask' });
  });

  it('report the NO side in YES prices with use_yes_price', () => {
    expect(snapshotMessage('M', 'id', [], book.no, true, false).no_dollars_fp).toEqual([
      ['0.4400', '146.50'],
      ['0.4600', '20.00'],
    ]);
  });

  it('write an empty last price on a market that never traded', () => {
    const ticker = tickerMessage(
      { ticker: 'M', yesBid: null, yesBidSize: centis(0n), yesAsk: null, yesAskSize: centis(0n), lastPrice: null, lastTradeCount: null, volume: centis(0n), openInterest: centis(0n), at: 0 },
      'id',
      false,
    );
    expect(ticker).toMatchObject({ price_dollars: '', yes_bid_dollars: '0.0000', yes_ask_dollars: '1.0000', last_trade_size_fp: '0.00' });
    expect(ticker.price).toBeUndefined();
  });
});
