/**
 * NATS and Postgres from containers, run only where global setup found that containers can run
 * (an engine holding both images); elsewhere the skipped test's name says why.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import { BalanceUpdated, createEvent } from '@polly/contracts';
import { type NatsContainer, OWNER_LABEL, type PostgresContainer, chooseTestServers, recordedContainersDecision, removeAbandonedContainers, startNatsContainer, startPostgresContainer } from './containers';
import { type EngineClient, engineAddress, engineClient } from './docker-engine';
import { freePort } from './processes';
import { TEMPLATE_DATABASE, createTestBus } from './fixtures';
import { loadTestServerSettings } from './server-selection';
import { prepareTemplate } from './template';

const decision = recordedContainersDecision();
const settings = loadTestServerSettings();

function currentEngine(): EngineClient {
  const address = engineAddress();
  if (address.kind === 'unsupported') throw new Error(address.problem);
  return engineClient(address);
}

async function query(connectionString: string, text: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(text)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

describe('whether containers can run here', () => {
  it(`is what global setup recorded: ${decision.use === 'containers' ? 'yes' : 'no'}, ${decision.reason}`, async () => {
    expect((await chooseTestServers()).automatic).toEqual(decision);
  });
});

if (decision.use !== 'containers') {
  describe('test servers in containers', () => {
    it.skip(`start NATS and Postgres (skipped: containers cannot run here, ${decision.reason})`, () => undefined);
  });
} else {
  const network = decision.network;
  describe(`test servers in containers (${settings.POLLY_TEST_NATS_IMAGE}, ${settings.POLLY_TEST_POSTGRES_IMAGE}, ${network} network)`, () => {
    let nats: NatsContainer;
    let postgres: PostgresContainer;
    beforeAll(async () => {
      [nats, postgres] = await Promise.all([
        startNatsContainer({ image: settings.POLLY_TEST_NATS_IMAGE, network }),
        startPostgresContainer({ image: settings.POLLY_TEST_POSTGRES_IMAGE, network }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([nats?.stop(), postgres?.stop()]);
    });

    it('serves JetStream: streams are created and a published event is stored once', async () => {
      const bus = await createTestBus(undefined, nats.url);
      try {
        const event = createEvent(BalanceUpdated, 'demo', { balance: '12.3400', portfolioValue: null, source: 'paper' }, { source: 'test', id: 'container-balance-1' });
        expect((await bus.publish(event)).duplicate).toBe(false);
        expect((await bus.publish(event)).duplicate).toBe(true);
        expect(await bus.lastSequence('TRADING')).toBe(1);
      } finally {
        await bus.dispose();
      }
    });

    it('runs Postgres with the embedded server flags (no fsync, asynchronous commit, 300 connections)', async () => {
      const rows = await query(
        postgres.connectionString(),
        `select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'max_connections') order by name`,
      );
      expect(Object.fromEntries(rows.map((row) => [row.name, row.setting]))).toEqual({ fsync: 'off', full_page_writes: 'off', max_connections: '300', synchronous_commit: 'off' });
    });

    it('clones a database from the migrated template', async () => {
      await prepareTemplate(postgres.connectionString());
      await query(postgres.connectionString(), `create database container_clone template ${TEMPLATE_DATABASE}`);
      const tables = `select table_schema || '.' || table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 1`;
      const migrated = (await query(postgres.connectionString(TEMPLATE_DATABASE), tables)).map((row) => row.name);
      const cloned = (await query(postgres.connectionString('container_clone'), tables)).map((row) => row.name);
      expect(migrated).toContain('public.kysely_migration');
      expect(cloned).toEqual(migrated);
    });

    it('removes the containers of a run that died before its teardown, and only those', async () => {
      const { GenericContainer, Wait } = await import('testcontainers');
      const finished = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
      const abandon = async (owner: string) => {
        const definition = new GenericContainer(settings.POLLY_TEST_NATS_IMAGE).withLabels({ [OWNER_LABEL]: owner }).withWaitStrategy(Wait.forLogMessage(/Server is ready/));
        if (network === 'bridge') return definition.withCommand(['-p', '4222']).start();
        return definition.withNetworkMode('host').withCommand(['-a', '127.0.0.1', '-p', String(await freePort())]).start();
      };
      const [dead, alive] = await Promise.all([abandon(`${os.hostname()}:${finished.pid}`), abandon(`${os.hostname()}:${process.ppid}`)]);
      try {
        const removed = await removeAbandonedContainers();
        expect(removed).toContain(dead.getId());
        expect(removed).not.toContain(alive.getId());
        expect(removed).not.toContain(nats.containerId);
        const engine = currentEngine();
        expect(await engine.containerExists(dead.getId())).toBe(false);
        expect(await engine.containerExists(alive.getId())).toBe(true);
      } finally {
        await alive.stop();
      }
    });

    it('removes both containers when stopped', async () => {
      const engine = currentEngine();
      expect(await engine.containerExists(nats.containerId)).toBe(true);
      expect(await engine.containerExists(postgres.containerId)).toBe(true);
      await Promise.all([nats.stop(), postgres.stop()]);
      expect(await engine.containerExists(nats.containerId)).toBe(false);
      expect(await engine.containerExists(postgres.containerId)).toBe(false);
    });
  });
}
