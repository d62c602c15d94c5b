/** Ingest's configuration: the bus, the exchange endpoints and keys folder, and its own knobs. */
import { MAXIMUM_BATCH_SIZE } from '@polly/contracts';
import { BusConfig, ExchangeConfig, envPositiveInteger } from '@polly/runtime';
import { z } from 'zod';

export const IngestConfig = BusConfig.extend(ExchangeConfig.shape).extend({
  POLLY_INGEST_QUEUE_CAPACITY: envPositiveInteger
    .default(5_000)
    .describe('events waiting to be published before the WebSocket is paused (backpressure; a deeper queue only adds delay when the bus is the slower side)'),
  POLLY_INGEST_PUBLISH_CONCURRENCY: envPositiveInteger
    .max(10_000)
    .default(64)
    .describe('JetStream publishes in flight at once per environment (while they are all in flight, waiting deltas and ticker reports of a market are joined into batches)'),
  POLLY_INGEST_BATCH_SIZE: envPositiveInteger
    .max(MAXIMUM_BATCH_SIZE)
    .default(250)
    .describe('most deltas (ticker reports) of one market joined into one book.deltas (ticker.updates) event while they wait to be published (1: never join)'),
  POLLY_INGEST_SUBSCRIPTION_BATCH: envPositiveInteger.max(10_000).default(1000).describe('markets per update_subscription command when applying the plan'),
  POLLY_INGEST_INDEX_IDS: z
    .string()
    .default('BRTI')
    .transform((text) => text.split(',').map((name) => name.trim()).filter(Boolean))
    .describe('CF Benchmarks indices to follow (comma separated; empty for none)'),
  POLLY_INGEST_HEARTBEAT_TIMEOUT_MS: envPositiveInteger.default(25_000).describe('no ping from the exchange for this long closes the socket and reconnects'),
});
export type IngestConfig = z.infer<typeof IngestConfig>;
