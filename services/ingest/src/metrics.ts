/** Ingest's counters and gauges on /metrics, every one labelled with its environment. */
import type { Metrics } from '@polly/runtime';
import type { Counter } from 'prom-client';

/**
 * A counter's children by label values, made once: counting per frame with a fresh label object
 * each time would hash the labels on every frame.
 */
export function counterChildren(counter: Counter<string>): (labels: Record<string, string>) => Counter.Internal {
  const children = new Map<string, Counter.Internal>();
  return (labels) => {
    const key = Object.values(labels).join('\u0000');
    let child = children.get(key);
    if (!child) {
      child = counter.labels(labels);
      children.set(key, child);
    }
    return child;
  };
}

export function ingestMetrics(metrics: Metrics) {
  return {
    frames: metrics.counter('ingest_frames_total', 'WebSocket data and control frames received, by message type', ['environment', 'type']),
    rejectedFrames: metrics.counter('ingest_rejected_frames_total', 'frames refused (malformed JSON, unknown type, invalid shape, invalid event), by reason', ['environment', 'reason']),
    unpublished: metrics.counter('ingest_unpublished_messages_total', 'valid messages of types that are read but not published, by type', ['environment', 'type']),
    published: metrics.counter('ingest_published_events_total', 'events published to JetStream, by stream and type', ['environment', 'stream', 'type']),
    batchedReports: metrics.counter('ingest_batched_reports_total', 'deltas and ticker reports published inside book.deltas / ticker.updates events (joined while they waited), by batch type', ['environment', 'type']),
    duplicates: metrics.counter('ingest_duplicate_events_total', 'publishes the broker dropped as duplicates of an earlier id', ['environment']),
    publishRetries: metrics.counter('ingest_publish_retries_total', 'publishes that failed and were tried again', ['environment']),
    queueDepth: metrics.gauge('ingest_queue_depth', 'events waiting in the bounded publish queue', ['environment']),
    queueInFlight: metrics.gauge('ingest_queue_in_flight', 'publishes awaiting their JetStream acknowledgement', ['environment']),
    backpressureActive: metrics.gauge('ingest_backpressure_active', '1 while the socket is paused because the publish queue is full', ['environment']),
    backpressurePauses: metrics.counter('ingest_backpressure_pauses_total', 'times the socket was paused because the publish queue was full', ['environment']),
    backpressureSeconds: metrics.gauge('ingest_backpressure_seconds', 'total time the socket has been paused by backpressure', ['environment']),
    gaps: metrics.counter('ingest_sequence_gaps_total', 'sequence gaps seen, by channel', ['environment', 'channel']),
    staleMarked: metrics.counter('ingest_books_marked_stale_total', 'book.stale events published, by reason', ['environment', 'reason']),
    connectionState: metrics.gauge('ingest_connection_state', '1 for the current state of the WebSocket connection', ['environment', 'state']),
    reconnects: metrics.counter('ingest_reconnects_total', 'WebSocket connections restored after a drop', ['environment']),
    channelErrors: metrics.counter('ingest_channel_errors_total', 'error replies scoped to a subscription, by code', ['environment', 'code']),
    planMarkets: metrics.gauge('ingest_plan_markets', 'markets in the folded subscription plan', ['environment']),
    planRevision: metrics.gauge('ingest_plan_revision', 'highest subscription plan revision folded', ['environment']),
    followedMarkets: metrics.gauge('ingest_followed_markets', 'markets on the orderbook_delta subscription', ['environment']),
    subscriptionCommands: metrics.counter('ingest_subscription_commands_total', 'subscription changes sent (one per batch), by action and outcome', ['environment', 'action', 'outcome']),
  };
}

export type IngestMetrics = ReturnType<typeof ingestMetrics>;
