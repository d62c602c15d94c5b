/**
 * 10,000 malformed or unknown frames sent through the exchange's WebSocket, in between real
 * traffic and 1,000 valid frames of our own: ingest does not crash or reconnect, counts each bad
 * frame by reason on /metrics, and publishes every valid frame around them (all counted).
 */
import { type ServiceHandle, createLogger, startService } from '@polly/runtime';
import { type TestBus, createTestBus, eventually, testNatsUrl } from '@polly/testing';
import type { IngestConfig } from './config';
import { ingestService } from './service';
import { planPublisher, simulatorWithKeys, storedEvents } from './testing/data-path';

jest.setTimeout(240_000);

const INJECTED_TICKER = 'INJECTED-E2E-1';
const VALID_FRAMES = 1_000;

/** 2,000 frames of each kind of garbage the parser must refuse, with the reason it should give. */
const malformed: Array<{ reason: string; frame: (index: number) => string }> = [
  { reason: 'invalid-json', frame: (index) => `{"type":"orderbook_delta","sid":1,"seq":${index},` },
  { reason: 'not-an-object', frame: (index) => (index % 2 === 0 ? `[${index}]` : `"frame ${index}"`) },
  { reason: 'missing-type', frame: (index) => `{"sid":${index},"msg":{"market_ticker":"X"}}` },
  { reason: 'unknown-type', frame: (index) => `{"type":"mystery_${index % 50}","sid":1,"seq":${index},"msg":{}}` },
  { reason: 'invalid-envelope', frame: (index) => (index % 2 === 0 ? `{"type":"ticker","msg":{"market_ticker":"X${index}"}}` : `{"type":"error","id":${index},"msg":{"code":"x"}}`) },
];
const PER_KIND = 2_000;
// Half of the last kind are well-formed envelopes around an invalid message instead.
const invalidMessage = (index: number) => `{"type":"orderbook_delta","sid":1,"seq":${index},"msg":{"market_ticker":"X","side":"maybe","price_dollars":"0.5000","delta_fp":"1.00"}}`;

const validTicker = (index: number) => JSON.stringify({ type: 'ticker', sid: 999, msg: { market_ticker: INJECTED_TICKER, price_dollars: '0.5000', volume_fp: `${index}.00` } });

function metricValues(text: string, name: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = new RegExp(`^polly_${name}\\{([^}]*)\\} (\\S+)$`).exec(line);
    if (match) values.set(match[1] as string, Number(match[2]));
  }
  return values;
}
const label = (labels: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1] ?? '';

let exchange: Awaited<ReturnType<typeof simulatorWithKeys>>;
let bus: TestBus;
let ingest: ServiceHandle<IngestConfig>;

beforeAll(async () => {
  exchange = await simulatorWithKeys({ seed: 31, markets: 400 });
  bus = await createTestBus();
  ingest = await startService(ingestService, {
    env: {
      POLLY_NATS_URL: testNatsUrl(),
      POLLY_NAMESPACE: bus.namespace,
      POLLY_ENVIRONMENTS: 'demo',
      POLLY_DEMO_WS_URL: exchange.simulator.wsUrl,
      POLLY_DEMO_REST_URL: exchange.simulator.restUrl,
      POLLY_SECRETS_DIR: exchange.secretsDir,
      POLLY_HEALTH_PORT: '0',
    },
    logger: createLogger({ service: 'ingest', level: 'error' }),
  });
});

afterAll(async () => {
  await ingest?.stop();
  await exchange?.stop();
  await bus?.dispose();
});

