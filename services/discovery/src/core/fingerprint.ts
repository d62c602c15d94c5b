/**
 * Fingerprints: a short hash of what a series, event or market *is*, computed the same way from
 * what discovery publishes and from the read-model rows the projector wrote, so a restart knows
 * what is already stored and republishes nothing unchanged.
 *
 * Left out on purpose: quotes, volume and open interest (they move with every trade; the cache
 * carries them live, and including them would republish most markets every cycle), and the
 * listing index (a market keeps the position it was first found at).
 */
import { createHash } from 'node:crypto';
import type { MarketView } from '@polly/contracts';
import type { EventRow, MarketRow, SeriesRow } from '@polly/db';
import { normalizeDecimal } from './views';
import type { EventSyncData, SeriesData } from './views';

export type Fingerprint = string;

export function digest(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 32);
}

const milliseconds = (time: string | Date | null): number | null => (time === null ? null : typeof time === 'string' ? Date.parse(time) : time.getTime());
const decimal = (text: string | null): string | null => (text === null ? null : normalizeDecimal(text));
const ranges = (priceRanges: ReadonlyArray<{ start: string; end: string; step: string }>) =>
  priceRanges.map((range) => [normalizeDecimal(range.start), normalizeDecimal(range.end), normalizeDecimal(range.step)]);

/** The fields that identify a series version, in a fixed order. */
interface SeriesFields {
  title: string;
  category: string;
  frequency: string;
  tags: readonly string[];
  feeType: string;
  feeMultiplier: string;
  simulated: boolean;
}

function seriesFingerprintOf(fields: SeriesFields): Fingerprint {
  return digest(JSON.stringify([fields.title, fields.category, fields.frequency, fields.tags, fields.feeType, normalizeDecimal(fields.feeMultiplier), fields.simulated]));
}

export const seriesFingerprint = (data: SeriesData): Fingerprint => seriesFingerprintOf(data);

export const seriesRowFingerprint = (row: Pick<SeriesRow, 'title' | 'category' | 'frequency' | 'tags' | 'fee_type' | 'fee_multiplier' | 'simulated'>): Fingerprint =>
  seriesFingerprintOf({
    title: row.title,
    category: row.category,
    frequency: row.frequency,
    tags: Array.isArray(row.tags) ? row.tags : [],
    feeType: row.fee_type,
    feeMultiplier: row.fee_multiplier,
    simulated: row.simulated,
  });

interface EventFields {
  seriesTicker: string;
  title: string;
  subTitle: string;
  category: string;
  mutuallyExclusive: boolean;
  strikeDate: string | Date | null;
}

function eventFingerprintOf(fields: EventFields): Fingerprint {
  return digest(JSON.stringify([fields.seriesTicker, fields.title, fields.subTitle, fields.category, fields.mutuallyExclusive, milliseconds(fields.strikeDate)]));
}

export const eventFingerprint = (data: EventSyncData): Fingerprint => eventFingerprintOf(data);

export const eventRowFingerprint = (row: Pick<EventRow, 'series_ticker' | 'title' | 'sub_title' | 'category' | 'mutually_exclusive' | 'strike_date'>): Fingerprint =>
  eventFingerprintOf({
    seriesTicker: row.series_ticker,
    title: row.title,
    subTitle: row.sub_title,
    category: row.category,
    mutuallyExclusive: row.mutually_exclusive,
    strikeDate: row.strike_date,
  });

interface MarketFields {
  eventTicker: string;
  seriesTicker: string;
  title: string;
  subtitle: string;
  yesSubTitle: string;
  noSubTitle: string;
  exchangeStatus: string;
  internalState: string;
  openTime: string | Date | null;
  closeTime: string | Date | null;
  expectedExpirationTime: string | Date | null;
  strikeType: string | null;
  floorStrike: string | null;
  capStrike: string | null;
  priceLevelStructure: string;
  priceRanges: ReadonlyArray<{ start: string; end: string; step: string }>;
  result: string | null;
  settlementValue: string | null;
}

function marketFingerprintOf(fields: MarketFields): Fingerprint {
  return digest(
    JSON.stringify([
      fields.eventTicker,
      fields.seriesTicker,
      fields.title,
      fields.subtitle,
      fields.yesSubTitle,
      fields.noSubTitle,
      fields.exchangeStatus,
      fields.internalState,
      milliseconds(fields.openTime),
      milliseconds(fields.closeTime),
      milliseconds(fields.expectedExpirationTime),
      fields.strikeType,
      decimal(fields.floorStrike),
      decimal(fields.capStrike),
      fields.priceLevelStructure,
      ranges(fields.priceRanges),
      fields.result,
      decimal(fields.settlementValue),
    ]),
  );
}

export const marketFingerprint = (view: MarketView): Fingerprint => marketFingerprintOf(view);

export type MarketFingerprintRow = Pick<
  MarketRow,
  | 'event_ticker'
  | 'series_ticker'
  | 'title'
  | 'subtitle'
  | 'yes_sub_title'
  | 'no_sub_title'
  | 'exchange_status'
  | 'internal_state'
  | 'open_time'
  | 'close_time'
  | 'expected_expiration_time'
  | 'strike_type'
  | 'floor_strike'
  | 'cap_strike'
  | 'price_level_structure'
  | 'price_ranges'
  | 'result'
  | 'settlement_value'
>;

export const marketRowFingerprint = (row: MarketFingerprintRow): Fingerprint =>
  marketFingerprintOf({
    eventTicker: row.event_ticker,
    seriesTicker: row.series_ticker,
    title: row.title,
    subtitle: row.subtitle,
    yesSubTitle: row.yes_sub_title,
    noSubTitle: row.no_sub_title,
    exchangeStatus: row.exchange_status,
    internalState: row.internal_state,
    openTime: row.open_time,
    closeTime: row.close_time,
    expectedExpirationTime: row.expected_expiration_time,
    strikeType: row.strike_type,
    floorStrike: row.floor_strike,
    capStrike: row.cap_strike,
    priceLevelStructure: row.price_level_structure,
    priceRanges: Array.isArray(row.price_ranges) ? row.price_ranges : [],
    result: row.result,
    settlementValue: row.settlement_value,
  });
