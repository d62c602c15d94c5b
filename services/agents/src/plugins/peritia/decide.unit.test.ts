/**
 * Peritia's decisions, given an index, its volatility and a book. With the index on the strike
 * before the window the model's fair YES is exactly $0.50, so the edges below are easy to check
 * by hand (fees: 0.07 × C × P × (1 − P), rounded up to $0.0001).
 */
import { type Centis, formatCount, formatDollars, parseDollars } from '@polly/contracts';
import { type MarketOverrides, NOW, count, decisionContext, marketView } from '../../testing/decision-fixtures';
import type { Decision, RestingOrder } from '../../plugin';
import { PeritiaParameters, decidePeritia } from './decide';
import { type PeritiaState, initialPeritiaState } from './index-state';
import { peritia } from './plugin';

const parameters = PeritiaParameters.parse({});
const CLOSE = Date.parse('2026-11-21T12:15:00Z');

function warmState(value = 97_000, options: { at?: number; windowedAverage?: number | null; samples?: number; sigma?: number } = {}): PeritiaState {
  const sigma = options.sigma ?? 1e-4;
  return {
    index: { value, at: options.at ?? NOW - 400, windowedAverage: options.windowedAverage ?? null },
    volatility: { variance: sigma * sigma, samples: options.samples ?? 500, previousValue: value, previousAt: NOW - 400 },
    recent: [],
  };
}

function decide(state: PeritiaState, market: MarketOverrides, overrides: Parameters<typeof decisionContext>[1] = {}): Decision {
  return decidePeritia(state, decisionContext(parameters, { market: marketView({ closeTime: CLOSE, floorStrike: '97000.00', ...market }), ...overrides }));
}

function orderOf(decision: Decision) {
  if (decision.outcome !== 'order') throw new Error(`expected an order, got hold ${decision.reasonCode}: ${decision.explanation}`);
  return { ...decision.order, price: formatDollars(decision.order.price), count: formatCount(decision.order.count as Centis) };
}

