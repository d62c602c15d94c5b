/**
 * The whole trading path for benchmarks, laid out as local mode runs it: the exchange simulator
 * and every service as their own processes (the built bundles), on the benchmark's nats-server
 * and Postgres under a fresh namespace and database, with a key pair registered at the
 * simulator and connected through the control API. Only the agents service runs in this
 * process, because the benchmark gives it the plugins to run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AnyAgentPlugin, createAgentsService } from '@polly/agents';
import { type Bus, connectBus } from '@polly/bus';
import { type ServiceHandle, createLogger, startService } from '@polly/runtime';
import { freePort, waitForPort } from '@polly/testing';
import { simulatorAdmin } from '@polly/exchange-sim';
import { migrate } from '../database';
import { type ChildService, bundlePath, startChildService } from '../stack/child-service';
import { disposeNamespace, stopChild } from './market-data-support';
import type { BenchmarkContext } from './types';

/** Every service but the agents, in start order (as `polly up` starts them). */
const CHILD_SERVICES = ['projector', 'discovery', 'ingest', 'cache', 'reconciliation', 'execution', 'gate', 'control-api'] as const;

export interface BenchSimulator {
  restUrl: string;
  admin(method: string, route: string, body?: unknown): Promise<any>;
}

export interface BenchStack {
  bus: Bus;
  simulator: BenchSimulator;
  keyId: string;
  /** A control API request with the bearer token; JSON in and out. */
  control(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Each service's captured log lines (for a failure report). */
  logs: Map<string, string[]>;
  stop(): Promise<void>;
}

function startSimulator(port: number, options: { markets: number; seed: number }): ChildProcess {
  const entry = bundlePath('exchange-sim');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm run bench does)`);
  return spawn(
    process.execPath,
    [entry, '--port', String(port), '--seed', String(options.seed), '--markets', String(options.markets), '--traders', 'off', '--log-level', 'error'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

export async function startBenchStack(
  context: BenchmarkContext,
  options: {
    /** The agents to run, chosen once the simulator is up (e.g. a probe of one of its markets). */
    plugins: (simulator: BenchSimulator) => Promise<readonly AnyAgentPlugin[]>;
    markets: number;
    seed: number;
    /** The type of the trading key execution signs each order with. */
    keyType: 'rsa' | 'ed25519';
    env?: Record<string, string>;
  },
): Promise<BenchStack> {
  const namespace = `bench${Date.now().toString(36)}`;
  const bus = await connectBus({ servers: context.natsUrl, name: `bench-${namespace}`, namespace });
  await bus.ensureStreams();
  const databaseUrl = context.postgresUrl.replace(/\/[^/]*$/, `/${namespace}`);
  await migrate(databaseUrl);

  const simulatorPort = await freePort();
  const simulatorProcess = startSimulator(simulatorPort, options);
  await waitForPort(simulatorPort, '127.0.0.1', 60_000);
  const origin = `http://127.0.0.1:${simulatorPort}`;
  const simulator: BenchSimulator = {
    restUrl: `${origin}/trade-api/v2`,
    admin: simulatorAdmin(`${origin}/admin`),
  };
  const { publicKey, privateKey } = options.keyType === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomUUID();
  await simulator.admin('POST', '/keys', { keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });

  const folder = mkdtempSync(path.join(os.tmpdir(), 'polly-bench-stack-'));
  const controlPort = await freePort();
  const controlToken = randomBytes(24).toString('hex');
  const env: Record<string, string> = {
    POLLY_NATS_URL: context.natsUrl,
    POLLY_NAMESPACE: namespace,
    POLLY_DATABASE_URL: databaseUrl,
    POLLY_ENVIRONMENTS: 'demo',
    POLLY_DEMO_REST_URL: simulator.restUrl,
    POLLY_DEMO_WS_URL: `ws://127.0.0.1:${simulatorPort}/trade-api/ws/v2`,
    POLLY_SECRETS_DIR: path.join(folder, 'secrets'),
    POLLY_ENV_FILE: path.join(folder, 'no.env'),
    POLLY_CONTROL_PORT: String(controlPort),
    POLLY_CONTROL_TOKEN: controlToken,
    POLLY_CONTROL_TOKEN_FILE: path.join(folder, 'control-token'),
    POLLY_WEB_ROOT: path.join(folder, 'no-web'),
    POLLY_STOP_TIMEOUT_MS: '5000',
    ...options.env,
  };
  const logs = new Map<string, string[]>();
  const children: ChildService[] = [];
  let agents: ServiceHandle<unknown> | undefined;
  const stop = async () => {
    await agents?.stop('benchmark finished');
    for (const child of children.reverse()) await child.stop();
    await stopChild(simulatorProcess);
    await disposeNamespace(bus);
    rmSync(folder, { recursive: true, force: true });
  };
  const control = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${controlPort}${route}`, {
      method,
      headers: { authorization: `Bearer ${controlToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  try {
    for (const name of CHILD_SERVICES) {
      const lines: string[] = [];
      logs.set(name, lines);
      context.log(`starting ${name}`);
      children.push(await startChildService(name, env, lines, { logLevel: 'warn', echo: false }));
    }
    const agentLines: string[] = [];
    logs.set('agents', agentLines);
    const plugins = await options.plugins(simulator);
    agents = (await startService(createAgentsService({ plugins }), {
      env: { ...process.env, ...env, POLLY_HEALTH_PORT: '0' },
      logger: createLogger({ service: 'agents', level: 'warn' }),
    })) as ServiceHandle<unknown>;
    const connected = await control('POST', '/control/keys/connect', { environment: 'demo', api_key: keyId, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    if (connected.status !== 200) throw new Error(`keys/connect answered ${connected.status}: ${JSON.stringify(connected.json)}`);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { bus, simulator, keyId, control, logs, stop };
}
