import { MarketState } from '@polly/contracts';
import {
  AWAITING_SNAPSHOT,
  type MarketEntry,
  type MarketEvent,
  deltasIn,
  entryFromState,
  foldEvent,
  foldListing,
  newEntry,
  packIdleBook,
  stateOf,
  statusAfter,
} from './market-entry';
import { NO_TRADES, appendTrade, hasTrade, packTrades, unpackTrades } from './packed-trades';

const TICKER = 'KXBTC15M-26JUL221315-15';
const CONNECTION = 'connection-1';
const at = '2026-07-22T17:15:00.000Z';

const snapshot = (seq: number, yes: Array<[string, string]>, no: Array<[string, string]> = [], connectionId = CONNECTION, sid = 2): MarketEvent => ({
  type: 'book.snapshot',
  data: { connectionId, sid, seq, marketTicker: TICKER, yes, no, receivedAt: at },
});
const delta = (seq: number, side: 'yes' | 'no', price: string, change: string, connectionId = CONNECTION, sid = 2): MarketEvent => ({
  type: 'book.delta',
  data: { connectionId, sid, seq, marketTicker: TICKER, side, price, delta: change, exchangeTimestampMs: null, clientOrderId: null, receivedAt: at },
});
const deltas = (changes: Array<[number, 'yes' | 'no', string, string]>, connectionId = CONNECTION): MarketEvent => ({
  type: 'book.deltas',
  data: {
    connectionId,
    sid: 2,
    marketTicker: TICKER,
    deltas: changes.map(([seq, side, price, change]) => ({ seq, side, price, delta: change, exchangeTimestampMs: null, clientOrderId: null })),
    receivedAt: at,
    lastReceivedAt: at,
  },
});
const stale = (reason: 'sequence-gap' | 'connection-lost' = 'sequence-gap'): MarketEvent => ({
  type: 'book.stale',
  data: { marketTicker: TICKER, reason, connectionId: CONNECTION, sid: 2, expectedSeq: 5, receivedSeq: 6 },
});

/** Fold events at consecutive stream sequences and return what each did. */
function fold(entry: MarketEntry, events: MarketEvent[], start = entry.sourceSequence + 1) {
  return events.map((event, index) => foldEvent(entry, event, start + index));
}

const bookOf = (entry: MarketEntry) => stateOf(entry, at).book;

describe('a market that has only had tickers', () => {
  it('is stale, awaiting its first snapshot, with no book', () => {
    const entry = newEntry(TICKER);
    fold(entry, [{ type: 'ticker.updated', data: { marketTicker: TICKER, lastPrice: '0.4400', yesBid: null, yesAsk: null, yesBidSize: null, yesAskSize: null, volume: '10.00', openInterest: '2.00', exchangeTimestampMs: null, receivedAt: at } }]);
    expect(stateOf(entry, at)).toMatchObject({ stale: true, staleReason: AWAITING_SNAPSHOT, lastPrice: '0.4400', volume: '10.00', seriesTicker: 'KXBTC15M', book: { yes: [], no: [] } });
    expect(entry.book).toBeNull();
  });

  it('ignores deltas (there is nothing to apply them to)', () => {
    const entry = newEntry(TICKER);
    expect(fold(entry, [delta(2, 'yes', '0.4000', '1.00')])).toEqual([{ changed: null, reason: 'book-not-fresh' }]);
  });
});