describe('Peritia', () => {
  describe('given the index on the strike with seven and a half minutes left (fair YES $0.50)', () => {
    it('takes YES at the ask when the edge after the taker fee clears the large-edge bar', () => {
      // 2 × (0.50 − 0.40) − fee 0.0336 = 0.1664 ≥ 2 × 0.08
      const decision = decide(warmState(), { yesBid: '0.38', yesAsk: '0.40' });
      expect(orderOf(decision)).toEqual({ action: 'buy', side: 'yes', price: '0.4000', count: '2.00', postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: false });
      expect(decision.reasonCode).toBe('EDGE_TAKE');
      expect(decision.inputs).toMatchObject({ fairYes: '0.5000', phase: 'before-window', yesTakerEdgePerContract: '0.0832' });
    });

    it('joins the bid post-only when taking falls short of the bar but the bid clears the margin', () => {
      // taking: 2 × 0.09 − 0.0339 = 0.1461 < 0.16; joining 0.38: 2 × 0.12 − 0.0330 = 0.2070 ≥ 0.06
      const decision = decide(warmState(), { yesBid: '0.38', yesAsk: '0.41' });
      expect(orderOf(decision)).toEqual({ action: 'buy', side: 'yes', price: '0.3800', count: '2.00', postOnly: true, timeInForce: 'good_till_canceled', reduceOnly: false });
      expect(decision.reasonCode).toBe('EDGE_POST');
    });

    it('holds NO_EDGE when the edge clears the margin only before the fee, and records the numbers', () => {
      // joining 0.46: 2 × 0.04 = 0.08 ≥ 0.06 before the fee, 0.08 − 0.0348 = 0.0452 after it
      const decision = decide(warmState(), { yesBid: '0.46', yesAsk: '0.48' });
      expect(decision).toMatchObject({ outcome: 'hold', reasonCode: 'NO_EDGE' });
      expect(decision.inputs).toMatchObject({ probability: expect.closeTo(0.5, 6), fairYes: '0.5000', yesMakerEdgePerContract: '0.0226', yesTakerEdgePerContract: '0.0025' });
      expect(decision.explanation).toMatch(/under the margin/);
    });

    it('trades the NO side when YES is overpriced', () => {
      // NO ask = 1 − YES bid, NO bid = 1 − YES ask: the same edges as above, on NO
      expect(orderOf(decide(warmState(), { yesBid: '0.60', yesAsk: '0.62' }))).toMatchObject({ side: 'no', price: '0.4000', postOnly: false });
      expect(orderOf(decide(warmState(), { yesBid: '0.59', yesAsk: '0.62' }))).toMatchObject({ side: 'no', price: '0.3800', postOnly: true });
      // joining NO at 0.45: 2 × 0.05 − 0.0347 = 0.0653 ≥ 0.06
      expect(orderOf(decide(warmState(), { yesBid: '0.54', yesAsk: '0.55' }))).toMatchObject({ side: 'no', price: '0.4500', postOnly: true });
    });

    it('sizes the entry to what its position cap leaves', () => {
      expect(orderOf(decide(warmState(), { yesBid: '0.38', yesAsk: '0.40' }, { position: count('9.00'), maxPosition: '10.00' })).count).toBe('1.00');
      expect(decide(warmState(), { yesBid: '0.38', yesAsk: '0.40' }, { position: count('10.00'), maxPosition: '10.00' }).reasonCode).toBe('AT_MAX_POSITION');
    });
  });

  describe('when holding YES', () => {
    it('sells at the bid once the bid after the fee beats the fair value by the exit margin (the edge reversed)', () => {
      // 2 × 0.56 − 0.0345 − 2 × 0.50 = 0.0855 ≥ 2 × 0.02
      const decision = decide(warmState(), { yesBid: '0.56', yesAsk: '0.58' }, { position: count('2.00') });
      expect(orderOf(decision)).toEqual({ action: 'sell', side: 'yes', price: '0.5600', count: '2.00', postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: true });
      expect(decision.reasonCode).toBe('EDGE_REVERSED');
    });

    it('keeps the position while selling is not clearly better than holding to settlement', () => {
      const decision = decide(warmState(), { yesBid: '0.52', yesAsk: '0.54' }, { position: count('2.00') });
      expect(decision).toMatchObject({ outcome: 'hold', reasonCode: 'NO_EDGE' });
      expect(decision.inputs.exitAdvantage).toBe('0.0050');
    });

    it('sells even while an entry order rests, but adds nothing more', () => {
      expect(decide(warmState(), { yesBid: '0.56', yesAsk: '0.58' }, { position: count('2.00'), workingOrders: 1, working: count('2.00') }).reasonCode).toBe('EDGE_REVERSED');
      expect(decide(warmState(), { yesBid: '0.38', yesAsk: '0.40' }, { workingOrders: 1, working: count('2.00') }).reasonCode).toBe('ORDER_WORKING');
    });
  });

  describe('with an entry resting in the book (fair YES $0.50)', () => {
    const resting = (price: string, more: Partial<RestingOrder> = {}): RestingOrder => ({
      clientOrderId: 'peritia-resting-1',
      action: 'buy',
      side: 'yes',
      price: parseDollars(price),
      remaining: count('2.00'),
      cancelRequested: false,
      ...more,
    });
    const withResting = (...orders: RestingOrder[]) => ({ resting: orders, workingOrders: orders.length, working: count('2.00') });

    it('cancels it once its edge after the fee is under the cancel margin: the fair value moved', () => {
      // 2 × (0.50 − 0.48) − fee 0.0350 = 0.0050, 0.0025 a contract < 0.01
      const decision = decide(warmState(), { yesBid: '0.48', yesAsk: '0.52' }, withResting(resting('0.48')));
      expect(decision).toMatchObject({ outcome: 'cancel', clientOrderId: 'peritia-resting-1', reasonCode: 'EDGE_GONE' });
      expect(decision.inputs).toMatchObject({ restingPrice: '0.4800', restingRemaining: '2.00', restingEdgePerContract: '0.0025', fairYes: '0.5000' });
      expect(decision.explanation).toMatch(/resting YES bid at 0\.4800 .* cancels it/);
    });

    it('leaves it while its edge still clears the cancel margin, and enters nothing more', () => {
      // 2 × 0.05 − 0.0347 = 0.0653, 0.0326 a contract ≥ 0.01
      expect(decide(warmState(), { yesBid: '0.45', yesAsk: '0.52' }, withResting(resting('0.45'))).reasonCode).toBe('ORDER_WORKING');
    });

    it('does not ask twice while a cancel is on its way, and never cancels a resting sell', () => {
      expect(decide(warmState(), { yesBid: '0.48', yesAsk: '0.52' }, withResting(resting('0.48', { cancelRequested: true }))).reasonCode).toBe('ORDER_WORKING');
      expect(decide(warmState(), { yesBid: '0.48', yesAsk: '0.52' }, withResting(resting('0.60', { action: 'sell' }))).reasonCode).toBe('ORDER_WORKING');
    });

    it('cancels a NO entry the same way', () => {
      // NO fair 0.50; resting NO bid at 0.49: 2 × 0.01 − fee 0.0350 < 0
      expect(decide(warmState(), { yesBid: '0.48', yesAsk: '0.51' }, withResting(resting('0.49', { side: 'no' })))).toMatchObject({ outcome: 'cancel', reasonCode: 'EDGE_GONE' });
    });
  });

  describe('in the final minute', () => {
    it('uses the known part of the average: far above the strike, it buys YES although the index has dipped below', () => {
      const at = CLOSE - 5000;
      const state = warmState(96_950, { at, windowedAverage: 97_100 });
      const decision = decide(state, { yesBid: '0.88', yesAsk: '0.90' }, { now: at + 300 });
      expect(orderOf(decision)).toMatchObject({ action: 'buy', side: 'yes', price: '0.9000', postOnly: false });
      expect(decision.inputs).toMatchObject({ phase: 'in-window', knownSeconds: 56, knownAverage: 97_100, knownAverageSource: 'exchange', probability: 0.99 });
    });

    it('averages the values it saw itself when the exchange sends no running average', () => {
      const at = CLOSE - 30_000;
      const state = warmState(97_000, { at });
      state.recent = [{ second: Math.floor((CLOSE - 60_000) / 1000), value: 97_400 }, { second: Math.floor(at / 1000), value: 97_000 }];
      const decision = decide(state, { yesBid: '0.48', yesAsk: '0.50' }, { now: at + 200 });
      expect(decision.inputs).toMatchObject({ knownAverage: 97_200, knownAverageSource: 'observed' });
    });

    it('holds CLOSING in the last seconds', () => {
      expect(decide(warmState(97_000, { at: CLOSE - 2500, windowedAverage: 97_000 }), { yesBid: '0.38', yesAsk: '0.40' }, { now: CLOSE - 2000 }).reasonCode).toBe('CLOSING');
    });
  });

  describe('holds and records why', () => {
    it('while the volatility is warming up', () => {
      const decision = decide(warmState(97_000, { samples: 30 }), {});
      expect(decision).toMatchObject({ outcome: 'hold', reasonCode: 'VOLATILITY_WARMING_UP', inputs: { volatilitySamples: 30 } });
    });

    it('when the index is old, unknown, or the strike is not set yet', () => {
      expect(decide(warmState(97_000, { at: NOW - 10_000 }), {}).reasonCode).toBe('INDEX_STALE');
      expect(decide(initialPeritiaState(), {}).reasonCode).toBe('INDEX_UNKNOWN');
      expect(decide(warmState(), { floorStrike: null }).reasonCode).toBe('STRIKE_UNKNOWN');
    });

    it('when the book is stale or the market closed', () => {
      expect(decide(warmState(), { stale: true }).reasonCode).toBe('MARKET_STALE');
      expect(decide(warmState(), { openForTrading: false, status: 'closed' }).reasonCode).toBe('MARKET_NOT_OPEN');
    });
  });

  describe('the plugin', () => {
    it('looks only at KXBTC15M and folds BRTI values into its volatility', () => {
      expect(peritia.interestedIn({ marketTicker: 'KXBTC15M-26NOV211215-15', seriesTicker: 'KXBTC15M' })).toBe(true);
      expect(peritia.interestedIn({ marketTicker: 'KXBTCD-26NOV2112-T97000', seriesTicker: 'KXBTCD' })).toBe(false);
      let state = peritia.initialState(parameters);
      for (let second = 0; second < 3; second += 1) {
        state = peritia.observe(state, { kind: 'index', indexId: 'BRTI', value: 97_000 + second, windowedAverage: null, at: NOW + second * 1000 }, parameters);
      }
      state = peritia.observe(state, { kind: 'index', indexId: 'ETHUSD_RTI', value: 3_000, windowedAverage: null, at: NOW + 5000 }, parameters);
      expect(state.volatility.samples).toBe(2);
      expect(state.index?.value).toBe(97_002);
    });
  });
});
