/** The cache's counters and gauges on /metrics, every one labelled with its environment. */
import type { Metrics } from '@polly/runtime';

export function cacheMetrics(metrics: Metrics) {
  return {
    folded: metrics.counter('cache_events_folded_total', 'MARKET_DATA events read, by type and outcome (changed, or why nothing changed)', ['environment', 'type', 'outcome']),
    deltasFolded: metrics.counter('cache_book_deltas_folded_total', 'book changes read, whether one per book.delta event or several per book.deltas', ['environment']),
    unacknowledged: metrics.gauge('cache_unacknowledged_events', 'events folded whose KV writes are not all stored yet (not acknowledged)', ['environment']),
    writes: metrics.counter('cache_kv_writes_total', 'market states written to the KV bucket', ['environment']),
    writeFailures: metrics.counter('cache_kv_write_failures_total', 'KV writes that failed and were retried', ['environment']),
    coalesced: metrics.gauge('cache_kv_writes_coalesced', 'changes folded into a later write instead of a write of their own', ['environment']),
    pendingWrites: metrics.gauge('cache_pending_writes', 'markets with a write in flight or waiting', ['environment']),
    notifications: metrics.counter('cache_notifications_total', 'notifications published after a write, by cause', ['environment', 'cause']),
    notificationDelay: metrics.histogram(
      'cache_notification_delay_seconds',
      'from ingest receiving the frame that changed a market to the notification of its new state',
      ['environment'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    ),
    markets: metrics.gauge('cache_markets', 'markets held in memory', ['environment']),
    books: metrics.gauge('cache_books', 'markets with an order book', ['environment']),
    staleBooks: metrics.gauge('cache_stale_books', 'markets whose book is stale (awaiting a snapshot)', ['environment']),
    loaded: metrics.counter('cache_entries_loaded_total', 'entries read back from the KV bucket at start, by outcome', ['environment', 'outcome']),
    deadLetters: metrics.counter('cache_dead_lettered_total', 'MARKET_DATA messages that could never be folded', ['environment']),
    unkeyable: metrics.counter('cache_unkeyable_markets_total', 'markets whose ticker cannot be a KV key (notified, not stored)', ['environment']),
  };
}

export type CacheMetrics = ReturnType<typeof cacheMetrics>;