describe('a fresh book', () => {
  const fresh = () => {
    const entry = newEntry(TICKER);
    fold(entry, [snapshot(1, [['0.4000', '5.00']], [['0.5500', '3.00']])]);
    return entry;
  };

  it('is fresh after a snapshot, with the derived quote', () => {
    const state = stateOf(fresh(), at);
    expect(state).toMatchObject({ stale: false, staleReason: null, yesBid: '0.4000', yesAsk: '0.4500', noAsk: '0.6000', spread: '0.0500' });
    expect(MarketState.safeParse(state).success).toBe(true);
  });

  it('applies deltas from its own subscription in increasing seq', () => {
    const entry = fresh();
    expect(fold(entry, [delta(2, 'yes', '0.4200', '2.00'), delta(3, 'yes', '0.4000', '-5.00')])).toEqual([{ changed: 'book' }, { changed: 'book' }]);
    expect(bookOf(entry)).toEqual({ yes: [['0.4200', '2.00']], no: [['0.5500', '3.00']] });
  });

  it('ignores a delta at or below the seq it already holds (an older frame stored late)', () => {
    const entry = fresh();
    fold(entry, [delta(4, 'yes', '0.4200', '2.00')]);
    expect(fold(entry, [delta(3, 'yes', '0.4300', '1.00')])).toEqual([{ changed: null, reason: 'older-than-snapshot' }]);
    expect(stateOf(entry, at).stale).toBe(false);
  });

  describe('when a book.stale arrives', () => {
    it('becomes stale with the reason, ignores deltas, and a snapshot makes it fresh again', () => {
      const entry = fresh();
      expect(fold(entry, [stale('sequence-gap')])).toEqual([{ changed: 'stale' }]);
      expect(fold(entry, [delta(7, 'yes', '0.4100', '1.00')])).toEqual([{ changed: null, reason: 'book-not-fresh' }]);
      expect(stateOf(entry, at)).toMatchObject({ stale: true, staleReason: 'sequence-gap', book: { yes: [['0.4000', '5.00']] } });
      fold(entry, [snapshot(8, [['0.4100', '1.00']], [])]);
      expect(stateOf(entry, at)).toMatchObject({ stale: false, staleReason: null, book: { yes: [['0.4100', '1.00']], no: [] } });
    });

    it('a second book.stale changes nothing', () => {
      const entry = fresh();
      fold(entry, [stale()]);
      expect(fold(entry, [stale('connection-lost')])).toEqual([{ changed: null, reason: 'no-change' }]);
    });
  });

  it('becomes stale on a delta from another connection (its snapshot is no longer the base)', () => {
    const entry = fresh();
    expect(fold(entry, [delta(2, 'yes', '0.4100', '1.00', 'connection-2')])).toEqual([{ changed: 'stale' }]);
    expect(stateOf(entry, at).staleReason).toBe('delta-from-another-subscription');
  });

  it('becomes stale when a delta would leave a negative size, keeping the book as it was', () => {
    const entry = fresh();
    expect(fold(entry, [delta(2, 'no', '0.5500', '-4.00')])).toEqual([{ changed: 'stale' }]);
    expect(stateOf(entry, at)).toMatchObject({ stale: true, staleReason: 'delta-rejected:negative-size', book: { no: [['0.5500', '3.00']] } });
  });

  describe('a book.deltas batch', () => {
    it('folds like its deltas one by one, at one stream sequence, and counts them', () => {
      const one = fresh();
      const batched = fresh();
      const changes: Array<[number, 'yes' | 'no', string, string]> = [[2, 'yes', '0.4200', '2.00'], [3, 'no', '0.5500', '-1.00'], [4, 'yes', '0.4000', '-5.00']];
      fold(one, changes.map(([seq, side, price, change]) => delta(seq, side, price, change)));
      const batch = deltas(changes);
      expect(fold(batched, [batch])).toEqual([{ changed: 'book' }]);
      expect(bookOf(batched)).toEqual(bookOf(one));
      expect(batched.origin?.seq).toBe(4);
      expect(deltasIn(batch)).toBe(3);
      expect(deltasIn(delta(5, 'yes', '0.4000', '1.00'))).toBe(1);
      // Redelivered at the same stream sequence: nothing again.
      expect(foldEvent(batched, batch, batched.sourceSequence)).toEqual({ changed: null, reason: 'already-folded' });
    });

    it('skips what its snapshot already holds and applies the rest', () => {
      const entry = fresh();
      fold(entry, [delta(5, 'yes', '0.4200', '2.00')]);
      expect(fold(entry, [deltas([[4, 'yes', '0.4300', '9.00'], [5, 'yes', '0.4200', '2.00'], [6, 'yes', '0.4200', '1.00']])])).toEqual([{ changed: 'book' }]);
      expect(bookOf(entry).yes).toEqual([['0.4000', '5.00'], ['0.4200', '3.00']]);
      expect(fold(entry, [deltas([[3, 'yes', '0.4300', '9.00'], [6, 'yes', '0.4200', '1.00']])])).toEqual([{ changed: null, reason: 'older-than-snapshot' }]);
    });

    it('stops at a delta that cannot apply: the book goes stale and the rest wait for a snapshot', () => {
      const entry = fresh();
      expect(fold(entry, [deltas([[2, 'yes', '0.4200', '2.00'], [3, 'no', '0.5500', '-4.00'], [4, 'yes', '0.4200', '1.00']])])).toEqual([{ changed: 'stale' }]);
      expect(stateOf(entry, at)).toMatchObject({ stale: true, staleReason: 'delta-rejected:negative-size', book: { yes: [['0.4000', '5.00'], ['0.4200', '2.00']] } });
      expect(fold(entry, [deltas([[5, 'yes', '0.4200', '1.00'], [6, 'yes', '0.4200', '1.00']])])).toEqual([{ changed: null, reason: 'book-not-fresh' }]);
    });

    it('from another connection makes the book stale', () => {
      const entry = fresh();
      expect(fold(entry, [deltas([[2, 'yes', '0.4200', '2.00'], [3, 'yes', '0.4200', '2.00']], 'connection-2')])).toEqual([{ changed: 'stale' }]);
    });
  });

  it('stays stale when a snapshot is refused', () => {
    const entry = fresh();
    fold(entry, [stale()]);
    fold(entry, [snapshot(9, [['1.5000', '1.00']])]);
    expect(stateOf(entry, at).stale).toBe(true);
  });
});

