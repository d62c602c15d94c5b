/**
 * NATS (JetStream) and Postgres in containers, started with testcontainers from images the Docker
 * engine already holds (nothing is pulled: the build machines reach no registry). Postgres gets the
 * same server flags as the embedded one, so template cloning and timings match the process path.
 *
 * Networking: on the host network every server binds 127.0.0.1 on a port picked here; on the bridge
 * network the engine maps the container's port. Which one is decided in server-selection.ts.
 * testcontainers is loaded only when containers are used, so the process path pays nothing for it.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { z } from 'zod';
import { engineAddress, engineClient, observeEngine } from './docker-engine';
import { POSTGRES_PASSWORD, postgresServerFlags } from './postgres';
import { freePort } from './processes';
import { type ContainerNetwork, type TestServerSettings, type TestServersDecision, decideTestServers, loadTestServerSettings } from './server-selection';

const STARTUP_TIMEOUT_MS = 60_000;
/** Every container started here carries this label, its value naming the owning process. */
export const OWNER_LABEL = 'dev.polly.test-servers.owner';

export interface ContainerServerOptions {
  image: string;
  network: ContainerNetwork;
}

export interface RunningContainer {
  containerId: string;
  stop(): Promise<void>;
}

export interface NatsContainer extends RunningContainer {
  url: string;
}

export interface PostgresContainer extends RunningContainer {
  connectionString(database?: string): string;
}

export interface TestServersChoice {
  settings: TestServerSettings;
  decision: TestServersDecision;
  /** What auto would choose: whether containers can run here at all, whatever the setting. */
  automatic: TestServersDecision;
}

/**
 * Read the settings, look at the engine and decide (the one place global setup asks). The engine is
 * looked at even under POLLY_TEST_SERVERS=processes, so the containers' own test knows whether it
 * can run; without an engine that costs one check that a socket file exists.
 */
export async function chooseTestServers(environment: Record<string, string | undefined> = process.env): Promise<TestServersChoice> {
  const settings = loadTestServerSettings(environment);
  const engine = await observeEngine([settings.POLLY_TEST_NATS_IMAGE, settings.POLLY_TEST_POSTGRES_IMAGE], { dockerHost: environment.DOCKER_HOST });
  return { settings, decision: decideTestServers(settings, engine), automatic: decideTestServers({ ...settings, POLLY_TEST_SERVERS: 'auto' }, engine) };
}

/**
 * Once per process, the containers of runs that died before their teardown are removed. Then
 * testcontainers' own needs, set before it is loaded: its reaper (Ryuk) image is never present on
 * an offline machine, so the reaper is turned off unless the engine has it (teardown stops the
 * containers); on the host network every server is on 127.0.0.1, which spares testcontainers its
 * host lookup (inside a container it would inspect a bridge network or run an alpine image).
 */
async function prepareTestcontainers(network: ContainerNetwork): Promise<typeof import('testcontainers')> {
  await (abandonedRemoved ??= removeAbandonedContainers());
  if (network === 'host') process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  if (process.env.TESTCONTAINERS_RYUK_DISABLED === undefined) {
    const { REAPER_IMAGE } = await import('testcontainers/build/reaper/reaper.js');
    const engine = await observeEngine([REAPER_IMAGE]);
    const reaperPresent = engine.reachable && engine.missingImages.length === 0;
    if (!reaperPresent) process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  }
  return import('testcontainers');
}

