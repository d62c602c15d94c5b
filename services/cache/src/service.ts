/**
 * The cache service: for every environment in POLLY_ENVIRONMENTS, the single writer of the KV
 * bucket `market-state-{environment}`, folding MARKET_DATA into one `MarketState` per market and
 * announcing each write on `cache.{environment}.updated.{ticker}`.
 */
import { connectBus } from '@polly/bus';
import { defineService } from '@polly/runtime';
import { CacheConfig } from './config';
import { CacheEnvironment } from './environment';
import { cacheMetrics } from './metrics';

export const cacheService = defineService({
  name: 'cache',
  config: CacheConfig,
  healthPort: 4504,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    readiness.set('bus', false, 'connecting to NATS');
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'cache', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams(['MARKET_DATA', 'DEAD_LETTER']);
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
          writeConcurrency: config.POLLY_CACHE_WRITE_CONCURRENCY,
        }),
    );
    for (const environment of environments) {
      readiness.set(environment.environment, false, 'loading cached entries');
      await environment.start(signal);
      readiness.set(environment.environment, environment.ready);
    }
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
        await Promise.all(environments.map((environment) => environment.stop()));
        await bus.close();
      },
    };
  },
});
