/**
 * The reconciliation service: one reconciler per served environment compares the read models
 * with the exchange and repairs them with ordinary events; the exchange wins.
 */
import { setMaxListeners } from 'node:events';
import { connectBus } from '@polly/bus';
import { createDatabase } from '@polly/db';
import { defineService, exchangeEndpoints } from '@polly/runtime';
import { ReconciliationConfig } from './config';
import { createReconciliationMetrics } from './metrics';
import { type Reconciler, startReconciler } from './reconciler';

export const reconciliationService = defineService({
  name: 'reconciliation',
  config: ReconciliationConfig,
  healthPort: 4508,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    setMaxListeners(50, signal);
    readiness.set('bus', false, 'connecting to NATS');
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'reconciliation', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams();
    readiness.set('bus', true);
    const db = createDatabase({ connectionString: config.POLLY_DATABASE_URL, applicationName: 'reconciliation', maxConnections: 3 });
    const reconciliationMetrics = createReconciliationMetrics(metrics);
    const reconcilers: Reconciler[] = config.POLLY_ENVIRONMENTS.map((environment) =>
      startReconciler({
        environment,
        tradeMode: environment === 'demo' ? config.POLLY_DEMO_TRADE_MODE : config.POLLY_LIVE_TRADE_MODE,
        secretsDir: config.POLLY_SECRETS_DIR,
        restBaseUrl: exchangeEndpoints(config, environment).restBaseUrl,
        bus,
        db,
        logger,
        metrics: reconciliationMetrics,
        settings: {
          cancelUnknown: config.POLLY_RECONCILIATION_CANCEL_UNKNOWN,
          graceMs: config.POLLY_RECONCILIATION_GRACE_SECONDS * 1000,
          fillLookbackMs: config.POLLY_RECONCILIATION_FILL_LOOKBACK_HOURS * 3_600_000,
          projectionWaitMs: config.POLLY_RECONCILIATION_PROJECTION_WAIT_SECONDS * 1000,
        },
        intervalMs: config.POLLY_RECONCILIATION_INTERVAL_MINUTES * 60_000,
        signal,
      }),
    );
    bus.heartbeat({
      service: 'reconciliation',
      instanceId,
      startedAt,
      environments: config.POLLY_ENVIRONMENTS,
      ready: () => readiness.snapshot().ready,
      details: () => Object.fromEntries(reconcilers.map((reconciler) => [`${reconciler.environment}.lastCycle`, reconciler.status()])),
      signal,
    });
    // The startup cycles run in the background: agents activate when they complete.
    for (const reconciler of reconcilers) void reconciler.request('startup', 'service started');
    return {
      stop: async () => {
        await Promise.allSettled(reconcilers.map((reconciler) => reconciler.stop()));
        await db.destroy();
        await bus.close();
      },
    };
  },
});
