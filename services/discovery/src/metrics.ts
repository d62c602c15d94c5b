/** Discovery's Prometheus metrics (all labelled by environment). */
import type { Metrics } from '@polly/runtime';

export function createDiscoveryMetrics(metrics: Metrics) {
  return {
    pages: metrics.counter('discovery_pages_total', 'listing pages read', ['environment', 'phase']),
    items: metrics.counter('discovery_items_total', 'series, events and markets read from listings', ['environment', 'phase']),
    retries: metrics.counter('discovery_retries_total', 'requests sent again after a failure (429, 5xx, timeout)', ['environment']),
    restarts: metrics.counter('discovery_cursor_restarts_total', 'listings restarted from the first page after an expired cursor', ['environment']),
    cycles: metrics.counter('discovery_cycles_total', 'discovery cycles by outcome', ['environment', 'outcome']),
    cycleDuration: metrics.histogram('discovery_cycle_duration_seconds', 'time to list the whole exchange once', ['environment'], [1, 5, 10, 20, 30, 60, 120, 300, 600]),
    lastCycleSeconds: metrics.gauge('discovery_last_cycle_seconds', 'duration of the last completed cycle', ['environment']),
    lastCycleAt: metrics.gauge('discovery_last_cycle_timestamp_seconds', 'when the last cycle completed (unix seconds)', ['environment']),
    markets: metrics.gauge('discovery_markets', 'known markets by internal state', ['environment', 'state']),
    planSize: metrics.gauge('discovery_plan_markets', 'markets in the subscription plan', ['environment']),
    published: metrics.counter('discovery_published_total', 'MARKETS events published (stored, or dropped by the broker as duplicates)', ['environment', 'type', 'outcome']),
    fetches: metrics.counter('discovery_market_fetches_total', 'markets fetched one by one (absent from the listing, or named by a lifecycle event)', ['environment', 'outcome']),
    lifecycle: metrics.counter('discovery_lifecycle_events_total', 'lifecycle.changed events handled', ['environment', 'event_type']),
    deadLetters: metrics.counter('discovery_dead_lettered_total', 'lifecycle events moved to the dead-letter subject', ['environment']),
  };
}

export type DiscoveryMetrics = ReturnType<typeof createDiscoveryMetrics>;
