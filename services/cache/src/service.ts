/**
 * The cache service: for every environment in POLLY_ENVIRONMENTS, the single writer of the KV
 * bucket `market-state-{environment}` (a lease keeps a second instance standing by), folding
 * MARKET_DATA into one `MarketState` per market and announcing each write on
 * `cache.{environment}.updated.{ticker}`.
 */
import { connectBus } from '@polly/bus';
import { defineService } from '@polly/runtime';
import { CacheConfig } from './config';
import { CacheEnvironment } from './environment';
import { watchHeap } from './heap-watch';
import { cacheMetrics } from './metrics';
import { type WriterLease, acquireWriterLease } from './writer-lease';

export const cacheService = defineService({
  name: 'cache',
  config: CacheConfig,
  healthPort: 4504,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    readiness.set('bus', false, 'connecting to NATS');
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'cache', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams(['MARKET_DATA', 'MARKETS', 'DEAD_LETTER']);
    readiness.set('bus', true);
    const counters = cacheMetrics(metrics);
    const environments = config.POLLY_ENVIRONMENTS.map(
      (environment) =>
        new CacheEnvironment({
          environment,
          bus,
          logger,
          metrics: counters,
          batchSize: config.POLLY_CACHE_BATCH,
          maxAckPending: config.POLLY_CACHE_MAX_UNACKNOWLEDGED,
          activeBooks: config.POLLY_CACHE_ACTIVE_BOOKS,
          writeConcurrency: config.POLLY_CACHE_WRITE_CONCURRENCY,
        }),
    );
    const leases: WriterLease[] = [];
    for (const environment of environments) {
      const name = environment.environment;
      readiness.set(name, false, 'waiting for the writer lease');
      // Losing the lease stops this environment's writing; only a restart takes it up again.
      const writing = new AbortController();
      signal.addEventListener('abort', () => writing.abort(), { once: true });
      const lease = await acquireWriterLease({
        bus,
        environment: name,
        holder: instanceId,
        ttlMs: config.POLLY_CACHE_LEASE_TTL_MS,
        logger,
        signal,
        onLost: (reason) => {
          logger.error({ environment: name, reason }, 'writer lease lost: another cache may be writing, so this one stops; restart it');
          readiness.set(name, false, 'writer lease lost: restart this service');
          writing.abort();
        },
      });
      if (!lease) break;
      leases.push(lease);
      readiness.set(name, false, 'loading cached entries');
      await environment.start(writing.signal);
      readiness.set(name, environment.ready);
    }
    const stopHeapWatch = watchHeap(logger, config.POLLY_CACHE_HEAP_MB);
    const refresh = setInterval(() => {
      for (const environment of environments) environment.refreshGauges();
    }, 2000);
    refresh.unref();
    bus.heartbeat({
      service: 'cache',
      instanceId,
      startedAt,
      environments: config.POLLY_ENVIRONMENTS,
      ready: () => readiness.snapshot().ready,
      details: () => Object.assign({}, ...environments.map((environment) => environment.heartbeatDetails())),
      signal,
    });
    return {
      stop: async () => {
        clearInterval(refresh);
        stopHeapWatch();
        await Promise.all(environments.map((environment) => environment.stop()));
        await Promise.all(leases.map((lease) => lease.release()));
        await bus.close();
      },
    };
  },
});
