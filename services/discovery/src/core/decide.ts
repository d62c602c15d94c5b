/**
 * Diffing what the exchange lists against what is known. Each function is pure: given the known
 * entry (or none), the exchange object and the moment, it returns the MARKETS events to publish
 * (only when something changed) and the entry to remember. Publish the events in order: a
 * market's `market.synced` comes before its `market.state-changed`.
 */
import { type AnyEvent, EventDiscovered, type MarketInternalState, MarketStateChanged, MarketSynced, SeriesDiscovered } from '@polly/contracts';
import type { EventData, Market, Series } from '@polly/kalshi';
import { type MarketPolicy, classifyMarket } from './classify';
import { eventFingerprint, marketFingerprint, seriesFingerprint } from './fingerprint';
import { stateChangedEventId, syncedEventId } from './ids';
import type { KnownEvent, KnownMarket, KnownSeries } from './known';
import { type DecisionContext, envelope } from './envelope';
import { eventData, marketView, seriesData } from './views';

export { type DecisionContext, DISCOVERY_SOURCE } from './envelope';

export interface Decision<TKnown> {
  events: AnyEvent[];
  next: TKnown;
}

export function decideSeries(known: KnownSeries | undefined, series: Series, context: DecisionContext): Decision<KnownSeries> {
  const data = seriesData(series);
  const fingerprint = seriesFingerprint(data);
  const next = { fingerprint, category: data.category };
  if (known?.fingerprint === fingerprint) return { events: [], next };
  const id = syncedEventId(context.environment, 'series', data.seriesTicker, known?.fingerprint ?? null, fingerprint);
  return { events: [envelope(SeriesDiscovered, data, id, context)], next };
}

export function decideEvent(known: KnownEvent | undefined, event: EventData, seriesCategory: string | null, context: DecisionContext): Decision<KnownEvent> {
  const data = eventData(event, seriesCategory);
  const fingerprint = eventFingerprint(data);
  const next = { seriesTicker: data.seriesTicker, fingerprint };
  if (known?.fingerprint === fingerprint) return { events: [], next };
  const id = syncedEventId(context.environment, 'event', data.eventTicker, known?.fingerprint ?? null, fingerprint);
  return { events: [envelope(EventDiscovered, data, id, context)], next };
}

export interface MarketSeries {
  seriesTicker: string;
  /** The series' category (for ignored categories), when the series is known. */
  category: string | null;
}

function stateChanged(
  context: DecisionContext,
  marketTicker: string,
  from: MarketInternalState | null,
  to: MarketInternalState,
  reason: string,
  exchangeStatus: string | null,
  fingerprint: string,
): AnyEvent {
  const id = stateChangedEventId(context.environment, marketTicker, from, to, fingerprint);
  return envelope(MarketStateChanged, { marketTicker, from, to, reason, exchangeStatus }, id, context);
}

/**
 * A market as the exchange shows it now (from a listing page or fetched on its own).
 * `listingIndex` is its position in this cycle's listing, or null when fetched on its own; a known
 * market keeps the index it was first found at.
 */
export function decideMarket(
  known: KnownMarket | undefined,
  market: Market,
  series: MarketSeries,
  listingIndex: number | null,
  policy: MarketPolicy,
  context: DecisionContext,
): Decision<KnownMarket> {
  const classification = classifyMarket({ seriesTicker: series.seriesTicker, category: series.category, exchangeStatus: market.status }, policy);
  const view = marketView(market, {
    seriesTicker: series.seriesTicker,
    internalState: classification.state,
    listingIndex: known ? (known.listingIndex ?? listingIndex) : listingIndex,
  });
  const fingerprint = marketFingerprint(view);
  const next: KnownMarket = {
    eventTicker: view.eventTicker,
    seriesTicker: view.seriesTicker,
    state: classification.state,
    exchangeStatus: view.exchangeStatus,
    fingerprint,
    listingIndex: view.listingIndex,
    refresh: false,
  };
  const events: AnyEvent[] = [];
  if (known?.fingerprint !== fingerprint) {
    const id = syncedEventId(context.environment, 'market', view.marketTicker, known?.fingerprint ?? null, fingerprint);
    events.push(envelope(MarketSynced, view, id, context));
  }
  if (known?.state !== classification.state) {
    events.push(stateChanged(context, view.marketTicker, known?.state ?? null, classification.state, classification.reason, view.exchangeStatus, fingerprint));
  }
  return { events, next };
}

/**
 * A lifecycle event says the market determined or settled: it is INACTIVE from now on (unless
 * configuration ignores it), without waiting for the next listing. The event does not carry the
 * whole market, so the entry is marked for a refresh at the next cycle.
 */
export function decideFinished(
  marketTicker: string,
  known: KnownMarket,
  exchangeStatus: string,
  seriesCategory: string | null,
  policy: MarketPolicy,
  context: DecisionContext,
): Decision<KnownMarket> {
  const classification = classifyMarket({ seriesTicker: known.seriesTicker, category: seriesCategory, exchangeStatus }, policy);
  const next: KnownMarket = { ...known, state: classification.state, exchangeStatus, refresh: true };
  if (known.state === classification.state) return { events: [], next };
  return {
    events: [stateChanged(context, marketTicker, known.state, classification.state, classification.reason, exchangeStatus, known.fingerprint)],
    next,
  };
}

/** The exchange no longer knows a market it listed (404): it cannot trade again. */
export function decideVanished(marketTicker: string, known: KnownMarket, context: DecisionContext): Decision<KnownMarket> {
  const next: KnownMarket = { ...known, refresh: false };
  if (known.state === 'INACTIVE' || known.state === 'IGNORED') return { events: [], next };
  next.state = 'INACTIVE';
  return {
    events: [stateChanged(context, marketTicker, known.state, 'INACTIVE', 'the exchange no longer lists or serves this market', null, known.fingerprint)],
    next,
  };
}
