/**
 * The service as `runService` starts it: the bind rule, the bearer token (generated into a
 * 0600 file, or from the environment), health on both ports, and a clean stop.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, freePort } from '@polly/testing';
import { startService } from '@polly/runtime';
import { PublicBindRefused, controlApiService } from './service';
import { capturedLogger, request } from './testing/harness';

describe('the control API service', () => {
  let bus: TestBus;
  let database: TestDatabase;
  let folder: string;

  beforeAll(async () => {
    bus = await createTestBus();
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await bus?.dispose();
    await database?.dispose();
  });
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'polly-control-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const environment = (extra: Record<string, string>) => ({
    POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL,
    POLLY_DATABASE_URL: database.connectionString,
    POLLY_NAMESPACE: bus.namespace,
    POLLY_HEALTH_PORT: '0',
    POLLY_CONTROL_TOKEN_FILE: path.join(folder, 'control-token'),
    POLLY_SECRETS_DIR: path.join(folder, 'secrets'),
    POLLY_WEB_ROOT: path.join(folder, 'web'),
    POLLY_ENV_FILE: path.join(folder, '.env'),
    ...extra,
  });

  it.each(['0.0.0.0', '192.168.1.10', '::'])('refuses to listen on %s and says why in its log', async (host) => {
    const { logger, lines } = capturedLogger('control-api');
    await expect(startService(controlApiService, { logger, env: environment({ POLLY_CONTROL_HOST: host, POLLY_CONTROL_PORT: '0' }) })).rejects.toBeInstanceOf(PublicBindRefused);
    const refusal = lines.map((line) => JSON.parse(line)).find((entry) => entry.level === 'fatal');
    expect(refusal?.message).toContain(`refusing to listen on ${host}`);
    expect(refusal?.message).toContain('POLLY_CONTROL_ALLOW_PUBLIC_BIND');
  });

  it('listens on a public address only when forced, and logs a warning', async () => {
    const { logger, lines } = capturedLogger('control-api');
    const port = await freePort();
    const handle = await startService(controlApiService, { logger, env: environment({ POLLY_CONTROL_HOST: '0.0.0.0', POLLY_CONTROL_PORT: String(port), POLLY_CONTROL_ALLOW_PUBLIC_BIND: 'true' }) });
    try {
      expect(lines.some((line) => line.includes('"level":"warn"') && line.includes('non-loopback'))).toBe(true);
      // Reached through loopback, the Host rule still applies.
      expect((await request(port, 'GET', '/healthz', { as: 'none' })).status).toBe(200);
      expect((await request(port, 'GET', '/healthz', { as: 'none', headers: { host: 'polly.example' } })).status).toBe(421);
    } finally {
      await handle.stop();
    }
  });

  it('binds 127.0.0.1 by default, generates a token into a 0600 file, and answers health on both ports', async () => {
    const { logger, lines } = capturedLogger('control-api');
    const port = await freePort();
    const handle = await startService(controlApiService, { logger, env: environment({ POLLY_CONTROL_PORT: String(port) }) });
    try {
      const listening = lines.map((line) => JSON.parse(line)).find((entry) => entry.message === 'control API listening');
      expect(listening).toMatchObject({ url: `http://127.0.0.1:${port}`, bearerFrom: 'generated', bearerFile: path.join(folder, 'control-token') });
      const tokenFile = path.join(folder, 'control-token');
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const token = readFileSync(tokenFile, 'utf8').trim();
      expect(token.length).toBeGreaterThanOrEqual(40);
      expect(lines.join('\n')).not.toContain(token);
      expect((await request(port, 'POST', '/control/trading/enable?environment=demo', { as: 'none', headers: { authorization: `Bearer ${token}` } })).status).toBe(202);
      expect((await request(port, 'POST', '/control/trading/enable?environment=demo', { as: 'token' })).status).toBe(401);
      expect((await request(port, 'GET', '/readyz', { as: 'none' })).json).toMatchObject({ service: 'control-api', ready: true });
      const health = await fetch(`http://127.0.0.1:${handle.health.port}/metrics`);
      expect(await health.text()).toContain('polly_http_requests_total');
    } finally {
      await handle.stop();
    }
    await expect(request(port, 'GET', '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('uses POLLY_CONTROL_TOKEN when it is set and writes no file', async () => {
    const { logger } = capturedLogger('control-api');
    const port = await freePort();
    const token = 'configured-token-with-enough-characters';
    const handle = await startService(controlApiService, { logger, env: environment({ POLLY_CONTROL_PORT: String(port), POLLY_CONTROL_TOKEN: token }) });
    try {
      expect(() => statSync(path.join(folder, 'control-token'))).toThrow();
      expect((await request(port, 'POST', '/control/trading/disable', { as: 'none', headers: { authorization: `Bearer ${token}` } })).status).toBe(202);
    } finally {
      await handle.stop();
    }
  });
});