function containerName(server: string): string {
  return `polly-test-${server}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

const ownerLabels = () => ({ [OWNER_LABEL]: `${os.hostname()}:${process.pid}` });

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Without the reaper, a run killed before its teardown (Ctrl-C) leaves its containers behind.
 * Remove those of this machine whose owning process is gone, and return their ids; anything else
 * in the engine, including other runs' live test servers, is left alone.
 */
export async function removeAbandonedContainers(): Promise<string[]> {
  const address = engineAddress();
  if (address.kind === 'unsupported') return [];
  const engine = engineClient(address);
  const removed: string[] = [];
  for (const container of await engine.labelledContainers(OWNER_LABEL)) {
    const [host, pid] = container.value.split(':');
    if (host !== os.hostname() || !pid || processAlive(Number(pid))) continue;
    await engine.removeContainer(container.id);
    removed.push(container.id);
  }
  return removed;
}

let abandonedRemoved: Promise<unknown> | undefined;

function running(container: import('testcontainers').StartedTestContainer): RunningContainer {
  let stopped: Promise<unknown> | undefined;
  return {
    containerId: container.getId(),
    // Removes the container and its anonymous volumes; a second call waits for the first.
    stop: async () => {
      stopped ??= container.stop({ remove: true, removeVolumes: true });
      await stopped;
    },
  };
}

export async function startNatsContainer(options: ContainerServerOptions): Promise<NatsContainer> {
  const { GenericContainer, Wait } = await prepareTestcontainers(options.network);
  const port = options.network === 'host' ? await freePort() : 4222;
  const listen = options.network === 'host' ? ['-a', '127.0.0.1', '-p', String(port)] : [];
  let definition = new GenericContainer(options.image)
    .withName(containerName('nats'))
    .withLabels(ownerLabels())
    // Flags only: both the official image's entry point and the stand-in hand them to nats-server.
    .withCommand(['-js', '-sd', '/data', ...listen])
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .withStartupTimeout(STARTUP_TIMEOUT_MS);
  definition = options.network === 'host' ? definition.withNetworkMode('host') : definition.withExposedPorts(4222);
  const container = await definition.start();
  const url = options.network === 'host' ? `nats://127.0.0.1:${port}` : `nats://${container.getHost()}:${container.getMappedPort(4222)}`;
  return { ...running(container), url };
}

async function waitForPostgres(connectionString: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
    // A connection that is refused or reset mid-handshake also emits 'error' on the client.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Postgres did not accept connections within ${timeoutMs} ms: ${String(lastError)}`);
}

export async function startPostgresContainer(options: ContainerServerOptions): Promise<PostgresContainer> {
  const { GenericContainer } = await prepareTestcontainers(options.network);
  const port = options.network === 'host' ? await freePort() : 5432;
  const dataDir = '/var/lib/postgresql/data';
  let definition = new GenericContainer(options.image)
    .withName(containerName('postgres'))
    .withLabels(ownerLabels())
    .withEnvironment({ POSTGRES_USER: 'postgres', POSTGRES_PASSWORD, PGDATA: dataDir, PGPORT: String(port) })
    .withCommand(['postgres', ...(options.network === 'host' ? ['-c', 'listen_addresses=127.0.0.1'] : []), ...postgresServerFlags({ fast: true })])
    // In memory like the throwaway it is: no volume is left behind if a run dies before teardown.
    .withTmpFs({ [dataDir]: 'rw' })
    .withSharedMemorySize(256 * 1024 * 1024)
    .withStartupTimeout(STARTUP_TIMEOUT_MS);
  definition = options.network === 'host' ? definition.withNetworkMode('host') : definition.withExposedPorts(5432);
  const container = await definition.start();
  const address = options.network === 'host' ? `127.0.0.1:${port}` : `${container.getHost()}:${container.getMappedPort(5432)}`;
  const connectionString = (database = 'postgres') => `postgres://postgres:${POSTGRES_PASSWORD}@${address}/${database}`;
  const server = { ...running(container), connectionString };
  // The official image runs a private server while it initialises, so readiness is a real query.
  await waitForPostgres(connectionString(), STARTUP_TIMEOUT_MS).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return server;
}

/** Global setup leaves auto's decision here for tests that need containers of their own. */
export const CONTAINERS_DECISION_VARIABLE = 'POLLY_TEST_CONTAINERS_DECISION';

const RecordedDecision = z.discriminatedUnion('use', [
  z.object({ use: z.literal('containers'), network: z.enum(['host', 'bridge']), reason: z.string() }),
  z.object({ use: z.enum(['processes', 'refused']), reason: z.string() }),
]);

export function recordedContainersDecision(): TestServersDecision {
  const value = process.env[CONTAINERS_DECISION_VARIABLE];
  if (!value) throw new Error(`${CONTAINERS_DECISION_VARIABLE} is not set: run this test through jest's integration or e2e project (its global setup looks at the Docker engine)`);
  return RecordedDecision.parse(JSON.parse(value));
}
