/**
 * The whole system in one test process: the exchange simulator plus every service, each started
 * through its own service definition (config validated from env, as in production), isolated on
 * the test run's NATS and Postgres by a fresh namespace and database, every port chosen freely.
 * End-to-end tests (trading path, control API, cockpit) share this instead of each wiring the
 * services by hand. Each service's log lines are captured (for assertions and secret scans).
 *
 * Chosen services can run as child processes from their built bundles instead (`processes`),
 * with the same environment, so a test can `kill` one with any signal and `restart` it.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ExchangeSimulator, type SimulatorOptions, simulatorAdmin, startExchangeSimulator } from '@polly/exchange-sim';
import { type Logger, type ServiceDefinition, type ServiceHandle, createLogger, lineCollector, startService } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase } from '@polly/testing';
import { type ChildService, bundleServices, startChildService } from './child-service';
import { SERVICE_DEFINITIONS, type StackServiceName } from './definitions';
import { type EventRecorder, recordEvents } from './recorder';
import { findRoot } from '../settings';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyServiceDefinition = ServiceDefinition<any>;

export interface StackOptions {
  /** Which services to run (default: all, in dependency order). */
  services?: StackServiceName[];
  /** Services to run as child processes from `.artifacts/dist/services/<name>/main.mjs`. */
  processes?: StackServiceName[];
  /** Bundle the `processes` from their sources before starting (default true). */
  build?: boolean;
  /**
   * Replace in-process services' definitions, e.g. agents with an extra plugin, or with the
   * simulator's clock when a test moves the exchange's time (`POST /admin/clock/advance`).
   */
  definitions?: (simulator: ExchangeSimulator) => Partial<Record<StackServiceName, AnyServiceDefinition>>;
  simulator?: SimulatorOptions;
  /** Extra environment variables for every service (e.g. POLLY_DEMO_TRADE_MODE=paper). */
  env?: Record<string, string>;
  /** Service log level (default warn; POLLY_TEST_LOG_LEVEL overrides it); lines are captured at this level. */
  logLevel?: string;
  /** Print captured log lines as they arrive (debugging; default: POLLY_TEST_ECHO set). */
  echoLogs?: boolean;
}

