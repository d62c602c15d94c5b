/**
 * Where the local stack keeps things, and how the CLI reaches NATS and Postgres. Everything
 * generated lives under .artifacts/. Values come from the environment, then .env, then defaults.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEnvFile } from './env-file';

export interface Settings {
  root: string;
  artifacts: string;
  logs: string;
  dist: string;
  natsPort: number;
  natsMonitorPort: number;
  natsUrl: string;
  postgresPort: number;
  databaseUrl: string;
  namespace: string;
  env: Record<string, string>;
}

export function findRoot(start = process.cwd()): string {
  let folder = start;
  while (folder !== path.dirname(folder)) {
    if (existsSync(path.join(folder, 'turbo.json')) && existsSync(path.join(folder, 'libs'))) return folder;
    folder = path.dirname(folder);
  }
  return start;
}

export function loadSettings(root = findRoot()): Settings {
  const fileValues = readEnvFile(path.join(root, '.env'));
  const env: Record<string, string> = { ...fileValues };
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const natsPort = Number(env.POLLY_NATS_PORT ?? 4222);
  const postgresPort = Number(env.POLLY_POSTGRES_PORT ?? 54320);
  const artifacts = path.join(root, '.artifacts');
  return {
    root,
    artifacts,
    logs: path.join(artifacts, 'logs'),
    dist: path.join(artifacts, 'dist'),
    natsPort,
    natsMonitorPort: Number(env.POLLY_NATS_MONITOR_PORT ?? 8222),
    natsUrl: env.POLLY_NATS_URL ?? `nats://127.0.0.1:${natsPort}`,
    postgresPort,
    databaseUrl: env.POLLY_DATABASE_URL ?? `postgres://postgres:polly-local@127.0.0.1:${postgresPort}/polly`,
    namespace: env.POLLY_NAMESPACE ?? '',
    env,
  };
}
