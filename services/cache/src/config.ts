/** The cache's configuration: the bus, which environments it serves, and its own knobs. */
import { BusConfig, ExchangeConfig, envPositiveInteger } from '@polly/runtime';
import type { z } from 'zod';

export const CacheConfig = BusConfig.extend(ExchangeConfig.pick({ POLLY_ENVIRONMENTS: true }).shape).extend({
  POLLY_CACHE_BATCH: envPositiveInteger.max(20_000).default(2000).describe('MARKET_DATA messages fetched from the broker at a time'),
  POLLY_CACHE_MAX_UNACKNOWLEDGED: envPositiveInteger
    .max(1_000_000)
    .default(20_000)
    .describe('MARKET_DATA messages folded ahead of their KV writes at most (the broker waits beyond this)'),
  POLLY_CACHE_ACTIVE_BOOKS: envPositiveInteger
    .max(1_000_000)
    .default(5000)
    .describe('order books kept unpacked (the most recently changed); the others are packed to save memory'),
  POLLY_CACHE_LEASE_TTL_MS: envPositiveInteger
    .min(500)
    .max(300_000)
    .default(15_000)
    .describe('how long the single-writer lease outlives a cache that stopped renewing it (a standby waits this long after a crash)'),
  POLLY_CACHE_WRITE_CONCURRENCY: envPositiveInteger.max(20_000).default(2000).describe('KV writes in flight at once per environment'),
  POLLY_CACHE_HEAP_MB: envPositiveInteger
    .min(64)
    .max(65_536)
    .optional()
    .describe('the heap limit in MB the launcher gives the cache (--max-old-space-size; compose and npm start read it, default 192); logged at start'),
});
export type CacheConfig = z.infer<typeof CacheConfig>;
