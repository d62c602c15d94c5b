/**
 * The discovery service as it runs (startService with its env configuration) against a small
 * simulated exchange: a cycle at start for demo, readiness, metrics and heartbeats; the live
 * environment idle until live keys are connected, and idle again once they are disconnected.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeysConnected, KeysDisconnected, createEvent } from '@polly/contracts';
import { type ExchangeSimulator, startExchangeSimulator } from '@polly/exchange-sim';
import { type ServiceHandle, clearKeyPair, startService, writeKeyPair } from '@polly/runtime';
import { eventually } from '@polly/testing';
import type { DiscoveryConfig } from './config';
import { discoveryService } from './service';
import { type Stack, startStack, testLogger } from './testing/harness';

jest.setTimeout(300_000);

async function get(port: number, route: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${route}`);
  return { status: response.status, text: await response.text() };
}

describe('the discovery service', () => {
  let simulator: ExchangeSimulator;
  let stack: Stack;
  let service: ServiceHandle<DiscoveryConfig> | undefined;
  let secrets: string;

  beforeAll(async () => {
    simulator = await startExchangeSimulator({ port: 0, seed: 3, markets: 2000, traders: false, clock: 'manual' });
    stack = await startStack(simulator);
    secrets = mkdtempSync(path.join(tmpdir(), 'polly-discovery-secrets-'));
    service = await startService(discoveryService, {
      logger: testLogger(),
      env: {
        POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL,
        POLLY_NAMESPACE: stack.bus.namespace,
        POLLY_DATABASE_URL: stack.database.connectionString,
        POLLY_HEALTH_PORT: '0',
        POLLY_ENVIRONMENTS: 'demo,live',
        POLLY_DEMO_REST_URL: simulator.restUrl,
        POLLY_LIVE_REST_URL: simulator.restUrl,
        POLLY_SECRETS_DIR: secrets,
        POLLY_DISCOVERY_INTERVAL_SECONDS: '3600',
        POLLY_DISCOVERY_PROGRESS_PAGES: '1',
      },
    });
  });
  afterAll(async () => {
    await service?.stop();
    await stack?.dispose();
    await simulator?.stop();
    rmSync(secrets, { recursive: true, force: true });
  });

  const completedCycles = async (environment: 'demo' | 'live') => (await stack.systemEvents(environment)).filter((event) => event.type === 'discovery.completed');

  it('lists demo at start, says so on SYSTEM, and becomes ready while live waits for its keys', async () => {
    const [completed] = await eventually(async () => {
      const cycles = await completedCycles('demo');
      return cycles.length > 0 ? cycles : undefined;
    }, { timeoutMs: 120_000, what: 'the first demo cycle' });
    expect(completed?.data).toMatchObject({ series: expect.any(Number), markets: expect.any(Number) });
    const progressed = (await stack.systemEvents('demo')).filter((event) => event.type === 'discovery.progressed');
    expect(new Set(progressed.map((event) => event.type === 'discovery.progressed' && event.data.phase))).toEqual(new Set(['series', 'events', 'markets']));

    const port = service?.health.port ?? 0;
    const ready = await eventually(async () => {
      const answer = await get(port, '/readyz');
      return answer.status === 200 ? (JSON.parse(answer.text) as { checks: Record<string, { detail: string | null }> }) : undefined;
    }, { what: 'readiness' });
    expect(ready.checks['discovery-live']?.detail).toMatch(/idle: waiting for live keys/);

    const metrics = (await get(port, '/metrics')).text;
    expect(metrics).toMatch(/polly_discovery_pages_total\{[^}]*environment="demo",phase="markets"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/polly_discovery_markets\{[^}]*environment="demo",state="ACTIVE"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/polly_discovery_cycle_duration_seconds_count\{[^}]*environment="demo"[^}]*\} 1/);

    expect(await stack.marketsEvents({ environment: 'live' })).toEqual([]);
    const heartbeat = await eventually(async () => (await stack.systemEvents('demo')).find((event) => event.type === 'service.heartbeat' && event.data.service === 'discovery' && typeof event.data.details['demo.markets'] === 'number'), {
      what: 'a heartbeat with the demo catalogue',
    });
    expect(heartbeat.data).toMatchObject({ service: 'discovery', details: { 'demo.running': true, 'live.running': false } });
  });

  it('starts live when live keys are connected and stops when they are disconnected', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeKeyPair(secrets, 'live', { keyId: 'live-key-0001', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), connectedAt: new Date().toISOString() });
    await stack.bus.publish(createEvent(KeysConnected, 'live', { keyIdHint: '0001', verifiedAt: new Date().toISOString(), balance: null }, { source: 'control-api' }));

    await eventually(async () => (await completedCycles('live')).length > 0, { timeoutMs: 120_000, what: 'the first live cycle' });
    const liveMarkets = await stack.marketsEvents({ environment: 'live', type: 'market.synced' });
    expect(liveMarkets.length).toBeGreaterThan(1000);

    clearKeyPair(secrets, 'live');
    await stack.bus.publish(createEvent(KeysDisconnected, 'live', { reason: 'test' }, { source: 'control-api' }));
    const port = service?.health.port ?? 0;
    await eventually(async () => {
      const answer = JSON.parse((await get(port, '/readyz')).text) as { checks: Record<string, { detail: string | null }> };
      return /idle: keys disconnected/.test(answer.checks['discovery-live']?.detail ?? '');
    }, { what: 'live discovery to stop' });
  });
});