describe('a ticker.updates batch', () => {
  const report = (lastPrice: string, volume: string) => ({ lastPrice, yesBid: null, yesAsk: null, yesBidSize: null, yesAskSize: null, volume, openInterest: '2.00', exchangeTimestampMs: null });
  const updates = (...reports: Array<ReturnType<typeof report>>): MarketEvent => ({ type: 'ticker.updates', data: { marketTicker: TICKER, updates: reports, receivedAt: at, lastReceivedAt: at } });

  it('leaves the market as its last report says', () => {
    const entry = newEntry(TICKER);
    expect(fold(entry, [updates(report('0.4400', '10.00'), report('0.4500', '12.00'))])).toEqual([{ changed: 'ticker' }]);
    expect(stateOf(entry, at)).toMatchObject({ lastPrice: '0.4500', volume: '12.00', openInterest: '2.00' });
    expect(deltasIn(updates(report('0.4400', '10.00'), report('0.4500', '12.00')))).toBe(0);
  });

  it('changes nothing when every report says what the market already holds', () => {
    const entry = newEntry(TICKER);
    fold(entry, [updates(report('0.4400', '10.00'), report('0.4500', '12.00'))]);
    expect(fold(entry, [updates(report('0.4500', '12.00'), report('0.4500', '12.00'))])).toEqual([{ changed: null, reason: 'no-change' }]);
  });
});

describe('redelivered events', () => {
  it('change nothing once folded (at or below the sequence folded last)', () => {
    const entry = newEntry(TICKER);
    fold(entry, [snapshot(1, [['0.4000', '5.00']]), delta(2, 'yes', '0.4000', '1.00')], 10);
    expect(foldEvent(entry, delta(2, 'yes', '0.4000', '1.00'), 11)).toEqual({ changed: null, reason: 'already-folded' });
    expect(bookOf(entry).yes).toEqual([['0.4000', '6.00']]);
  });
});

describe('trades', () => {
  const trade = (tradeId: string, yesPrice = '0.5100'): MarketEvent => ({
    type: 'trade.executed',
    data: { tradeId, marketTicker: TICKER, yesPrice, noPrice: '0.4900', count: '1.00', takerSide: 'yes', exchangeTimestampMs: 1_753_204_500_000, sid: 3, seq: 1, receivedAt: at },
  });

  it('keep the last 100, newest last, and set the last price', () => {
    const entry = newEntry(TICKER);
    fold(entry, Array.from({ length: 105 }, (_, index) => trade(`t${index}`, index === 104 ? '0.6200' : '0.5100')));
    const state = stateOf(entry, at);
    expect(state.recentTrades).toHaveLength(100);
    expect(state.recentTrades[0]?.tradeId).toBe('t5');
    expect(state.recentTrades.at(-1)).toMatchObject({ tradeId: 't104', yesPrice: '0.6200', at: '2025-07-22T17:15:00.000Z' });
    expect(state.lastPrice).toBe('0.6200');
  });

  it('are kept packed, and unpack to exactly what was folded', () => {
    const trades = [
      { tradeId: 'd91bc706-1', yesPrice: '0.3600', count: '136.00', takerSide: 'no' as const, at: '2026-07-22T17:15:00.000Z' },
      { tradeId: 'd91bc706-2', yesPrice: '0.3700', count: '0.50', takerSide: 'yes' as const, at: '2026-07-22T17:15:00.123456Z' },
    ];
    expect(unpackTrades(packTrades(trades))).toEqual(trades);
    expect(unpackTrades(NO_TRADES)).toEqual([]);
    const packed = trades.reduce((text, trade) => appendTrade(text, trade, 1), NO_TRADES);
    expect(unpackTrades(packed)).toEqual([trades[1]]);
    expect([hasTrade(packed, 'd91bc706-2'), hasTrade(packed, 'd91bc706-1'), hasTrade(packed, 'd91bc706')]).toEqual([true, false, false]);
  });

  it('count a trade once', () => {
    const entry = newEntry(TICKER);
    fold(entry, [trade('t1')]);
    expect(fold(entry, [trade('t1')])).toEqual([{ changed: null, reason: 'no-change' }]);
  });
});

