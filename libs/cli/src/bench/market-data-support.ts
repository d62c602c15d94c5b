/**
 * What the market-data benchmarks share: the built services (exchange simulator, ingest, cache)
 * started as their own processes, exactly as `polly up` runs them, with a fresh namespace on the
 * benchmark's NATS; keys for the simulator; and readings from the services' /metrics.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bus } from '@polly/bus';
import { writeKeyPair } from '@polly/runtime';
import { freePort, waitForPort } from '@polly/testing';
import { simulatorAdmin } from '@polly/exchange-sim';
import { serviceProcessEnv } from '../services';
import { loadSettings } from '../settings';

export interface ServiceProcess {
  name: string;
  port: number;
  pid: number;
  /** Resident memory in bytes, from /proc (Linux). */
  residentBytes(): number;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** The entry point of a built service; the benchmark runner builds everything first. */
function builtEntry(name: string): string {
  const entry = path.join(loadSettings().dist, 'services', name, 'main.mjs');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm run bench does)`);
  return entry;
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the process has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startServiceProcess(name: 'ingest' | 'cache', env: Record<string, string>, log: (message: string) => void): Promise<ServiceProcess> {
  const port = await freePort();
  // Node flags for one service, e.g. a profile: POLLY_BENCH_INGEST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles"
  const nodeArgs = (process.env[`POLLY_BENCH_${name.toUpperCase()}_NODE_ARGS`] ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, builtEntry(name)], {
    // The Node options the service ships with (serviceNodeOptions), unless the benchmark's env sets NODE_OPTIONS.
    env: serviceProcessEnv(name, { ...process.env, ...env, POLLY_HEALTH_PORT: String(port), POLLY_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => log(`${name}: ${chunk.toString().trim().slice(0, 500)}`));
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') log(`${name} exited with ${code ?? signal}`);
  });
  await waitForPort(port, '127.0.0.1', 60_000);
  return {
    name,
    port,
    pid: child.pid ?? 0,
    residentBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
    stop: () => stopChild(child),
  };
}

/** The exchange simulator as its own process, with one account whose keys are in a secrets folder. */
export async function startSimulatorProcess(options: { markets: number; seed: number }) {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'polly-bench-'));
  const keysDir = path.join(folder, 'public-keys');
  const secretsDir = path.join(folder, 'secrets');
  mkdirSync(keysDir);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomUUID();
  writeFileSync(path.join(keysDir, `${keyId}.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
  writeKeyPair(secretsDir, 'demo', { keyId, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), connectedAt: new Date().toISOString() });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [builtEntry('exchange-sim'), '--port', String(port), '--seed', String(options.seed), '--markets', String(options.markets), '--traders', 'off', '--keys-dir', keysDir, '--log-level', 'error'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitForPort(port, '127.0.0.1', 60_000);
  const origin = `http://127.0.0.1:${port}`;
  return {
    pid: child.pid ?? 0,
    secretsDir,
    restUrl: `${origin}/trade-api/v2`,
    wsUrl: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
    admin: simulatorAdmin(`${origin}/admin`),
    async stop(): Promise<void> {
      await stopChild(child);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The sum of a Prometheus metric's samples whose labels include every given pair. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const body = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([key, value]) => body.includes(`${key}="${value}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** A quantile from a Prometheus histogram's cumulative buckets (the upper bound of its bucket). */
export function histogramQuantile(text: string, name: string, quantile: number): number | null {
  const buckets: Array<{ bound: number; count: number }> = [];
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} (\\S+)$`).exec(line);
    if (match) buckets.push({ bound: match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]), count: Number(match[2]) });
  }
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  return buckets.find((bucket) => bucket.count >= total * quantile)?.bound ?? null;
}

/** Wait until `check` holds, polling; throws with `what` after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Delete a benchmark namespace's streams and buckets, then close. */
export async function disposeNamespace(bus: Bus): Promise<void> {
  for await (const name of bus.manager.streams.names()) {
    if (name.startsWith(`${bus.namespace}_`) || name.startsWith(`KV_${bus.namespace}_`)) await bus.manager.streams.delete(name).catch(() => undefined);
  }
  await bus.close();
}

export const loadAverage = (): string => os.loadavg().map((value) => value.toFixed(2)).join(' / ');
