/** Prime's decisions, given a minute of trades and a book. */
import { formatCount, formatDollars, parseDollars } from '@polly/contracts';
import { NOW, count, decisionContext, marketView } from '../../testing/decision-fixtures';
import type { Decision, MarketTrade } from '../../plugin';
import { PrimeParameters, decidePrime, flowSignal } from './decide';
import { emptyFlow, flowAt, foldTrades, initialPrimeState, minuteOf } from './flow';
import { prime } from './plugin';

const parameters = PrimeParameters.parse({});
const TICKER = 'KXBTC15M-26NOV210715-15';

let tradeNumber = 0;
const trade = (takerSide: 'yes' | 'no', contracts: string, at = NOW - 1000): MarketTrade => ({
  tradeId: `trade-${(tradeNumber += 1)}`,
  yesPrice: parseDollars('0.50'),
  count: count(contracts),
  takerSide,
  at,
});

function decideAfter(trades: MarketTrade[], overrides: Parameters<typeof decisionContext>[1] = {}): Decision {
  const state = foldTrades(initialPrimeState(), TICKER, trades);
  return decidePrime(flowAt(state, TICKER, NOW), decisionContext(parameters, { orderSize: '1.00', maxPosition: '5.00', ...overrides }));
}

function orderOf(decision: Decision) {
  if (decision.outcome !== 'order') throw new Error(`expected an order, got hold ${decision.reasonCode}: ${decision.explanation}`);
  return { ...decision.order, price: formatDollars(decision.order.price), count: formatCount(decision.order.count) };
}

