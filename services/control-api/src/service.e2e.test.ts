/**
 * The bundled service as local mode runs it (`node .artifacts/dist/services/control-api/main.mjs`
 * with the API on POLLY_CONTROL_PORT and the health server on its own POLLY_HEALTH_PORT): it
 * serves the API and the real cockpit build on the API port, /metrics on the health port, stops
 * on SIGTERM, and exits non-zero when asked to bind a public address.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, freePort, waitForPort } from '@polly/testing';
import { request } from './testing/harness';

const root = path.resolve(__dirname, '../../..');
const bundle = path.join(root, '.artifacts/dist/services/control-api/main.mjs');
const webBuild = path.join(root, '.artifacts/web');

interface Running {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [bundle], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

describe('the bundled control API', () => {
  let bus: TestBus;
  let database: TestDatabase;
  let folder: string;

  beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
    bus = await createTestBus();
    database = await createTestDatabase();
    folder = mkdtempSync(path.join(os.tmpdir(), 'polly-control-e2e-'));
  });
  afterAll(async () => {
    await bus?.dispose();
    await database?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const environment = (port: number, extra: Record<string, string> = {}) => ({
    POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL ?? '',
    POLLY_DATABASE_URL: database.connectionString,
    POLLY_NAMESPACE: bus.namespace,
    POLLY_CONTROL_PORT: String(port),
    POLLY_HEALTH_PORT: '0',
    POLLY_CONTROL_TOKEN_FILE: path.join(folder, 'control-token'),
    POLLY_SECRETS_DIR: path.join(folder, 'secrets'),
    POLLY_WEB_ROOT: webBuild,
    ...extra,
  });

  it('serves the API and the cockpit on its port and the metrics on the health port', async () => {
    const port = await freePort();
    const healthPort = await freePort();
    const service = run(environment(port, { POLLY_HEALTH_PORT: String(healthPort) }));
    try {
      await waitForPort(port, '127.0.0.1', 20_000);
      expect((await request(healthPort, 'GET', '/metrics', { as: 'none' })).text).toContain('# TYPE');
      expect((await request(port, 'GET', '/healthz', { as: 'none' })).json).toMatchObject({ status: 'ok', service: 'control-api' });
      expect((await request(port, 'GET', '/state/system', { as: 'none' })).json).toMatchObject({ environment: 'demo', global_trading_enabled: false });
      if (existsSync(path.join(webBuild, 'index.html'))) {
        const page = await request(port, 'GET', '/', { as: 'none' });
        expect(page.status).toBe(200);
        expect(page.text).toContain('Polly Prediction Partners');
        const script = readdirSync(path.join(webBuild, 'js')).find((name) => name.endsWith('.js'));
        if (script) expect((await request(port, 'GET', `/js/${script}`, { as: 'none' })).headers['content-type']).toMatch(/^text\/javascript/);
      }
      expect(service.output.join('')).toContain('control API listening');
    } finally {
      service.child.kill('SIGTERM');
    }
    expect(await service.exited).toBe(0);
  }, 40_000);

  it('exits non-zero with a clear log line when asked to bind a public address', async () => {
    const port = await freePort();
    const service = run(environment(port, { POLLY_CONTROL_HOST: '0.0.0.0', POLLY_HEALTH_PORT: '0' }));
    expect(await service.exited).toBe(1);
    expect(service.output.join('')).toMatch(/refusing to listen on 0\.0\.0\.0/);
  }, 20_000);
});