it('counts every malformed frame by reason, never crashes, and publishes every valid frame around them', async () => {
  const metrics = async () => (await fetch(`http://127.0.0.1:${ingest.health.port}/metrics`)).text();
  await eventually(async () => (await fetch(`http://127.0.0.1:${ingest.health.port}/readyz`)).status === 200, { what: 'ingest to connect' });
  const markets = exchange.bitcoinMarkets(6);
  await planPublisher(bus)({ add: markets });
  await eventually(async () => /type="orderbook_snapshot"[^}]*\} 6\b/.test(await metrics()), { what: 'the planned books' });
  await exchange.admin('POST', '/traders', { enabled: true, ordersPerSecond: 200 });
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  // 1,100 frames per injection: one valid ticker, then ten bad frames, and again.
  const bad: string[] = [];
  malformed.forEach(({ frame }, kind) => {
    for (let index = 0; index < PER_KIND; index += 1) bad.push(kind === malformed.length - 1 && index % 2 === 1 ? invalidMessage(index) : frame(index));
  });
  const interleaved: string[] = [];
  for (let index = 0; index < VALID_FRAMES; index += 1) interleaved.push(validTicker(index), ...bad.slice(index * 10, index * 10 + 10));
  for (let start = 0; start < interleaved.length; start += 1_100) {
    const answer = await exchange.admin('POST', '/ws/inject', { frames: interleaved.slice(start, start + 1_100) });
    expect(answer.connections).toBe(1);
    // Real traffic goes on between the injections.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await exchange.admin('POST', '/traders', { enabled: false });

  // The valid frames among them all arrive, in order (one by one, or joined in ticker.updates).
  const injected = await eventually(async () => {
    const volumes: string[] = [];
    for (const { event } of await storedEvents(bus, 'MARKET_DATA')) {
      if (event.type === 'ticker.updated' && event.data.marketTicker === INJECTED_TICKER) volumes.push(event.data.volume ?? '');
      if (event.type === 'ticker.updates' && event.data.marketTicker === INJECTED_TICKER) volumes.push(...event.data.updates.map((update) => update.volume ?? ''));
    }
    return volumes.length === VALID_FRAMES ? volumes : undefined;
  }, { what: 'every valid injected frame', timeoutMs: 60_000 });
  expect(injected).toEqual(Array.from({ length: VALID_FRAMES }, (_, index) => `${index}.00`));

  // Each bad frame counted once, by reason.
  const text = await eventually(async () => {
    const current = await metrics();
    const total = [...metricValues(current, 'ingest_rejected_frames_total').values()].reduce((sum, value) => sum + value, 0);
    return total >= 10_000 ? current : undefined;
  }, { what: 'the rejections on /metrics' });
  const rejected = Object.fromEntries([...metricValues(text, 'ingest_rejected_frames_total')].map(([labels, value]) => [label(labels, 'reason'), value]));
  expect(rejected).toEqual({
    'invalid-json': 2_000,
    'not-an-object': 2_000,
    'missing-type': 2_000,
    'unknown-type': 2_000,
    'invalid-envelope': 1_000,
    'invalid-message': 1_000,
  });

  // Every real frame the exchange sent was read, and every data frame published as its event.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const stats = (await exchange.admin('GET', '/stats')) as { wsMessagesSent: number; wsFramesInjected: number; wsConnectionsTotal: number };
  const final = await metrics();
  const frames = Object.fromEntries([...metricValues(final, 'ingest_frames_total')].map(([labels, value]) => [label(labels, 'type'), value]));
  const published = Object.fromEntries([...metricValues(final, 'ingest_published_events_total')].map(([labels, value]) => [label(labels, 'type'), value]));
  const joined = Object.fromEntries([...metricValues(final, 'ingest_batched_reports_total')].map(([labels, value]) => [label(labels, 'type'), value]));
  const read = Object.values(frames).reduce((sum, value) => sum + value, 0);
  expect(stats.wsFramesInjected).toBe(11_000);
  expect(read - VALID_FRAMES).toBe(stats.wsMessagesSent);
  expect(frames.orderbook_delta).toBeGreaterThan(0);
  // A delta or ticker report is published alone, or inside a batch (counted by what it holds).
  expect((published['book.delta'] ?? 0) + (joined['book.deltas'] ?? 0)).toBe(frames.orderbook_delta);
  expect(published['book.snapshot']).toBe(frames.orderbook_snapshot);
  expect((published['ticker.updated'] ?? 0) + (joined['ticker.updates'] ?? 0)).toBe(frames.ticker);
  expect(published['trade.executed']).toBe(frames.trade);
  console.log(`read ${read} frames (${VALID_FRAMES} injected valid, ${stats.wsMessagesSent} from the exchange) and refused 10,000: ${JSON.stringify(frames)}; joined in batches: ${JSON.stringify(joined)}`);

  // Still the first connection, still ready.
  expect(stats.wsConnectionsTotal).toBe(1);
  expect((await fetch(`http://127.0.0.1:${ingest.health.port}/readyz`)).status).toBe(200);
});
