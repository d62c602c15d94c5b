import { type AnyEvent, parseEvent } from '@polly/contracts';
import { createPolicy } from './classify';
import { type DecisionContext, decideEvent, decideFinished, decideMarket, decideSeries, decideVanished } from './decide';
import { exchangeEvent, exchangeMarket, exchangeSeries, knownMarket } from './fixtures';

const policy = createPolicy({ watchlistSeries: ['KXBTC15M'] });
const context: DecisionContext = { environment: 'demo', now: new Date('2026-07-22T17:05:00Z') };
const later: DecisionContext = { environment: 'demo', now: new Date('2026-07-22T17:10:00Z') };
const btc = { seriesTicker: 'KXBTC15M', category: 'Crypto' };
const types = (events: AnyEvent[]) => events.map((event) => event.type);

describe('deciding about a market from the listing', () => {
  describe('when discovery has never seen it', () => {
    const decision = decideMarket(undefined, exchangeMarket(), btc, 41_234, policy, context);

    it('publishes market.synced with the whole view, then its first internal state', () => {
      expect(types(decision.events)).toEqual(['market.synced', 'market.state-changed']);
      expect(decision.events[0]?.data).toMatchObject({
        marketTicker: 'KXBTC15M-26JUL221315-15',
        seriesTicker: 'KXBTC15M',
        internalState: 'WATCHLIST',
        exchangeStatus: 'active',
        listingIndex: 41_234,
        floorStrike: '79421.7',
        openTime: '2026-07-22T17:00:00.000Z',
        yesBid: '0.5500',
        result: null,
      });
      expect(decision.events[1]?.data).toEqual({
        marketTicker: 'KXBTC15M-26JUL221315-15',
        from: null,
        to: 'WATCHLIST',
        reason: 'series KXBTC15M is on the watchlist (exchange status active)',
        exchangeStatus: 'active',
      });
    });

    it('remembers the market with its state, fingerprint and listing index', () => {
      expect(decision.next).toMatchObject({ state: 'WATCHLIST', exchangeStatus: 'active', listingIndex: 41_234, refresh: false, seriesTicker: 'KXBTC15M' });
      expect(decision.next.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    });

    it('gives the same event ids when the same listing is decided again (the broker drops the copy)', () => {
      const again = decideMarket(undefined, exchangeMarket(), btc, 41_234, policy, later);
      expect(again.events.map((event) => event.id)).toEqual(decision.events.map((event) => event.id));
    });
  });

  describe('when it is known and nothing that identifies it changed', () => {
    const first = decideMarket(undefined, exchangeMarket(), btc, 41_234, policy, context).next;

    it('publishes nothing, even though quotes, volume and its place in the listing moved', () => {
      const market = exchangeMarket({ yes_bid_dollars: '0.6100', volume_fp: '999.00', open_interest_fp: '500.00', last_price_dollars: '0.6000' });
      const decision = decideMarket(first, market, btc, 40_001, policy, later);
      expect(decision.events).toEqual([]);
      expect(decision.next.listingIndex).toBe(41_234);
    });
  });

  describe('when a field that identifies it changed', () => {
    const first = decideMarket(undefined, exchangeMarket({ yes_sub_title: 'Target Price: TBD', floor_strike: null }), btc, 41_234, policy, context).next;
    const decision = decideMarket(first, exchangeMarket(), btc, 41_300, policy, later);

    it('publishes market.synced only (the state did not change) and keeps the first listing index', () => {
      expect(types(decision.events)).toEqual(['market.synced']);
      expect(decision.events[0]?.data).toMatchObject({ yesSubTitle: 'Target Price: $79,421.70', listingIndex: 41_234 });
    });

    it('gives a change back to an earlier version a new id', () => {
      const back = decideMarket(decision.next, exchangeMarket({ yes_sub_title: 'Target Price: TBD', floor_strike: null }), btc, null, policy, later);
      expect(types(back.events)).toEqual(['market.synced']);
      expect(back.events[0]?.id).not.toBe(decideMarket(undefined, exchangeMarket({ yes_sub_title: 'Target Price: TBD', floor_strike: null }), btc, 41_234, policy, context).events[0]?.id);
    });
  });

  describe('when the exchange closed it', () => {
    const first = decideMarket(undefined, exchangeMarket(), btc, 41_234, policy, context).next;
    const decision = decideMarket(first, exchangeMarket({ status: 'closed' }), btc, null, policy, later);

    it('publishes the new view, then WATCHLIST → INACTIVE with the exchange status', () => {
      expect(types(decision.events)).toEqual(['market.synced', 'market.state-changed']);
      expect(decision.events[1]?.data).toMatchObject({ from: 'WATCHLIST', to: 'INACTIVE', exchangeStatus: 'closed' });
      expect(decision.next.state).toBe('INACTIVE');
    });
  });

  it('links events to the lifecycle event that caused them', () => {
    const decision = decideMarket(undefined, exchangeMarket(), btc, null, policy, { ...context, cause: { id: 'md:demo:1', correlationId: 'corr-1' } });
    expect(decision.events.every((event) => event.causationId === 'md:demo:1' && event.correlationId === 'corr-1')).toBe(true);
  });
});

describe('deciding about a series', () => {
  it('publishes a new series with the simulated flag and an exact fee multiplier', () => {
    const decision = decideSeries(undefined, exchangeSeries({ fee_multiplier: 0.07 }), context);
    expect(types(decision.events)).toEqual(['series.synced']);
    expect(decision.events[0]?.data).toMatchObject({ seriesTicker: 'KXBTC15M', simulated: true, feeMultiplier: '0.07', volume: null, tags: ['BTC', 'Simulated'] });
    expect(decision.next.category).toBe('Crypto');
  });

  it('says a series without the simulated metadata is not simulated', () => {
    expect(decideSeries(undefined, exchangeSeries({ product_metadata: null }), context).events[0]?.data).toMatchObject({ simulated: false });
  });

  it('publishes nothing for a known, unchanged series', () => {
    const first = decideSeries(undefined, exchangeSeries(), context).next;
    expect(decideSeries(first, exchangeSeries(), later).events).toEqual([]);
  });
});

describe('deciding about an event', () => {
  it('takes the category from the series when the event has none', () => {
    const decision = decideEvent(undefined, exchangeEvent(), 'Crypto', context);
    expect(decision.events[0]?.data).toMatchObject({ eventTicker: 'KXBTC15M-26JUL221315', seriesTicker: 'KXBTC15M', category: 'Crypto', strikeDate: '2026-07-22T17:15:00.000Z' });
    expect(decision.next.seriesTicker).toBe('KXBTC15M');
  });

  it('publishes nothing for a known, unchanged event', () => {
    const first = decideEvent(undefined, exchangeEvent(), 'Crypto', context).next;
    expect(decideEvent(first, exchangeEvent(), 'Crypto', later).events).toEqual([]);
  });
});

describe('a lifecycle event says a known market determined or settled', () => {
  it('moves a WATCHLIST market to INACTIVE at once and asks for a refresh', () => {
    const decision = decideFinished('KXBTC15M-26JUL221315-15', knownMarket(), 'determined', 'Crypto', policy, context);
    expect(decision.events.map((event) => event.data)).toEqual([
      { marketTicker: 'KXBTC15M-26JUL221315-15', from: 'WATCHLIST', to: 'INACTIVE', reason: 'exchange status determined', exchangeStatus: 'determined' },
    ]);
    expect(decision.next).toMatchObject({ state: 'INACTIVE', exchangeStatus: 'determined', refresh: true, fingerprint: 'f0' });
  });

  it('publishes nothing for a market already INACTIVE, but still asks for a refresh', () => {
    const decision = decideFinished('KXBTC15M-26JUL221315-15', knownMarket({ state: 'INACTIVE', exchangeStatus: 'determined' }), 'finalized', 'Crypto', policy, context);
    expect(decision.events).toEqual([]);
    expect(decision.next).toMatchObject({ exchangeStatus: 'finalized', refresh: true });
  });
});

describe('the exchange no longer serves a known market', () => {
  it('moves an ACTIVE market to INACTIVE without an exchange status', () => {
    const decision = decideVanished('KXHIGHNY-26JUL22-B78.5', knownMarket({ state: 'ACTIVE', seriesTicker: 'KXHIGHNY' }), context);
    expect(decision.events[0]?.data).toMatchObject({ from: 'ACTIVE', to: 'INACTIVE', exchangeStatus: null });
    expect(decision.next.state).toBe('INACTIVE');
  });

  it('leaves an IGNORED market alone', () => {
    expect(decideVanished('X', knownMarket({ state: 'IGNORED' }), context).events).toEqual([]);
  });
});

describe('the envelopes the core builds', () => {
  it('are valid against the catalogue (the bus validates them once, on publish)', () => {
    const cause = { id: 'md:demo:c:1:2', correlationId: 'md:demo:c:1:2' };
    const known = decideMarket(undefined, exchangeMarket(), btc, 1, policy, context).next;
    const events = [
      ...decideSeries(undefined, exchangeSeries(), context).events,
      ...decideEvent(undefined, exchangeEvent(), null, context).events,
      ...decideMarket(undefined, exchangeMarket({ status: 'finalized', result: 'no', settlement_value_dollars: '0.0000' }), btc, null, policy, { ...context, cause }).events,
      ...decideFinished('KXBTC15M-26JUL221315-15', known, 'determined', 'Crypto', policy, context).events,
      ...decideVanished('KXBTC15M-26JUL221315-15', known, context).events,
    ];
    expect(events).toHaveLength(6);
    expect(events.map((event) => parseEvent(event)).filter((parsed) => !parsed.ok)).toEqual([]);
  });
});
