/**
 * The ingest service as it runs: every environment isolated, idle until its keys are connected,
 * connecting on CONTROL `keys.connected` and closing on `keys.disconnected`, with health and
 * metrics on its port.
 */
import { type AnyEvent, KeysConnected, KeysDisconnected, createEvent } from '@polly/contracts';
import { type ServiceHandle, clearKeyPair, createLogger, startService } from '@polly/runtime';
import { type TestBus, createTestBus, eventually, testNatsUrl } from '@polly/testing';
import type { IngestConfig } from './config';
import { ingestService } from './service';
import { simulatorWithKeys } from './testing/data-path';

let exchange: Awaited<ReturnType<typeof simulatorWithKeys>>;
let bus: TestBus;
let ingest: ServiceHandle<IngestConfig>;

const url = (route: string) => `http://127.0.0.1:${ingest.health.port}${route}`;
const connectionEvents = async () => {
  const events: Array<AnyEvent & { data: any }> = [];
  if ((await bus.lastSequence('SYSTEM')) === 0) return events;
  for await (const item of bus.read({ stream: 'SYSTEM' })) if (item.valid && item.event.type === 'connection.changed') events.push(item.event as AnyEvent & { data: any });
  return events;
};

beforeAll(async () => {
  // Keys are registered with the exchange but not connected yet.
  exchange = await simulatorWithKeys({ seed: 3, markets: 200 }, false);
  const { simulator, secretsDir } = exchange;
  bus = await createTestBus();
  ingest = await startService(ingestService, {
    env: {
      POLLY_NATS_URL: testNatsUrl(),
      POLLY_NAMESPACE: bus.namespace,
      POLLY_ENVIRONMENTS: 'demo,live',
      POLLY_DEMO_WS_URL: simulator.wsUrl,
      POLLY_DEMO_REST_URL: simulator.restUrl,
      POLLY_LIVE_WS_URL: simulator.wsUrl,
      POLLY_SECRETS_DIR: secretsDir,
      POLLY_HEALTH_PORT: '0',
    },
    logger: createLogger({ service: 'ingest', level: 'error' }),
  });
}, 60_000);

afterAll(async () => {
  await ingest?.stop();
  await exchange?.stop();
  await bus?.dispose();
});

describe('the ingest service', () => {
  it('is ready and idle while no keys are connected', async () => {
    const ready = await eventually(async () => {
      const answer = await fetch(url('/readyz'));
      return answer.status === 200 ? ((await answer.json()) as { checks: Record<string, { detail: string }> }) : undefined;
    }, { what: 'readiness' });
    expect(ready.checks.demo?.detail).toMatch(/no keys/);
    expect(ready.checks.live?.detail).toMatch(/no keys/);
    expect(await connectionEvents()).toEqual([]);
  });

  it('connects the environment whose keys were connected, and only that one', async () => {
    exchange.connectKeys();
    await bus.publish(createEvent(KeysConnected, 'demo', { keyIdHint: exchange.keys.keyId.slice(-4), verifiedAt: new Date().toISOString(), balance: '1000.00' }, { source: 'control-api' }));
    const connected = await eventually(async () => (await connectionEvents()).find((event) => event.data.state === 'connected'), { what: 'the demo connection' });
    expect(connected.environment).toBe('demo');
    // Seven channels without a market filter wait for the plan; no book subscription yet.
    expect(connected.data.subscriptions).toBe(7);
    const metrics = await eventually(async () => {
      const text = await (await fetch(url('/metrics'))).text();
      return /polly_ingest_connection_state\{environment="demo",state="open"[^}]*\} 1/.test(text) ? text : undefined;
    }, { what: 'the connection state in the metrics' });
    expect(metrics).toMatch(/polly_ingest_frames_total\{environment="demo",type="subscribed"[^}]*\} 7/);
    expect(metrics).not.toMatch(/environment="live",state="open"/);
    expect((await connectionEvents()).every((event) => event.environment === 'demo')).toBe(true);
  });

  it('closes the WebSocket and forgets the keys when they are disconnected', async () => {
    clearKeyPair(exchange.secretsDir, 'demo');
    await bus.publish(createEvent(KeysDisconnected, 'demo', { reason: 'disconnected in the cockpit' }, { source: 'control-api' }));
    await eventually(async () => (await connectionEvents()).some((event) => event.data.state === 'disconnected'), { what: 'the disconnection' });
    const stats = async () => (await exchange.admin('GET', '/stats')) as { wsConnections: number; wsConnectionsTotal: number };
    await eventually(async () => (await stats()).wsConnections === 0, { what: 'the exchange to see the socket closed' });
    expect((await stats()).wsConnectionsTotal).toBe(1);
  });
});