describe('Prime', () => {
  describe('given takers bought YES with 75 % of 40 contracts this minute', () => {
    const trades = () => [trade('yes', '30.00'), trade('no', '10.00')];

    it('buys YES at the ask as an immediate-or-cancel taker order of its order size', () => {
      const decision = decideAfter(trades());
      expect(orderOf(decision)).toEqual({ action: 'buy', side: 'yes', price: '0.5000', count: '1.00', postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: false });
      expect(decision.reasonCode).toBe('FOLLOW_FLOW');
      expect(decision.outcome === 'order' && decision.confidence).toBeCloseTo(0.75);
      expect(decision.inputs).toMatchObject({ yesTakerVolume: '30.00', noTakerVolume: '10.00', dominantSide: 'yes', dominantShare: 0.75, yesAsk: '0.5000' });
    });

    it('buys only what is left under its position cap', () => {
      expect(orderOf(decideAfter(trades(), { orderSize: '3.00', position: count('4.00') })).count).toBe('1.00');
    });

    it('holds at its cap and records why', () => {
      const decision = decideAfter(trades(), { position: count('5.00') });
      expect(decision).toMatchObject({ outcome: 'hold', reasonCode: 'AT_MAX_POSITION' });
      expect(decision.inputs.position).toBe('5.00');
    });

    it('holds within its cooldown after the last entry', () => {
      expect(decideAfter(trades(), { lastIntentAt: NOW - 20_000 }).reasonCode).toBe('ENTRY_COOLDOWN');
    });

    it('holds while an earlier order is still working', () => {
      expect(decideAfter(trades(), { workingOrders: 1, working: count('1.00') }).reasonCode).toBe('ORDER_WORKING');
    });

    it('holds when the spread is wider than it pays across', () => {
      expect(decideAfter(trades(), { market: marketView({ yesBid: '0.30', yesAsk: '0.50' }) }).reasonCode).toBe('SPREAD_TOO_WIDE');
    });

    it('holds when the ask is outside the price band', () => {
      expect(decideAfter(trades(), { market: marketView({ yesBid: '0.96', yesAsk: '0.97' }) }).reasonCode).toBe('PRICE_OUT_OF_RANGE');
    });

    it('holds when the book is stale or the market is not open', () => {
      expect(decideAfter(trades(), { market: marketView({ stale: true, staleReason: 'sequence-gap' }) }).reasonCode).toBe('MARKET_STALE');
      expect(decideAfter(trades(), { market: marketView({ openForTrading: false, status: 'closed' }) }).reasonCode).toBe('MARKET_NOT_OPEN');
    });
  });

  describe('given takers bought NO with 80 % of 25 contracts', () => {
    it('buys NO at the NO ask (1 − best YES bid)', () => {
      const decision = decideAfter([trade('no', '20.00'), trade('yes', '5.00')], { market: marketView({ yesBid: '0.40', yesAsk: '0.42' }) });
      expect(orderOf(decision)).toMatchObject({ action: 'buy', side: 'no', price: '0.6000' });
    });
  });

  describe('when no side clearly dominates', () => {
    it('holds NO_CLEAR_MAJORITY at 60 % and records the volumes it used', () => {
      const decision = decideAfter([trade('yes', '30.00'), trade('no', '20.00')]);
      expect(decision).toMatchObject({ outcome: 'hold', reasonCode: 'NO_CLEAR_MAJORITY' });
      expect(decision.inputs).toMatchObject({ yesTakerVolume: '30.00', noTakerVolume: '20.00', dominantSide: null, dominantShare: 0.6 });
      expect(decision.explanation).toMatch(/65 %/);
    });

    it('holds FLOW_TOO_THIN when fewer than the minimum contracts traded', () => {
      expect(decideAfter([trade('yes', '10.00')]).reasonCode).toBe('FLOW_TOO_THIN');
    });

    it('counts exactly 65 % as dominant', () => {
      expect(flowSignal({ ...emptyFlow(0), yes: count('13.00'), no: count('7.00') }, { dominance: 0.65, minimumVolume: count('20.00') }).side).toBe('yes');
      expect(flowSignal({ ...emptyFlow(0), yes: count('12.99'), no: count('7.01') }, { dominance: 0.65, minimumVolume: count('20.00') }).side).toBeNull();
    });
  });

  describe('given trades from the minute before', () => {
    it('does not count them in the current minute', () => {
      const decision = decideAfter([trade('yes', '40.00', NOW - 60_000)]);
      expect(decision).toMatchObject({ outcome: 'hold', reasonCode: 'FLOW_TOO_THIN' });
      expect(decision.inputs).toMatchObject({ yesTakerVolume: '0.00', previousYesTakerVolume: '40.00' });
    });
  });

  describe('when holding YES', () => {
    it('sells the whole position at the YES bid when the flow turns to NO', () => {
      const decision = decideAfter([trade('no', '30.00'), trade('yes', '5.00')], { position: count('3.00') });
      expect(orderOf(decision)).toEqual({ action: 'sell', side: 'yes', price: '0.4800', count: '3.00', postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: true });
      expect(decision.reasonCode).toBe('FLOW_REVERSED');
    });

    it('sells when the market closes within two minutes, whatever the flow', () => {
      const decision = decideAfter([], { position: count('2.00'), market: marketView({ closeTime: NOW + 90_000 }) });
      expect(orderOf(decision)).toMatchObject({ action: 'sell', side: 'yes', count: '2.00', reduceOnly: true });
      expect(decision.reasonCode).toBe('CLOSE_BEFORE_EXPIRY');
    });

    it('keeps the position while the flow still favours YES', () => {
      expect(decideAfter([trade('yes', '30.00')], { position: count('5.00') }).reasonCode).toBe('AT_MAX_POSITION');
    });

    it('holds NO_BID_TO_CLOSE when nobody bids for YES', () => {
      expect(decideAfter([trade('no', '30.00')], { position: count('1.00'), market: marketView({ yesBid: null }) }).reasonCode).toBe('NO_BID_TO_CLOSE');
    });
  });

  describe('when holding NO and the flow turns to YES', () => {
    it('sells NO at the NO bid (1 − YES ask)', () => {
      expect(orderOf(decideAfter([trade('yes', '30.00')], { position: count('-2.00') }))).toMatchObject({ action: 'sell', side: 'no', price: '0.5000', count: '2.00' });
    });
  });

  describe('close to the close without a position', () => {
    it('holds CLOSING_SOON rather than open a new one', () => {
      expect(decideAfter([trade('yes', '30.00')], { market: marketView({ closeTime: NOW + 60_000 }) }).reasonCode).toBe('CLOSING_SOON');
    });
  });
});

describe('Prime flow windows', () => {
  it('keeps the current and previous minute per market and forgets quiet markets', () => {
    const state = initialPrimeState();
    foldTrades(state, 'QUIET', [trade('yes', '1.00', NOW - 5 * 60_000)]);
    foldTrades(state, TICKER, [trade('yes', '2.00', NOW - 60_000), trade('no', '3.00', NOW)]);
    expect(state.flows.has('QUIET')).toBe(false);
    const flow = flowAt(state, TICKER, NOW);
    expect(flow.current).toMatchObject({ minute: minuteOf(NOW), no: count('3.00') });
    expect(flow.previous).toMatchObject({ yes: count('2.00') });
  });

  it('is what the plugin folds from trades observations', () => {
    const state = prime.observe(prime.initialState(parameters), { kind: 'trades', marketTicker: TICKER, trades: [trade('yes', '25.00')] }, parameters);
    expect(prime.decide(state, decisionContext(parameters)).reasonCode).toBe('FOLLOW_FLOW');
  });
});
