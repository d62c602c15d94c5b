/**
 * What discovery knows about one environment's catalogue: enough of every series, event and
 * market to tell whether a listing brings anything new (fingerprints), which series a market
 * belongs to, and each market's internal state. Loaded from the read models at start and kept
 * in step with everything discovery publishes.
 */
import type { MarketInternalState } from '@polly/contracts';
import type { Fingerprint } from './fingerprint';

export interface KnownSeries {
  fingerprint: Fingerprint;
  category: string;
}

export interface KnownEvent {
  seriesTicker: string;
  fingerprint: Fingerprint;
}

export interface KnownMarket {
  eventTicker: string;
  seriesTicker: string;
  state: MarketInternalState;
  exchangeStatus: string;
  fingerprint: Fingerprint;
  /** Position in the listing where the market was first found; kept for good. */
  listingIndex: number | null;
  /**
   * The stored view is behind the exchange (a lifecycle event changed the status but did not
   * carry the whole market): fetch it at the next cycle even though it is not subscribed.
   */
  refresh: boolean;
}

export interface KnownCatalogue {
  series: Map<string, KnownSeries>;
  events: Map<string, KnownEvent>;
  markets: Map<string, KnownMarket>;
}

export function emptyCatalogue(): KnownCatalogue {
  return { series: new Map(), events: new Map(), markets: new Map() };
}

/** How many known markets are in each internal state (for metrics and discovery.completed). */
export function countByState(markets: ReadonlyMap<string, KnownMarket>): Record<MarketInternalState, number> {
  const counts: Record<MarketInternalState, number> = { ACTIVE: 0, WATCHLIST: 0, INACTIVE: 0, IGNORED: 0 };
  for (const market of markets.values()) counts[market.state] += 1;
  return counts;
}
