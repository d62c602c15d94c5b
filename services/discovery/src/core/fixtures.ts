/**
 * Exchange objects for the core's tests, shaped as @polly/kalshi validates them (the schemas
 * parse every fixture, so a fixture cannot drift from what the client really returns).
 */
import { EventData, Market, Series } from '@polly/kalshi';
import type { KnownMarket } from './known';

export function exchangeSeries(overrides: Partial<Series> = {}): Series {
  return Series.parse({
    ticker: 'KXBTC15M',
    frequency: 'fifteen_min',
    title: 'BTC price up in next 15 mins?',
    category: 'Crypto',
    tags: ['BTC', 'Simulated'],
    settlement_sources: [{ name: 'CF Benchmarks', url: 'https://example.invalid' }],
    contract_url: 'https://example.invalid/contract.pdf',
    contract_terms_url: 'https://example.invalid/terms.pdf',
    product_metadata: { simulated: true },
    fee_type: 'quadratic',
    fee_multiplier: 1,
    additional_prohibitions: [],
    ...overrides,
  });
}

export function exchangeEvent(overrides: Partial<EventData> = {}): EventData {
  return EventData.parse({
    event_ticker: 'KXBTC15M-26JUL221315',
    series_ticker: 'KXBTC15M',
    sub_title: 'Jul 22, 1:15 PM EDT',
    title: 'BTC price up in next 15 mins?',
    collateral_return_type: '',
    mutually_exclusive: false,
    strike_date: '2026-07-22T17:15:00Z',
    settlement_sources: null,
    ...overrides,
  });
}

export function exchangeMarket(overrides: Partial<Market> = {}): Market {
  return Market.parse({
    ticker: 'KXBTC15M-26JUL221315-15',
    event_ticker: 'KXBTC15M-26JUL221315',
    market_type: 'binary',
    title: 'BTC price up in next 15 mins?',
    subtitle: '',
    yes_sub_title: 'Target Price: $79,421.70',
    no_sub_title: 'Target Price: $79,421.70',
    created_time: '2026-07-22T17:00:00Z',
    updated_time: '2026-07-22T17:00:01Z',
    open_time: '2026-07-22T17:00:00Z',
    close_time: '2026-07-22T17:15:00Z',
    expected_expiration_time: '2026-07-22T17:20:00Z',
    latest_expiration_time: '2026-07-29T17:15:00Z',
    settlement_timer_seconds: 1,
    status: 'active',
    yes_bid_dollars: '0.5500',
    yes_bid_size_fp: '10.00',
    yes_ask_dollars: '0.5700',
    yes_ask_size_fp: '12.00',
    no_bid_dollars: '0.4300',
    no_ask_dollars: '0.4500',
    last_price_dollars: '0.5600',
    volume_fp: '120.00',
    volume_24h_fp: '120.00',
    result: '',
    can_close_early: false,
    open_interest_fp: '80.00',
    notional_value_dollars: '1.0000',
    previous_yes_bid_dollars: '0.5000',
    previous_yes_ask_dollars: '0.5200',
    previous_price_dollars: '0.5100',
    settlement_ts: null,
    expiration_value: '',
    occurrence_datetime: null,
    fee_waiver_expiration_time: null,
    strike_type: 'greater_or_equal',
    floor_strike: 79421.7,
    rules_primary: 'If the average is at least the target, Yes.',
    rules_secondary: 'Simulated.',
    price_level_structure: 'tapered_deci_cent',
    price_ranges: [
      { start: '0.0000', end: '0.1000', step: '0.0010' },
      { start: '0.1000', end: '0.9000', step: '0.0100' },
      { start: '0.9000', end: '1.0000', step: '0.0010' },
    ],
    ...overrides,
  });
}

export function knownMarket(overrides: Partial<KnownMarket> = {}): KnownMarket {
  return {
    eventTicker: 'KXBTC15M-26JUL221315',
    seriesTicker: 'KXBTC15M',
    state: 'WATCHLIST',
    exchangeStatus: 'active',
    fingerprint: 'f0',
    listingIndex: 41_000,
    refresh: false,
    ...overrides,
  };
}
