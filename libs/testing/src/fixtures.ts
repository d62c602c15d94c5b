/**
 * Per-test isolation on the shared servers: a fresh subject namespace on NATS (its own streams),
 * and a fresh database cloned from the migrated template.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Bus, connectBus } from '@polly/bus';
import { type Db, createDatabase } from '@polly/db';

export const TEMPLATE_DATABASE = 'polly_template';

export function testNamespace(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

function requireVariable(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this test through jest's integration or e2e project (its global setup starts the servers)`);
  return value;
}

export const testNatsUrl = (): string => requireVariable('POLLY_TEST_NATS_URL');
export const testPostgresUrl = (): string => requireVariable('POLLY_TEST_POSTGRES_URL');

export interface TestBus extends Bus {
  /** Delete this namespace's streams and close. */
  dispose(): Promise<void>;
}

export async function createTestBus(namespace = testNamespace(), servers = testNatsUrl()): Promise<TestBus> {
  const bus = await connectBus({ servers, name: `test-${namespace}`, namespace });
  // An open connection would keep jest from exiting after the failure is reported.
  await bus.ensureStreams().catch(async (error: unknown) => {
    await bus.close();
    throw error;
  });
  return {
    ...bus,
    dispose: async () => {
      for await (const name of bus.manager.streams.names()) {
        if (name.startsWith(`${namespace}_`)) await bus.manager.streams.delete(name).catch(() => undefined);
      }
      await bus.close();
    },
  };
}

export interface TestDatabase {
  name: string;
  connectionString: string;
  db: Db;
  dispose(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testPostgresUrl();
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const connectionString = withDatabase(adminUrl, name);
  const db = createDatabase({ connectionString, maxConnections: 5, applicationName: name });
  return {
    name,
    connectionString,
    db,
    dispose: async () => {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await cleanup.end();
    },
  };
}

/** Poll until a check passes (integration tests wait for eventually-consistent projections). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  throw new Error(`timed out waiting for ${options.what ?? 'condition'}${lastError ? `: ${String(lastError)}` : ''}`);
}
