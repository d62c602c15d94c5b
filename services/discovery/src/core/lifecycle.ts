/**
 * What a `lifecycle.changed` event (market_lifecycle_v2, relayed by ingest) asks of discovery
 * between two listings:
 *   created                       fetch the market and add it (subscribed within this one event);
 *   determined, settled           INACTIVE and unsubscribed at once, from the event alone (the
 *                                 whole market is refreshed at the next cycle);
 *   activated, deactivated,
 *   close_date_updated,
 *   metadata_updated,
 *   price_level_structure_updated fetch the market and update it.
 * A determined or settled market discovery has never seen is fetched like a new one, since its
 * series and event are unknown.
 */
import type { EventData, MarketLifecycleChanged } from '@polly/contracts';

export type LifecycleData = EventData<typeof MarketLifecycleChanged>;

export type LifecycleAction = { kind: 'fetch'; reason: string } | { kind: 'finish'; exchangeStatus: 'determined' | 'finalized'; reason: string };

export function lifecycleAction(data: LifecycleData, known: boolean): LifecycleAction {
  switch (data.eventType) {
    case 'determined':
    case 'settled':
      if (!known) return { kind: 'fetch', reason: `lifecycle ${data.eventType} for a market not seen before` };
      return { kind: 'finish', exchangeStatus: data.eventType === 'determined' ? 'determined' : 'finalized', reason: `lifecycle ${data.eventType}` };
    case 'created':
      return { kind: 'fetch', reason: 'lifecycle created' };
    default:
      return { kind: 'fetch', reason: `lifecycle ${data.eventType}` };
  }
}
