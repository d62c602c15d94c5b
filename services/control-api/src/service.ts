/**
 * The control API service: refuses a public bind unless forced, resolves the bearer token,
 * connects to NATS and Postgres, and serves the API, the events and the cockpit on
 * POLLY_CONTROL_PORT. `/healthz`, `/readyz` and `/metrics` are on the runtime's health port
 * (4409); `/healthz` and `/readyz` are also answered on the API port for `polly status`.
 */
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { sql } from 'kysely';
import { connectBus } from '@polly/bus';
import { createDatabase } from '@polly/db';
import { defineService, exchangeEndpoints } from '@polly/runtime';
import { createControlApi } from './app';
import { ControlApiConfig, isLoopbackHost } from './config';
import { resolveControlToken } from './token';

export class PublicBindRefused extends Error {
  override readonly name = 'PublicBindRefused';
}

export const controlApiService = defineService({
  name: 'control-api',
  config: ControlApiConfig,
  healthPort: 4409,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    const host = config.POLLY_CONTROL_HOST;
    if (!isLoopbackHost(host)) {
      if (!config.POLLY_CONTROL_ALLOW_PUBLIC_BIND) {
        logger.fatal({ host }, `refusing to listen on ${host}: the control API binds loopback addresses only. Use 127.0.0.1, or set POLLY_CONTROL_ALLOW_PUBLIC_BIND=true if something in front of it keeps it off the internet`);
        throw new PublicBindRefused(`refusing to listen on non-loopback address ${host} without POLLY_CONTROL_ALLOW_PUBLIC_BIND=true`);
      }
      logger.warn({ host }, 'listening on a non-loopback address because POLLY_CONTROL_ALLOW_PUBLIC_BIND is set; Host and Origin checks still apply');
    }
    const { token, file: tokenFile } = resolveControlToken(config.POLLY_CONTROL_TOKEN, config.POLLY_CONTROL_TOKEN_FILE);
    readiness.set('bus', false, 'connecting to NATS');
    readiness.set('database', false, 'not checked yet');
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'control-api', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams();
    readiness.set('bus', true);
    const db = createDatabase({ connectionString: config.POLLY_DATABASE_URL, applicationName: 'control-api', maxConnections: 6 });
    const checkDatabase = () =>
      sql`select 1`.execute(db).then(
        () => readiness.set('database', true),
        (error: unknown) => readiness.set('database', false, `Postgres is not answering: ${String(error)}`),
      );
    await checkDatabase();
    const databaseTimer = setInterval(() => void checkDatabase(), 10_000);
    databaseTimer.unref();

    const readyHandler = (_request: unknown, response: Response) => {
      const snapshot = readiness.snapshot();
      response.status(snapshot.ready ? 200 : 503).json({ service: 'control-api', ...snapshot });
    };
    const api = createControlApi({
      bus,
      db,
      logger,
      metrics,
      token,
      allowedOrigins: config.POLLY_CONTROL_ALLOWED_ORIGINS,
      environments: config.POLLY_ENVIRONMENTS,
      restUrls: { demo: exchangeEndpoints(config, 'demo').restBaseUrl, live: exchangeEndpoints(config, 'live').restBaseUrl },
      secretsDir: config.POLLY_SECRETS_DIR,
      envFile: config.POLLY_ENV_FILE,
      webRoot: config.POLLY_WEB_ROOT,
      startedAt,
      healthChecks: [
        { path: '/healthz', handler: (_request, response) => void response.json({ status: 'ok', service: 'control-api', uptimeSeconds: Math.floor((Date.now() - startedAt.getTime()) / 1000) }) },
        { path: '/readyz', handler: readyHandler },
      ],
    });
    await api.ready();
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(config.POLLY_CONTROL_PORT, host, () => resolve());
    });
    const port = (api.server.address() as AddressInfo).port;
    readiness.set('http', true);
    bus.heartbeat({ service: 'control-api', instanceId, startedAt, environments: config.POLLY_ENVIRONMENTS, ready: () => readiness.snapshot().ready, details: () => ({ eventClients: api.hub.size }), signal });
    logger.info(
      { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, bearerFile: tokenFile ?? null, bearerFrom: tokenFile ? 'generated' : 'POLLY_CONTROL_TOKEN' },
      'control API listening',
    );
    return {
      info: { port, url: `http://127.0.0.1:${port}` },
      stop: async () => {
        clearInterval(databaseTimer);
        await api.close();
        await db.destroy();
        await bus.close();
      },
    };
  },
});
