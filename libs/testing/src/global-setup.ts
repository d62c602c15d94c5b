/**
 * Jest global setup for the integration and e2e tiers: one NATS and one Postgres for the whole
 * run, and a migrated template database that each test clones. Tests find them through
 * POLLY_TEST_NATS_URL and POLLY_TEST_POSTGRES_URL. Set those variables yourself to reuse servers.
 *
 * The servers are containers when a Docker engine already holds both images, otherwise local
 * processes (nats-server and embedded Postgres); POLLY_TEST_SERVERS=auto|containers|processes
 * (server-selection.ts). One line says which and why.
 */
import { CONTAINERS_DECISION_VARIABLE, chooseTestServers, startNatsContainer, startPostgresContainer } from './containers';
import { startNatsServer } from './nats-server';
import { startPostgres } from './postgres';
import { prepareTemplate } from './template';
import { type TestServerSettings, type TestServersDecision, describeDecision } from './server-selection';

interface Servers {
  stop(): Promise<void>;
}

declare global {
  var __pollyTestServers: Servers[] | undefined;
}

interface StartedNats extends Servers {
  url: string;
}
interface StartedPostgres extends Servers {
  connectionString(database?: string): string;
}

function starters(settings: TestServerSettings, decision: TestServersDecision): { nats(): Promise<StartedNats>; postgres(): Promise<StartedPostgres> } {
  if (decision.use === 'containers') {
    return {
      nats: () => startNatsContainer({ image: settings.POLLY_TEST_NATS_IMAGE, network: decision.network }),
      postgres: () => startPostgresContainer({ image: settings.POLLY_TEST_POSTGRES_IMAGE, network: decision.network }),
    };
  }
  return { nats: () => startNatsServer(), postgres: () => startPostgres({ fast: true }) };
}

/** Start what is needed side by side; if one fails, stop the other before reporting. */
async function startServers(settings: TestServerSettings, decision: TestServersDecision): Promise<void> {
  const start = starters(settings, decision);
  const [nats, postgres] = await Promise.allSettled([
    process.env.POLLY_TEST_NATS_URL ? undefined : start.nats(),
    process.env.POLLY_TEST_POSTGRES_URL ? undefined : start.postgres(),
  ]);
  const started = [nats, postgres].flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
  globalThis.__pollyTestServers?.push(...started);
  const failure = [nats, postgres].find((result) => result.status === 'rejected');
  if (failure) {
    for (const servers of started) await servers.stop();
    globalThis.__pollyTestServers = [];
    throw failure.reason;
  }
  if (nats.status === 'fulfilled' && nats.value) process.env.POLLY_TEST_NATS_URL = nats.value.url;
  if (postgres.status === 'fulfilled' && postgres.value) process.env.POLLY_TEST_POSTGRES_URL = postgres.value.connectionString('postgres');
}

export default async function globalSetup(): Promise<void> {
  globalThis.__pollyTestServers = [];
  const { settings, decision, automatic } = await chooseTestServers();
  process.env[CONTAINERS_DECISION_VARIABLE] = JSON.stringify(automatic);
  if (!process.env.POLLY_TEST_NATS_URL || !process.env.POLLY_TEST_POSTGRES_URL) {
    if (decision.use === 'refused') throw new Error(describeDecision(decision));
    console.log(describeDecision(decision));
    await startServers(settings, decision);
  } else {
    console.log('test servers: given (POLLY_TEST_NATS_URL and POLLY_TEST_POSTGRES_URL are set)');
  }
  await prepareTemplate(process.env.POLLY_TEST_POSTGRES_URL as string);
}
