/**
 * Builders of control-API answers for the cockpit's unit tests: every field present, in the
 * shapes the API sends, with overrides for what a test is about.
 */
import type { Agent, Market, PnlPoint, Position, Series, TradeIntent } from '../api/schemas';

export const clock = Date.parse('2026-11-21T12:00:00.000Z');
export const at = (offsetMilliseconds: number): string => new Date(clock + offsetMilliseconds).toISOString();

export function series(overrides: Partial<Series> = {}): Series {
  return {
    series_ticker: 'KXHIGHNY',
    title: 'Highest temperature in NYC',
    category: 'Climate and Weather',
    frequency: 'daily',
    tags: ['Weather', 'Simulated'],
    fee_type: 'quadratic',
    fee_multiplier: '1.000000',
    volume: null,
    simulated: true,
    markets: 6,
    ...overrides,
  };
}

export function market(overrides: Partial<Market> = {}): Market {
  return {
    market_ticker: 'KXHIGHNY-26NOV21-B31.5',
    event_ticker: 'KXHIGHNY-26NOV21',
    series_ticker: 'KXHIGHNY',
    title: 'Will the high temp in NYC be between 31-32 deg on Nov 21, 2026?',
    subtitle: '',
    yes_sub_title: '31° to 32°',
    no_sub_title: '31° to 32°',
    exchange_status: 'active',
    open_time: at(-3_600_000),
    close_time: at(3_600_000),
    yes_bid: '0.000000',
    yes_ask: '1.000000',
    last_price: '0.000000',
    volume: '0.00',
    volume_24h: '0.00',
    live: null,
    ...overrides,
  };
}

export function live(overrides: Partial<NonNullable<Market['live']>> = {}): NonNullable<Market['live']> {
  return {
    stale: false,
    yesBid: '0.4000',
    noBid: '0.5800',
    yesAsk: '0.4200',
    noAsk: '0.6000',
    impliedProbability: '0.4100',
    lastPrice: '0.4100',
    volume: '120.00',
    revision: 3,
    updatedAt: at(0),
    ...overrides,
  };
}

export function agent(overrides: Partial<Agent> = {}): Agent {
  return { agent_id: 'prime', agent_name: 'Prime', enabled: true, mode: 'SemiAuto', lifecycle_state: 'ACTIVE', state_reason: null, last_decision_at: null, ...overrides };
}

export function pnlPoint(offsetMilliseconds: number, total: string, overrides: Partial<PnlPoint> = {}): PnlPoint {
  return { at: at(offsetMilliseconds), realized_pnl: total, unrealized_pnl: '0.000000', total_pnl: total, fees_paid: '0.020000', fills: 1, wins: 0, losses: 0, ...overrides };
}

export function position(overrides: Partial<Position> = {}): Position {
  return { holder: 'account', market_ticker: 'KXHIGHNY-26NOV21-B31.5', position: '10.00', cost_basis: '4.200000', realized_pnl: '0.000000', fees_paid: '0.020000', mark_price: null, unrealized_pnl: null, ...overrides };
}

export function intent(overrides: Partial<TradeIntent> = {}): TradeIntent {
  return {
    intentId: 'intent-1',
    agentId: 'prime',
    agentName: 'Prime',
    marketTicker: 'KXHIGHNY-26NOV21-B31.5',
    action: 'buy',
    side: 'yes',
    price: '0.4200',
    count: '10.00',
    estimatedFee: '0.0200',
    confidence: 0.62,
    reasoning: 'yes flow dominates',
    marketSnapshot: { marketTicker: 'KXHIGHNY-26NOV21-B31.5', yesBid: '0.4000', yesAsk: '0.4200', noBid: '0.5800', noAsk: '0.6000', lastPrice: '0.4100', volume: null, stale: false, observedAt: at(0) },
    createdAt: at(0),
    ...overrides,
  };
}
