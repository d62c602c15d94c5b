/**
 * Exchange objects (REST bodies as @polly/kalshi validates them) turned into the MARKETS contract:
 * camelCase, times as ISO text, decimals as exact text at the scale the read models keep
 * (strikes 8 decimals, fee multipliers 6), so what is published and what comes back from Postgres
 * compare equal.
 */
import { type EventData as ContractData, type EventDiscovered, type MarketInternalState, type MarketView, type SeriesDiscovered, toIsoTimestamp } from '@polly/contracts';
import type { EventData, Market, Series } from '@polly/kalshi';

export type SeriesData = ContractData<typeof SeriesDiscovered>;
export type EventSyncData = ContractData<typeof EventDiscovered>;

const LARGEST_DECIMAL = 1e15;

/** A float from the exchange (strike, fee multiplier) as exact text with at most `decimals` places. */
export function decimalText(value: number | null | undefined, decimals: number): string | null {
  if (value === null || value === undefined || !Number.isFinite(value) || Math.abs(value) >= LARGEST_DECIMAL) return null;
  return normalizeDecimal(value.toFixed(decimals));
}

/** Strip trailing zeros ("79421.70000000" → "79421.7", "1.000000" → "1", "-0" → "0"). */
export function normalizeDecimal(text: string): string {
  let normalized = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  if (/^-0*$/.test(normalized)) normalized = '0';
  return normalized;
}

/** RFC 3339 text from the exchange as ISO text (UTC, milliseconds), or null when absent or unreadable. */
export function isoTime(text: string | null | undefined): string | null {
  if (!text) return null;
  const milliseconds = Date.parse(text);
  return Number.isNaN(milliseconds) ? null : toIsoTimestamp(milliseconds);
}

export function seriesData(series: Series): SeriesData {
  return {
    seriesTicker: series.ticker,
    title: series.title,
    category: series.category,
    frequency: series.frequency,
    tags: series.tags ?? [],
    feeType: series.fee_type,
    feeMultiplier: decimalText(series.fee_multiplier, 6) ?? '0',
    // Series volume moves with every trade; the cache and the markets carry live numbers.
    volume: null,
    simulated: series.product_metadata?.['simulated'] === true,
  };
}

export function eventData(event: EventData, seriesCategory: string | null): EventSyncData {
  return {
    eventTicker: event.event_ticker,
    seriesTicker: event.series_ticker,
    title: event.title,
    subTitle: event.sub_title,
    category: event.category || seriesCategory || '',
    mutuallyExclusive: event.mutually_exclusive,
    strikeDate: isoTime(event.strike_date),
  };
}

export interface MarketPlacement {
  seriesTicker: string;
  internalState: MarketInternalState;
  listingIndex: number | null;
}

export function marketView(market: Market, placement: MarketPlacement): MarketView {
  return {
    marketTicker: market.ticker,
    eventTicker: market.event_ticker,
    seriesTicker: placement.seriesTicker,
    title: market.title ?? '',
    subtitle: market.subtitle ?? '',
    yesSubTitle: market.yes_sub_title,
    noSubTitle: market.no_sub_title,
    exchangeStatus: market.status,
    internalState: placement.internalState,
    openTime: isoTime(market.open_time),
    closeTime: isoTime(market.close_time),
    expectedExpirationTime: isoTime(market.expected_expiration_time),
    strikeType: market.strike_type ?? null,
    floorStrike: decimalText(market.floor_strike, 8),
    capStrike: decimalText(market.cap_strike, 8),
    priceLevelStructure: market.price_level_structure,
    priceRanges: market.price_ranges,
    yesBid: market.yes_bid_dollars,
    yesAsk: market.yes_ask_dollars,
    lastPrice: market.last_price_dollars,
    volume: market.volume_fp,
    volume24h: market.volume_24h_fp,
    openInterest: market.open_interest_fp,
    result: market.result === '' ? null : market.result,
    settlementValue: market.settlement_value_dollars ?? null,
    listingIndex: placement.listingIndex,
  };
}