export interface StackKeys {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

export interface Stack {
  bus: TestBus;
  database: TestDatabase;
  simulator: ExchangeSimulator;
  /** A key pair registered with the simulator (not connected: connect it through the control API). */
  keys: StackKeys;
  env: Record<string, string>;
  controlUrl: string | undefined;
  controlToken: string;
  secretsDir: string;
  logs: Map<string, string[]>;
  /** Every TRADING, CONTROL and SYSTEM event published since the stack started. */
  recorder: EventRecorder;
  handle(name: StackServiceName): ServiceHandle<unknown> | undefined;
  /** The process of a service run as a child, if it is running. */
  child(name: StackServiceName): ChildService | undefined;
  startService(name: StackServiceName): Promise<void>;
  stopService(name: StackServiceName): Promise<void>;
  /** Signal a child-process service (SIGKILL by default) and wait until it has exited. */
  kill(name: StackServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Send a signal to a child-process service without waiting (SIGSTOP freezes it, SIGCONT resumes it). */
  signal(name: StackServiceName, signal: NodeJS.Signals): void;
  /** Start a stopped or killed service again (stopping it first if it still runs). */
  restart(name: StackServiceName): Promise<void>;
  /** A control API request as a non-browser client (bearer token); JSON in and out. */
  control(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** A simulator admin request; throws on an error status. */
  admin(method: string, route: string, body?: unknown): Promise<any>;
  /** Write every recorded event and every service's log lines under `.artifacts/logs/<name>/` (for reading after a run). */
  saveRecord(name: string): string;
  stop(): Promise<void>;
}

function capturingLogger(service: string, level: string, lines: string[], echo: boolean): Logger {
  return createLogger({ service, level, destination: lineCollector(lines, echo ? (text) => process.stdout.write(text) : undefined) });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const processes = new Set(options.processes ?? []);
  if (processes.size > 0 && options.build !== false) await bundleServices([...processes]);
  const bus = await createTestBus();
  const database = await createTestDatabase();
  const simulator = await startExchangeSimulator({ port: 0, markets: 500, seed: 7, ...options.simulator });
  const recorder = recordEvents(bus);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys: StackKeys = {
    keyId: randomUUID(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  simulator.registerKey(keys.keyId, keys.publicKeyPem);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'polly-stack-'));
  const secretsDir = path.join(folder, 'secrets');
  const envFile = path.join(folder, 'keys.env');
  writeFileSync(envFile, `KALSHI_DEMO_KEY_ID=${keys.keyId}\nKALSHI_DEMO_PRIVATE_KEY="${keys.privateKeyPem.replace(/\n/g, '\\n')}"\n`, { mode: 0o600 });
  const controlToken = randomBytes(24).toString('hex');
  const env: Record<string, string> = {
    POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL ?? '',
    POLLY_NAMESPACE: bus.namespace,
    POLLY_DATABASE_URL: database.connectionString,
    POLLY_ENVIRONMENTS: 'demo',
    POLLY_DEMO_REST_URL: simulator.restUrl,
    POLLY_DEMO_WS_URL: simulator.wsUrl,
    POLLY_SECRETS_DIR: secretsDir,
    POLLY_ENV_FILE: envFile,
    POLLY_CONTROL_PORT: '0',
    POLLY_CONTROL_TOKEN: controlToken,
    POLLY_CONTROL_TOKEN_FILE: path.join(folder, 'control-token'),
    POLLY_WEB_ROOT: path.resolve(__dirname, '../../../../.artifacts/web'),
    POLLY_HEALTH_PORT: '0',
    POLLY_STOP_TIMEOUT_MS: '5000',
    ...options.env,
  };
  // POLLY_TEST_LOG_LEVEL and POLLY_TEST_ECHO let whoever runs a test see more than it asked for.
  const logLevel = process.env.POLLY_TEST_LOG_LEVEL ?? options.logLevel ?? 'warn';
  const echo = options.echoLogs ?? Boolean(process.env.POLLY_TEST_ECHO);
  const overrides = options.definitions?.(simulator) ?? {};
  const logs = new Map<string, string[]>();
  const handles = new Map<StackServiceName, ServiceHandle<unknown>>();
  const children = new Map<StackServiceName, ChildService>();
  const names = options.services ?? (Object.keys(SERVICE_DEFINITIONS) as StackServiceName[]);

  const start = async (name: StackServiceName) => {
    const lines = logs.get(name) ?? [];
    logs.set(name, lines);
    if (processes.has(name)) {
      children.set(name, await startChildService(name, env, lines, { logLevel, echo }));
      return;
    }
    const definition = (overrides[name] ?? (await SERVICE_DEFINITIONS[name]())) as ServiceDefinition<never>;
    const handle = (await startService(definition, {
      env: { ...process.env, ...env },
      logger: capturingLogger(name, logLevel, lines, echo),
    })) as ServiceHandle<unknown>;
    handles.set(name, handle);
  };
  const stopOne = async (name: StackServiceName) => {
    await handles.get(name)?.stop(`stack stops ${name}`);
    handles.delete(name);
    await children.get(name)?.stop();
    children.delete(name);
  };
  const disposeAll = async () => {
    for (const name of [...names].reverse()) await stopOne(name).catch(() => undefined);
    recorder.stop();
    await simulator.stop();
    await bus.dispose();
    await database.dispose();
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    for (const name of names) await start(name);
  } catch (error) {
    await disposeAll();
    throw error;
  }
  const stack: Stack = {
    bus,
    database,
    simulator,
    keys,
    env,
    get controlUrl() {
      const info = handles.get('control-api')?.info;
      return info ? String(info.url) : undefined;
    },
    controlToken,
    secretsDir,
    logs,
    recorder,
    handle: (name) => handles.get(name),
    child: (name) => children.get(name),
    startService: start,
    stopService: stopOne,
    kill: async (name, signal = 'SIGKILL') => {
      const child = children.get(name);
      if (!child) throw new Error(`${name} is not running as a child process (StackOptions.processes)`);
      await child.kill(signal);
      children.delete(name);
    },
    signal: (name, signal) => {
      const child = children.get(name);
      if (!child) throw new Error(`${name} is not running as a child process (StackOptions.processes)`);
      child.signal(signal);
    },
    restart: async (name) => {
      await stopOne(name);
      await start(name);
    },
    control: async (method, route, body) => {
      const url = stack.controlUrl;
      if (!url) throw new Error('the control API is not running in this stack');
      const response = await fetch(`${url}${route}`, {
        method,
        headers: { authorization: `Bearer ${controlToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    admin: simulatorAdmin(simulator.adminUrl),
    saveRecord: (name) => {
      const target = path.join(findRoot(__dirname), '.artifacts/logs', name);
      mkdirSync(target, { recursive: true });
      writeFileSync(path.join(target, 'events.jsonl'), recorder.recorded.map((entry) => JSON.stringify({ receivedAt: entry.receivedAt, subject: entry.subject, ...entry.event })).join('\n'));
      for (const [service, lines] of logs) writeFileSync(path.join(target, `${service}.log`), lines.join('\n'));
      return target;
    },
    stop: disposeAll,
  };
  return stack;
}