describe('lifecycle', () => {
  it.each([
    ['created', 'initialized'],
    ['activated', 'active'],
    ['deactivated', 'inactive'],
    ['determined', 'determined'],
    ['settled', 'finalized'],
    ['metadata_updated', null],
  ] as const)('%s means status %s', (eventType, status) => {
    expect(statusAfter(eventType)).toBe(status);
  });

  it('sets the status and the event ticker', () => {
    const entry = newEntry(TICKER);
    const outcome = fold(entry, [
      {
        type: 'lifecycle.changed',
        data: {
          marketTicker: TICKER,
          eventType: 'created',
          eventTicker: 'KXBTC15M-26JUL221315',
          openTime: null,
          closeTime: null,
          result: null,
          settlementValue: null,
          isDeactivated: null,
          priceLevelStructure: null,
          priceRanges: null,
          floorStrike: null,
          yesSubTitle: null,
          receivedAt: at,
        },
      },
    ]);
    expect(outcome).toEqual([{ changed: 'status' }]);
    expect(stateOf(entry, at)).toMatchObject({ status: 'initialized', eventTicker: 'KXBTC15M-26JUL221315', seriesTicker: 'KXBTC15M' });
  });
});

describe('an idle book', () => {
  it('is packed, still written as it was, and continues from where it was when the market changes again', () => {
    const entry = newEntry(TICKER);
    fold(entry, [snapshot(1, [['0.4000', '5.00'], ['0.4100', '1.00']], [['0.5500', '3.00']]), delta(2, 'no', '0.5600', '2.00')]);
    const before = stateOf(entry, at);
    packIdleBook(entry);
    expect(entry.book).toBeNull();
    expect(entry.packedBook).toBe('0.4000:5.00,0.4100:1.00|0.5500:3.00,0.5600:2.00');
    expect(stateOf(entry, at)).toEqual(before);
    expect(fold(entry, [delta(3, 'yes', '0.4100', '-1.00')])).toEqual([{ changed: 'book' }]);
    expect(entry.packedBook).toBeNull();
    expect(bookOf(entry)).toEqual({ yes: [['0.4000', '5.00']], no: [['0.5500', '3.00'], ['0.5600', '2.00']] });
  });

  it('packs an empty side as nothing', () => {
    const entry = newEntry(TICKER);
    fold(entry, [snapshot(1, [], [['0.5500', '3.00']])]);
    packIdleBook(entry);
    expect(bookOf(entry)).toEqual({ yes: [], no: [['0.5500', '3.00']] });
  });
});

describe('a market listed by discovery', () => {
  it('takes its exchange status and tickers, and the same listing again changes nothing', () => {
    const entry = newEntry(TICKER);
    const listing = { exchangeStatus: 'active', eventTicker: 'KXBTC15M-26JUL221315', seriesTicker: 'KXBTC15M' };
    expect(foldListing(entry, listing)).toEqual({ changed: 'status' });
    expect(foldListing(entry, listing)).toEqual({ changed: null, reason: 'no-change' });
    expect(stateOf(entry, at)).toMatchObject({ status: 'active', eventTicker: 'KXBTC15M-26JUL221315', stale: true });
  });
});

describe('an entry rebuilt from what the cache wrote', () => {
  const written = (() => {
    const entry = newEntry(TICKER);
    fold(entry, [snapshot(1, [['0.4000', '5.00']], [['0.5500', '3.00']]), delta(2, 'yes', '0.4100', '1.00')]);
    entry.revision = 7;
    return { state: stateOf(entry, at), sourceSequence: entry.sourceSequence, origin: entry.origin };
  })();

  it('continues the same book from the same origin', () => {
    const entry = entryFromState(written.state, written.sourceSequence, written.origin);
    expect(entry).toMatchObject({ stale: false, revision: 7, sourceSequence: 2 });
    expect(fold(entry, [delta(3, 'yes', '0.4100', '1.00')])).toEqual([{ changed: 'book' }]);
    expect(bookOf(entry).yes).toEqual([['0.4000', '5.00'], ['0.4100', '2.00']]);
  });

  it('waits for a snapshot when it does not know where the book came from', () => {
    const entry = entryFromState(written.state, written.sourceSequence, null);
    expect(entry).toMatchObject({ stale: true, staleReason: AWAITING_SNAPSHOT });
  });
});
