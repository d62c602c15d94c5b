/**
 * The registry of series, events and markets, in listing order.
 *
 * `/markets` lists markets by `listingKey` (creation order). Keys only grow, so markets listed
 * later (every new BTC window) sit at the end, and a cursor that remembers the last key it
 * served stays valid while markets come and go.
 */
import type { PriceRange } from '@polly/contracts';
import { type PriceBand, formatPriceBands, priceBandsFor } from '@polly/market';
import type { SimEvent, SimMarket, SimSeries } from './model';

export interface UniverseListener {
  eventCreated(event: SimEvent): void;
  marketCreated(market: SimMarket): void;
}

/** What a generator supplies for a new market; the registry fills in the rest. */
export type MarketSpec = Omit<
  SimMarket,
  | 'listingKey'
  | 'status'
  | 'result'
  | 'expirationValue'
  | 'determinedTime'
  | 'settledTime'
  | 'previous'
  | 'priceRanges'
  | 'bands'
  | 'updatedTime'
  | 'noSubTitle'
> & { readonly noSubTitle?: string };

interface Grid {
  readonly bands: readonly PriceBand[];
  readonly ranges: readonly PriceRange[];
}

export class Universe {
  readonly series = new Map<string, SimSeries>();
  readonly events = new Map<string, SimEvent>();
  readonly markets = new Map<string, SimMarket>();
  /** Markets ascending by listingKey. */
  private listing: SimMarket[] = [];
  private nextListingKey = 0;
  private eventListing: SimEvent[] = [];
  private nextEventKey = 0;
  private readonly grids = new Map<string, Grid>();
  private readonly eventsBySeries = new Map<string, string[]>();
  listener: UniverseListener | null = null;

  addSeries(series: SimSeries): void {
    this.series.set(series.ticker, series);
  }

  /** Add an event unless it exists; returns the registered one. */
  addEvent(event: Omit<SimEvent, 'marketTickers' | 'listingKey' | 'realizedValue'>): SimEvent {
    const existing = this.events.get(event.eventTicker);
    if (existing) return existing;
    const created: SimEvent = { ...event, listingKey: this.nextEventKey, marketTickers: [], realizedValue: null };
    this.nextEventKey += 1;
    this.events.set(created.eventTicker, created);
    this.eventListing.push(created);
    const list = this.eventsBySeries.get(created.seriesTicker) ?? [];
    list.push(created.eventTicker);
    this.eventsBySeries.set(created.seriesTicker, list);
    this.listener?.eventCreated(created);
    return created;
  }

  addMarket(spec: MarketSpec, now: number): SimMarket {
    const existing = this.markets.get(spec.ticker);
    if (existing) return existing;
    const event = this.events.get(spec.eventTicker);
    if (!event) throw new Error(`market ${spec.ticker} names unknown event ${spec.eventTicker}`);
    const grid = this.grid(spec.priceLevelStructure);
    // Every field is written out in one order (no spread): V8 then shares one hidden class across
    // all markets, where spreading gave each of 50,000 markets its own (about 1 kB apiece).
    const market: SimMarket = {
      ticker: flatten(spec.ticker),
      eventTicker: spec.eventTicker,
      seriesTicker: spec.seriesTicker,
      listingKey: this.nextListingKey,
      title: flatten(spec.title),
      subtitle: spec.subtitle,
      yesSubTitle: flatten(spec.yesSubTitle),
      noSubTitle: flatten(spec.noSubTitle ?? spec.yesSubTitle),
      createdTime: spec.createdTime,
      updatedTime: spec.createdTime,
      openTime: spec.openTime,
      closeTime: spec.closeTime,
      expectedExpirationTime: spec.expectedExpirationTime,
      latestExpirationTime: spec.latestExpirationTime,
      occurrenceTime: spec.occurrenceTime,
      settlementTimerSeconds: spec.settlementTimerSeconds,
      status: now < spec.openTime ? 'initialized' : now < spec.closeTime ? 'active' : 'closed',
      strikeType: spec.strikeType,
      floorStrike: spec.floorStrike,
      capStrike: spec.capStrike,
      rulesPrimary: flatten(spec.rulesPrimary),
      rulesSecondary: flatten(spec.rulesSecondary),
      canCloseEarly: spec.canCloseEarly,
      priceLevelStructure: spec.priceLevelStructure,
      priceRanges: grid.ranges,
      bands: grid.bands,
      resolution: spec.resolution,
      fairProbability: spec.fairProbability,
      result: '',
      expirationValue: '',
      determinedTime: null,
      settledTime: null,
      previous: null,
    };
    this.nextListingKey += 1;
    this.markets.set(market.ticker, market);
    this.listing.push(market);
    event.marketTickers.push(market.ticker);
    this.listener?.marketCreated(market);
    return market;
  }

  /** Forget markets (pruned after settlement); events left without markets go too. */
  removeMarkets(tickers: ReadonlySet<string>): void {
    if (tickers.size === 0) return;
    this.listing = this.listing.filter((market) => !tickers.has(market.ticker));
    const emptied = new Set<string>();
    for (const ticker of tickers) {
      const market = this.markets.get(ticker);
      if (!market) continue;
      this.markets.delete(ticker);
      const event = this.events.get(market.eventTicker);
      if (!event) continue;
      const index = event.marketTickers.indexOf(ticker);
      if (index >= 0) event.marketTickers.splice(index, 1);
      if (event.marketTickers.length === 0) {
        this.events.delete(event.eventTicker);
        emptied.add(event.eventTicker);
        const list = this.eventsBySeries.get(event.seriesTicker);
        if (list) list.splice(list.indexOf(event.eventTicker), 1);
      }
    }
    if (emptied.size > 0) this.eventListing = this.eventListing.filter((event) => !emptied.has(event.eventTicker));
  }

  /** Markets in listing order. */
  get listed(): readonly SimMarket[] {
    return this.listing;
  }

  /** Events in listing order. */
  get listedEvents(): readonly SimEvent[] {
    return this.eventListing;
  }

  eventsOfSeries(seriesTicker: string): readonly string[] {
    return this.eventsBySeries.get(seriesTicker) ?? [];
  }

  marketsOfEvent(eventTicker: string): SimMarket[] {
    const event = this.events.get(eventTicker);
    if (!event) return [];
    return event.marketTickers.flatMap((ticker) => {
      const market = this.markets.get(ticker);
      return market ? [market] : [];
    });
  }

  private grid(structure: string): Grid {
    let grid = this.grids.get(structure);
    if (!grid) {
      const bands = priceBandsFor(structure);
      grid = { bands, ranges: formatPriceBands(bands) };
      this.grids.set(structure, grid);
    }
    return grid;
  }
}

/** Index of the first entry whose listing key is greater than `key` (entries ascend by key). */
export function indexAfterKey(entries: readonly { readonly listingKey: number }[], key: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((entries[middle] as { listingKey: number }).listingKey <= key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Strings built by concatenation are kept by V8 as ropes of their pieces; reading one character
 * flattens the rope in place, which roughly halves what 50,000 rules texts occupy.
 */
function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}
