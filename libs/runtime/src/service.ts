/**
 * The service kit: every service is `defineService({...})` plus a two-line `main.ts`.
 * It validates config, creates the logger and metrics, serves health, and shuts down
 * gracefully on SIGTERM/SIGINT (abort signal first, then the service's own stop, with a deadline).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, envPort, loadConfig } from './config';
import { type HealthServer, type Readiness, createReadiness, startHealthServer } from './health';
import { type Logger, createLogger } from './logger';
import { type Metrics, createMetrics } from './metrics';

export interface ServiceContext<TConfig> {
  name: string;
  instanceId: string;
  startedAt: Date;
  config: TConfig;
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  /** Aborted when the service is asked to stop. */
  signal: AbortSignal;
}

export interface StartedService {
  stop?(): Promise<void>;
  /** Facts a caller may need, such as the port actually bound when 0 was asked for. */
  info?: Record<string, string | number | boolean>;
}

export interface ServiceDefinition<TSchema extends z.ZodObject> {
  name: string;
  config: TSchema;
  /** Default port for /healthz, /readyz and /metrics (overridden by POLLY_HEALTH_PORT). */
  healthPort: number;
  start(context: ServiceContext<z.infer<TSchema>>): Promise<StartedService | void>;
}

const HostConfig = z.object({
  POLLY_HEALTH_HOST: z.string().default('127.0.0.1').describe('address for /healthz, /readyz and /metrics'),
  POLLY_HEALTH_PORT: envPort.optional().describe('port for /healthz, /readyz and /metrics'),
  POLLY_STOP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000).describe('how long a graceful stop may take'),
});

export function defineService<TSchema extends z.ZodObject>(definition: ServiceDefinition<TSchema>): ServiceDefinition<TSchema> {
  return definition;
}

export interface ServiceHandle<TConfig> {
  context: ServiceContext<TConfig>;
  health: HealthServer;
  info: Record<string, string | number | boolean>;
  stop(reason?: string): Promise<void>;
}

/** Start a service in this process (used by main.ts and by tests that run services in-process). */
export async function startService<TSchema extends z.ZodObject>(
  definition: ServiceDefinition<TSchema>,
  options: { env?: Record<string, string | undefined>; logger?: Logger } = {},
): Promise<ServiceHandle<z.infer<TSchema>>> {
  const env = options.env ?? process.env;
  const host = loadConfig(HostConfig, env);
  const config = loadConfig(definition.config, env);
  const logger = options.logger ?? createLogger({ service: definition.name });
  const metrics = createMetrics(definition.name);
  const readiness = createReadiness();
  const abort = new AbortController();
  const startedAt = new Date();
  const context: ServiceContext<z.infer<TSchema>> = {
    name: definition.name,
    instanceId: randomUUID(),
    startedAt,
    config,
    logger,
    metrics,
    readiness,
    signal: abort.signal,
  };
  const health = await startHealthServer({
    host: host.POLLY_HEALTH_HOST,
    port: host.POLLY_HEALTH_PORT ?? definition.healthPort,
    service: definition.name,
    startedAt,
    readiness,
    registry: metrics.registry,
  });
  let started: StartedService | void;
  try {
    started = await definition.start(context);
  } catch (error) {
    abort.abort();
    await health.close();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested') => {
    stopping ??= (async () => {
      logger.info({ reason }, 'stopping');
      abort.abort(new Error(reason));
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, host.POLLY_STOP_TIMEOUT_MS).unref());
      await Promise.race([started?.stop?.(), deadline]);
      await health.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  logger.info({ healthPort: health.port, instanceId: context.instanceId }, 'started');
  return { context, health, stop, info: started?.info ?? {} };
}

/** The whole life of a service process: start, wait for a signal, stop, exit. */
export async function runService<TSchema extends z.ZodObject>(definition: ServiceDefinition<TSchema>): Promise<void> {
  const logger = createLogger({ service: definition.name });
  let handle: ServiceHandle<z.infer<TSchema>>;
  try {
    handle = await startService(definition, { logger });
  } catch (error) {
    if (error instanceof ConfigError) logger.fatal(error.message);
    else logger.fatal({ error }, 'failed to start');
    logger.flush();
    setTimeout(() => process.exit(1), 100);
    return;
  }
  const onSignal = (signal: NodeJS.Signals) => {
    handle.stop(`received ${signal}`).then(
      () => {
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.on('unhandledRejection', (error) => logger.error({ error }, 'unhandled promise rejection'));
}
