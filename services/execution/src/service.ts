/**
 * The execution service: the only component that places or cancels orders. One
 * `EnvironmentExecution` per environment of `POLLY_ENVIRONMENTS`, each in live or paper mode.
 */
import { connectBus } from '@polly/bus';
import { parseDollars } from '@polly/contracts';
import { createDatabase } from '@polly/db';
import { defineService, exchangeEndpoints } from '@polly/runtime';
import { ExecutionConfig } from './config';
import { EnvironmentExecution, executionMetrics } from './environment/environment-execution';

export const executionService = defineService({
  name: 'execution',
  config: ExecutionConfig,
  healthPort: 4507,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    readiness.set('environments', false, 'starting');
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'execution', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams();
    const db = createDatabase({ connectionString: config.POLLY_DATABASE_URL, applicationName: 'execution', maxConnections: 4 });
    const counters = executionMetrics(metrics);
    const environments = config.POLLY_ENVIRONMENTS.map(
      (environment) =>
        new EnvironmentExecution(
          {
            environment,
            mode: environment === 'demo' ? config.POLLY_DEMO_TRADE_MODE : config.POLLY_LIVE_TRADE_MODE,
            enabledByDefault: environment === 'demo' ? config.POLLY_TRADING_ENABLED_DEFAULT_DEMO : config.POLLY_TRADING_ENABLED_DEFAULT_LIVE,
            restBaseUrl: exchangeEndpoints(config, environment).restBaseUrl,
            secretsDir: config.POLLY_SECRETS_DIR,
            requestTimeoutMs: config.POLLY_EXECUTION_REQUEST_TIMEOUT_MS,
            startingBalance: parseDollars(config.POLLY_PAPER_STARTING_BALANCE),
            maxIntentAgeMs: config.POLLY_EXECUTION_MAX_INTENT_AGE_SECONDS * 1000,
            pnlIntervalMs: config.POLLY_EXECUTION_PNL_INTERVAL_SECONDS * 1000,
            balanceIntervalMs: config.POLLY_EXECUTION_BALANCE_INTERVAL_MS,
          },
          { bus, db, logger, metrics: counters, signal },
        ),
    );
    for (const environment of environments) await environment.start();
    readiness.set('environments', true);
    bus.heartbeat({
      service: 'execution',
      instanceId,
      startedAt,
      environments: config.POLLY_ENVIRONMENTS,
      ready: () => readiness.snapshot().ready,
      details: () => Object.assign({}, ...environments.map((environment) => environment.details())),
      signal,
    });
    return {
      stop: async () => {
        await Promise.allSettled(environments.map((environment) => environment.stop()));
        await db.destroy();
        await bus.close();
      },
    };
  },
});
