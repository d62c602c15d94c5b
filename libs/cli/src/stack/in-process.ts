/**
 * The whole system in one test process: the exchange simulator plus every service, each started
 * through its own service definition (config validated from env, as in production), isolated on
 * the test run's NATS and Postgres by a fresh namespace and database, every port chosen freely.
 * End-to-end tests (trading path, control API, cockpit) share this instead of each wiring the
 * services by hand. Each service's log lines are captured (for assertions and secret scans).
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type ExchangeSimulator, type SimulatorOptions, startExchangeSimulator } from '@polly/exchange-sim';
import { type Logger, type ServiceDefinition, type ServiceHandle, createLogger, startService } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase } from '@polly/testing';
import { SERVICE_DEFINITIONS, type StackServiceName } from './definitions';

export interface StackOptions {
  /** Which services to run (default: all, in dependency order). */
  services?: StackServiceName[];
  simulator?: SimulatorOptions;
  /** Extra environment variables for every service (e.g. POLLY_DEMO_TRADE_MODE=paper). */
  env?: Record<string, string>;
  /** Service log level (default warn); lines are captured either way at this level. */
  logLevel?: string;
  /** Print captured log lines as they arrive (debugging). */
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
  handle(name: StackServiceName): ServiceHandle<unknown> | undefined;
  startService(name: StackServiceName): Promise<ServiceHandle<unknown>>;
  stopService(name: StackServiceName): Promise<void>;
  stop(): Promise<void>;
}

function capturingLogger(service: string, level: string, lines: string[], echo: boolean): Logger {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      const text = String(chunk);
      for (const line of text.split('\n')) if (line) lines.push(line);
      if (echo) process.stdout.write(text);
      done();
    },
  });
  return createLogger({ service, level, destination });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const bus = await createTestBus();
  const database = await createTestDatabase();
  const simulator = await startExchangeSimulator({ port: 0, markets: 500, seed: 7, ...options.simulator });
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
  const logs = new Map<string, string[]>();
  const handles = new Map<StackServiceName, ServiceHandle<unknown>>();
  const names = options.services ?? (Object.keys(SERVICE_DEFINITIONS) as StackServiceName[]);

  const start = async (name: StackServiceName) => {
    const lines = logs.get(name) ?? [];
    logs.set(name, lines);
    const definition = (await SERVICE_DEFINITIONS[name]()) as ServiceDefinition<never>;
    const handle = (await startService(definition, {
      env: { ...process.env, ...env },
      logger: capturingLogger(name, options.logLevel ?? 'warn', lines, options.echoLogs ?? false),
    })) as ServiceHandle<unknown>;
    handles.set(name, handle);
    return handle;
  };
  const stopOne = async (name: StackServiceName) => {
    await handles.get(name)?.stop(`stack stops ${name}`);
    handles.delete(name);
  };

  try {
    for (const name of names) await start(name);
  } catch (error) {
    for (const name of [...handles.keys()].reverse()) await stopOne(name).catch(() => undefined);
    await simulator.stop();
    await bus.dispose();
    await database.dispose();
    throw error;
  }
  return {
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
    handle: (name) => handles.get(name),
    startService: start,
    stopService: stopOne,
    stop: async () => {
      for (const name of [...handles.keys()].reverse()) await stopOne(name).catch(() => undefined);
      await simulator.stop();
      await bus.dispose();
      await database.dispose();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
