/** From a plugin's order to an intent; the hold throttle; the market view's open rule. */
import { type MarketState, parseCount, parseDollars } from '@polly/contracts';
import { NOW, marketView } from '../testing/decision-fixtures';
import { HoldThrottle } from './hold-throttle';
import { type OrderDecision, buildIntent, newClientOrderId } from './intent';
import { type MarketInfo, isOpenForTrading, toMarketView } from './market-view';

const identity = { agentId: 'prime', agentName: 'Prime', intentId: 'intent-1', decisionId: 'decision-1', clientOrderId: 'prime-abc-123456' };

const order = (overrides: Partial<OrderDecision['order']> = {}): OrderDecision => ({
  outcome: 'order',
  order: { action: 'buy', side: 'yes', price: parseDollars('0.50'), count: parseCount('2.00'), postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: false, ...overrides },
  confidence: 0.7,
  reasonCode: 'TEST',
  explanation: 'because',
  inputs: {},
});

describe('building an intent', () => {
  it('carries the order exactly, the taker fee estimate and the book the agent saw', () => {
    const outcome = buildIntent(order(), marketView(), identity, NOW);
    expect(outcome).toMatchObject({
      ok: true,
      snappedFrom: null,
      intent: { price: '0.5000', count: '2.00', side: 'yes', action: 'buy', estimatedFee: '0.0350', confidence: 0.7, reasoning: 'because', createdAt: new Date(NOW).toISOString() },
    });
  });

  it('moves an off-grid price the way that never costs more, in YES terms for NO orders', () => {
    const grid = { priceGrid: marketView().priceGrid }; // tapered: $0.01 steps between $0.10 and $0.90
    const snapped = (overrides: Partial<OrderDecision['order']>) => {
      const outcome = buildIntent(order(overrides), marketView(grid), identity, NOW);
      return outcome.ok ? outcome.intent.price : outcome.reasonCode;
    };
    expect(snapped({ price: parseDollars('0.5055') })).toBe('0.5000');
    expect(snapped({ action: 'sell', price: parseDollars('0.5055') })).toBe('0.5100');
    expect(snapped({ side: 'no', price: parseDollars('0.4055') })).toBe('0.4000');
    expect(snapped({ side: 'no', action: 'sell', price: parseDollars('0.4055') })).toBe('0.4100');
    expect(snapped({ price: parseDollars('0.0415') })).toBe('0.0410');
  });

  it('refuses a count of zero, a price outside $0–$1, or a market without a known grid', () => {
    expect(buildIntent(order({ count: parseCount('0') }), marketView(), identity, NOW)).toMatchObject({ ok: false, reasonCode: 'ORDER_INVALID' });
    expect(buildIntent(order({ price: parseDollars('1.00') }), marketView(), identity, NOW)).toMatchObject({ ok: false, reasonCode: 'ORDER_INVALID' });
    expect(buildIntent(order(), marketView({ priceGrid: null }), identity, NOW)).toMatchObject({ ok: false, reasonCode: 'PRICE_GRID_UNKNOWN' });
  });

  it('makes client order ids of the agreed shape', () => {
    let step = 0;
    const id = newClientOrderId('007xe', NOW, () => (step += 0.1) % 1);
    expect(id).toBe(`007xe-${NOW.toString(36)}-37aeil`);
    expect(id).toMatch(/^[-\w:+=/]{1,64}$/);
  });
});

describe('the hold throttle', () => {
  it('records the first hold per agent, market and minute and counts the rest', () => {
    const throttle = new HoldThrottle();
    const minute = 60_000 * 100;
    expect(throttle.admit('prime', 'A', minute + 1)).toEqual({ record: true, suppressed: 0 });
    expect(throttle.admit('prime', 'A', minute + 2)).toEqual({ record: false, suppressed: 1 });
    expect(throttle.admit('prime', 'A', minute + 3)).toEqual({ record: false, suppressed: 2 });
    expect(throttle.admit('prime', 'B', minute + 4).record).toBe(true);
    expect(throttle.admit('peritia', 'A', minute + 5).record).toBe(true);
    expect(throttle.admit('prime', 'A', minute + 60_000)).toEqual({ record: true, suppressed: 2 });
    throttle.prune(minute + 3 * 60_000);
    expect(throttle.size).toBe(0);
  });
});

describe('whether a market takes orders', () => {
  const info = (overrides: Partial<MarketInfo> = {}): MarketInfo => ({
    marketTicker: 'M',
    seriesTicker: 'S',
    status: 'initialized',
    openTime: NOW - 60_000,
    closeTime: NOW + 60_000,
    floorStrike: null,
    strikeType: null,
    priceGrid: null,
    feeSchedule: null,
    ...overrides,
  });

  it('trusts an open status, refuses a final one or a past close, and otherwise reads the clock', () => {
    expect(isOpenForTrading('active', null, NOW)).toBe(true);
    expect(isOpenForTrading('initialized', info(), NOW)).toBe(true);
    expect(isOpenForTrading('initialized', info({ openTime: NOW + 1000 }), NOW)).toBe(false);
    expect(isOpenForTrading('active', info({ closeTime: NOW }), NOW)).toBe(false);
    expect(isOpenForTrading('determined', info({ status: 'active' }), NOW)).toBe(false);
    expect(isOpenForTrading(null, null, NOW)).toBe(false);
  });

  it('joins the cached state with the metadata', () => {
    const state: MarketState = {
      marketTicker: 'M',
      eventTicker: null,
      seriesTicker: null,
      status: null,
      stale: false,
      staleReason: null,
      yesBid: '0.4000',
      yesBidSize: '5.00',
      noBid: '0.5500',
      noBidSize: '1.00',
      yesAsk: '0.4500',
      noAsk: '0.6000',
      spread: '0.0500',
      midpoint: '0.4250',
      impliedProbability: '0.4250',
      lastPrice: null,
      volume: '10.00',
      openInterest: null,
      book: { yes: [], no: [] },
      recentTrades: [],
      revision: 3,
      updatedAt: new Date(NOW).toISOString(),
    };
    const view = toMarketView(state, info({ floorStrike: '97000.5' }), true, NOW);
    expect(view).toMatchObject({ seriesTicker: 'S', status: 'initialized', openForTrading: true, yesAsk: parseDollars('0.45'), noBid: parseDollars('0.55'), floorStrike: '97000.5', watchlist: true });
    expect(view.snapshot).toMatchObject({ marketTicker: 'M', yesBid: '0.4000', volume: '10.00', observedAt: state.updatedAt });
  });
});
