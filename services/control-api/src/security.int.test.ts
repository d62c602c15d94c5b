/**
 * The local-only rules, one by one, against a real listening server: Host (DNS rebinding),
 * Origin (CSRF) and CORS, the bearer token, the rate limit, the body size limit, problem
 * documents without stack traces, WebSocket upgrades, and the static cockpit build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { type Answer, type Harness, TEST_TOKEN, request, startHarness } from './testing/harness';

const upgradeHeaders = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };

function expectProblem(answer: Answer, status: number, type: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.json).toMatchObject({ type: `urn:polly:problem:${type}`, status, title: expect.any(String), detail: expect.any(String) });
  expect(answer.text).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/);
  expect(answer.text).not.toMatch(/stack/i);
}

describe('the local-only rules', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ projector: false, dependencies: { allowedOrigins: ['http://127.0.0.1:5173'] } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  describe('Host (DNS rebinding)', () => {
    it.each(['evil.example', `evil.example:${4400}`, '192.168.1.20:4400', '127.0.0.1.nip.io'])('refuses Host %s with 421, on reads too', async (host) => {
      expectProblem(await harness.call('GET', '/state/agents', { headers: { host } }), 421, 'misdirected-request');
    });

    it.each(['localhost', '[::1]'])('answers for %s with any port', async (name) => {
      const answer = await harness.call('GET', '/state/balance', { headers: { host: `${name}:${harness.port}` } });
      expect(answer.status).toBe(200);
    });

    it('refuses a WebSocket upgrade with a foreign Host', async () => {
      expectProblem(await harness.call('GET', '/events', { headers: { ...upgradeHeaders, host: 'evil.example' } }), 421, 'misdirected-request');
    });
  });

  describe('Origin (CSRF) and CORS', () => {
    it('refuses a command from a foreign origin, even with the token', async () => {
      expectProblem(await harness.call('POST', '/control/trading/enable', { headers: { origin: 'http://evil.example' } }), 403, 'forbidden');
      expectProblem(await harness.call('POST', '/control/trading/enable', { headers: { origin: 'http://evil.example', authorization: `Bearer ${TEST_TOKEN}` } }), 403, 'forbidden');
      expectProblem(await harness.call('POST', '/control/trading/enable', { headers: { origin: 'null' } }), 403, 'forbidden');
      expect((await harness.controlEvents()).length).toBe(0);
    });

    it('refuses another port on 127.0.0.1 unless it is an allowed origin', async () => {
      expectProblem(await harness.call('POST', '/control/trading/enable', { headers: { origin: 'http://127.0.0.1:5174' } }), 403, 'forbidden');
      const allowed = await harness.call('POST', '/control/trading/enable', { headers: { origin: 'http://127.0.0.1:5173' } });
      expect(allowed.status).toBe(202);
      expect(allowed.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    });

    it('sends CORS headers to its own and allowed origins only', async () => {
      const own = await harness.call('GET', '/state/balance');
      expect(own.headers['access-control-allow-origin']).toBe(harness.origin);
      const foreign = await harness.call('GET', '/state/balance', { headers: { origin: 'http://evil.example' } });
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await harness.call('OPTIONS', '/control/trading/enable', { headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-methods']).toContain('POST');
      expectProblem(await harness.call('OPTIONS', '/control/trading/enable', { headers: { origin: 'http://evil.example' } }), 403, 'forbidden');
    });

    it('refuses a WebSocket upgrade from a foreign origin (browsers apply no CORS to WebSockets)', async () => {
      expectProblem(await harness.call('GET', '/events', { headers: { ...upgradeHeaders, origin: 'http://evil.example' } }), 403, 'forbidden');
      expectProblem(await harness.call('GET', '/events/stream', { headers: { origin: 'http://evil.example' } }), 403, 'forbidden');
    });

    it('refuses a form post (the classic CSRF body) before reading it', async () => {
      const answer = await harness.call('POST', '/control/trading/enable', { rawBody: 'environment=live', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expectProblem(answer, 415, 'unsupported-media-type');
    });
  });

  describe('the bearer token', () => {
    it('is required for a command without an Origin', async () => {
      const answer = await harness.call('POST', '/control/trading/enable', { as: 'none' });
      expectProblem(answer, 401, 'unauthenticated');
      expect(answer.headers['www-authenticate']).toBe('Bearer');
    });

    it('must be the right one, wherever it is presented', async () => {
      expectProblem(await harness.call('POST', '/control/trading/enable', { as: 'none', headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' } }), 401, 'unauthenticated');
      expectProblem(await harness.call('GET', '/state/balance', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthenticated');
    });

    it('lets a token holder send commands, recorded as requested by "token"', async () => {
      const answer = await harness.call('POST', '/control/trading/enable?environment=demo', { as: 'token' });
      expect(answer.status).toBe(202);
      const events = await harness.controlEvents();
      expect(events.at(-1)).toMatchObject({ type: 'trading.enable', data: { requestedBy: 'token' } });
    });

    it('is not needed for reads', async () => {
      expect((await harness.call('GET', '/state/balance', { as: 'none' })).status).toBe(200);
    });
  });

  describe('bodies', () => {
    it('refuses a body over 64 KiB with 413', async () => {
      const answer = await harness.call('POST', '/control/trading/disable', { body: { reason: 'x', padding: 'y'.repeat(70 * 1024) } });
      expectProblem(answer, 413, 'payload-too-large');
    });

    it('refuses broken JSON without echoing it', async () => {
      const answer = await harness.call('POST', '/control/keys/connect', { rawBody: '{"private_key": "-----BEGIN PRIVATE KEY-----MIIEsecret', headers: { 'content-type': 'application/json' } });
      expectProblem(answer, 400, 'invalid-request');
      expect(answer.text).not.toContain('MIIEsecret');
      expect(harness.apiLog.join('\n')).not.toContain('MIIEsecret');
    });

    it('answers an unknown route and a plain GET of /events with problems', async () => {
      expectProblem(await harness.call('GET', '/state/nothing'), 404, 'not-found');
      expectProblem(await harness.call('GET', '/events'), 426, 'upgrade-required');
    });
  });

  describe('the cockpit build', () => {
    it('says how to build it when it is missing', async () => {
      const answer = await harness.call('GET', '/');
      expect(answer.status).toBe(503);
      expect(answer.headers['content-type']).toMatch(/text\/html/);
      expect(answer.text).toContain('npm run build -w @polly/web');
    });
  });
});

describe('the rate limit', () => {
  it('lets a burst of 60 through per address, then answers 429 with Retry-After', async () => {
    const harness = await startHarness({ projector: false, dependencies: { rateLimit: { refillPerSecond: 30, capacity: 60 } } });
    try {
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 90 }, () => harness.call('GET', '/state/nothing-here')));
      const elapsedSeconds = (Date.now() - started) / 1000;
      const passed = answers.filter((answer) => answer.status === 404).length;
      const refused = answers.filter((answer) => answer.status === 429);
      expect(passed + refused.length).toBe(90);
      expect(passed).toBeGreaterThanOrEqual(60);
      expect(passed).toBeLessThanOrEqual(60 + Math.ceil(30 * elapsedSeconds));
      expect(refused.length).toBeGreaterThan(0);
      expectProblem(refused[0] as Answer, 429, 'too-many-requests');
      expect(Number(refused[0]?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await harness.call('GET', '/state/nothing-here')).status).toBe(404);
    } finally {
      await harness.close();
    }
  });
});

describe('an internal failure', () => {
  it('is a 500 problem without a stack trace; the log has the reason', async () => {
    const harness = await startHarness({ projector: false });
    try {
      await sql`drop schema demo cascade`.execute(harness.database.db);
      const answer = await harness.call('GET', '/state/orders?environment=demo');
      expectProblem(answer, 500, 'internal-error');
      expect(answer.text).not.toContain('demo');
      expect(harness.apiLog.some((line) => line.includes('request failed') && line.includes('orders'))).toBe(true);
    } finally {
      await harness.close();
    }
  });
});

describe('the static cockpit', () => {
  it('serves the build with module content types and no directory listing', async () => {
    const webRoot = mkdtempSync(path.join(os.tmpdir(), 'polly-web-'));
    mkdirSync(path.join(webRoot, 'js'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>cockpit</title><script type="module" src="/js/main.js"></script>');
    writeFileSync(path.join(webRoot, 'js', 'main.js'), 'export const ready = true;\n');
    writeFileSync(path.join(webRoot, '.env'), 'KALSHI_DEMO_PRIVATE_KEY=secret\n');
    const harness = await startHarness({ projector: false, dependencies: { webRoot } });
    try {
      const index = await harness.call('GET', '/');
      expect(index.status).toBe(200);
      expect(index.headers['content-type']).toMatch(/^text\/html/);
      expect(index.headers['x-frame-options']).toBe('DENY');
      expect(index.headers['cache-control']).toBe('no-cache');
      const script = await harness.call('GET', '/js/main.js');
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      expect(script.text).toContain('export const ready');
      expect((await harness.call('GET', '/js/')).status).toBe(404);
      expect((await harness.call('GET', '/.env')).status).toBe(404);
      expect((await harness.call('GET', '/../package.json')).status).toBe(404);
    } finally {
      await harness.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });
});

describe('requests straight to the port', () => {
  it('are refused without a Host header', async () => {
    const harness = await startHarness({ projector: false });
    try {
      const answer = await request(harness.port, 'GET', '/state/balance', { headers: { host: '' } });
      expect([400, 421]).toContain(answer.status);
    } finally {
      await harness.close();
    }
  });
});
