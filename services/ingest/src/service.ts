/**
 * The ingest service: for every environment in POLLY_ENVIRONMENTS, one WebSocket with that
 * environment's keys, the subscription plan applied in batches, and every frame published to
 * MARKET_DATA (public channels), TRADING (fills, orders, positions) or SYSTEM (connection changes,
 * reconciliation requests) through a bounded queue.
 */
import { connectBus } from '@polly/bus';
import { defineService, exchangeEndpoints } from '@polly/runtime';
import { IngestConfig } from './config';
import { IngestEnvironment } from './environment';
import { ingestMetrics } from './metrics';

export const ingestService = defineService({
  name: 'ingest',
  config: IngestConfig,
  healthPort: 4502,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    readiness.set('bus', false, 'connecting to NATS');
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'ingest', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams();
    readiness.set('bus', true);
    const counters = ingestMetrics(metrics);
    const environments = config.POLLY_ENVIRONMENTS.map(
      (environment) =>
        new IngestEnvironment({
          environment,
          bus,
          websocketUrl: exchangeEndpoints(config, environment).websocketUrl,
          secretsDir: config.POLLY_SECRETS_DIR,
          logger,
          metrics: counters,
          queueCapacity: config.POLLY_INGEST_QUEUE_CAPACITY,
          publishConcurrency: config.POLLY_INGEST_PUBLISH_CONCURRENCY,
          batchSize: config.POLLY_INGEST_BATCH_SIZE,
          subscriptionBatch: config.POLLY_INGEST_SUBSCRIPTION_BATCH,
          indexIds: config.POLLY_INGEST_INDEX_IDS,
          stream: { heartbeatTimeoutMs: config.POLLY_INGEST_HEARTBEAT_TIMEOUT_MS },
        }),
    );
    for (const environment of environments) {
      readiness.set(environment.environment, false, 'folding the subscription plan');
      await environment.start();
    }
    const refresh = setInterval(() => {
      for (const environment of environments) {
        const status = environment.status();
        readiness.set(environment.environment, environment.ready, `${status.connection}; ${status.keys ? 'keys connected' : 'no keys (idle)'}`);
      }
    }, 500);
    refresh.unref();
    bus.heartbeat({
      service: 'ingest',
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
