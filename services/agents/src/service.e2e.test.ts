/**
 * The bundled service as local mode runs it (`node .artifacts/dist/services/agents/main.mjs`):
 * it becomes ready, registers its agents, activates them on key entry, reports each agent's
 * lifecycle in its heartbeat, stops on SIGTERM with exit code 0, and refuses to start without a
 * database, saying which variable to set.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort, waitForPort } from '@polly/testing';
import { keysConnected, lastStateOf, publish, useTestbed, waitForEvents } from './testing/harness';

const root = path.resolve(__dirname, '../../..');
const bundle = path.join(root, '.artifacts/dist/services/agents/main.mjs');

function run(env: Record<string, string>): { child: ChildProcess; output: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [bundle], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  return { child, output, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

const get = (port: number, route: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: route }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });

describe('the bundled agents service', () => {
  const testbed = useTestbed();

  beforeAll(() => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  });

  it('registers its agents, activates them on key entry, and stops cleanly on SIGTERM', async () => {
    const { bus, database } = testbed;
    const port = await freePort();
    const service = run({
      POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL ?? '',
      POLLY_DATABASE_URL: database.connectionString,
      POLLY_NAMESPACE: bus.namespace,
      POLLY_ENVIRONMENTS: 'demo',
      POLLY_HEALTH_PORT: String(port),
      POLLY_AGENTS_ACTIVATION_QUIET_SECONDS: '1',
    });
    try {
      await waitForPort(port, '127.0.0.1', 20_000);
      await waitForEvents(bus, (events) => lastStateOf(events, 'prime') === 'STOPPED' && lastStateOf(events, 'peritia') === 'STOPPED', 'both agents registered');
      expect((await get(port, '/readyz')).status).toBe(200);
      await publish(bus, keysConnected());
      await waitForEvents(bus, (events) => lastStateOf(events, 'prime') === 'ACTIVE' && lastStateOf(events, 'peritia') === 'ACTIVE', 'both agents ACTIVE', 20_000);
      const metrics = (await get(port, '/metrics')).body;
      expect(metrics).toMatch(/polly_agents_lifecycle\{[^}]*agent="prime"[^}]*state="ACTIVE"[^}]*\} 1/);
    } finally {
      service.child.kill('SIGTERM');
    }
    expect(await service.exited).toBe(0);
  });

  it('refuses to start without a database and says what to set', async () => {
    const service = run({ POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL ?? '', POLLY_HEALTH_PORT: String(await freePort()) });
    expect(await service.exited).toBe(1);
    expect(service.output.join('')).toContain('set POLLY_DATABASE_URL');
  });
});
