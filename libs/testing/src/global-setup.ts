/**
 * Jest global setup for the integration and e2e tiers: one nats-server and one Postgres for the
 * whole run, and a migrated template database that each test clones. Tests find them through
 * POLLY_TEST_NATS_URL and POLLY_TEST_POSTGRES_URL. Set those variables yourself to reuse servers.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '@polly/db';
import { startNatsServer } from './nats-server';
import { startPostgres } from './postgres';
import { TEMPLATE_DATABASE } from './fixtures';

interface Servers {
  stop(): Promise<void>;
}

declare global {
  var __pollyTestServers: Servers[] | undefined;
}

async function prepareTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE}`);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) });
  try {
    await migrateToLatest(db);
    await sql`select 1`.execute(db);
  } finally {
    await db.destroy();
  }
}

export default async function globalSetup(): Promise<void> {
  globalThis.__pollyTestServers = [];
  if (!process.env.POLLY_TEST_NATS_URL) {
    const nats = await startNatsServer();
    globalThis.__pollyTestServers.push(nats);
    process.env.POLLY_TEST_NATS_URL = nats.url;
  }
  if (!process.env.POLLY_TEST_POSTGRES_URL) {
    const postgres = await startPostgres({ fast: true });
    globalThis.__pollyTestServers.push(postgres);
    process.env.POLLY_TEST_POSTGRES_URL = postgres.connectionString('postgres');
  }
  await prepareTemplate(process.env.POLLY_TEST_POSTGRES_URL);
}
