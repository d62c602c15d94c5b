/**
 * The crash test: execution runs as its own process (the built bundle). Latency is injected
 * between it and the simulator (answers held back for 1.5 s), so orders are in flight — placed at
 * the exchange, unanswered — when the process is killed with SIGKILL. The restarted process
 * resumes every claim left `submitting` with the same client order id: the exchange answers 409,
 * the order is looked up and adopted, and the simulator holds exactly one order per id.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Market } from '@polly/kalshi';
import { eventually, freePort } from '@polly/testing';
import { type Harness, startWithMarket, tradeIntent } from './testing/harness';
import { startLatencyProxy } from './testing/latency-proxy';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../../..');
const bundle = path.join(root, '.artifacts/dist/services/execution/main.mjs');
const logs = path.join(root, '.artifacts/logs');

describe('execution killed with orders in flight', () => {
  let harness: Harness;
  let market: Market;
  let running: ChildProcess | null = null;
  let healthPort = 0;
  let proxy: Awaited<ReturnType<typeof startLatencyProxy>>;

  const start = async (run: string): Promise<ChildProcess> => {
    mkdirSync(logs, { recursive: true });
    const log = createWriteStream(path.join(logs, `execution-crash-test-${run}.log`));
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, ...harness.serviceEnv({ POLLY_HEALTH_PORT: String(healthPort), POLLY_LOG_LEVEL: 'info', POLLY_DEMO_REST_URL: `${proxy.url}/trade-api/v2` }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`execution exited with ${child.exitCode}; see ${log.path}`);
        const response = await fetch(`http://127.0.0.1:${healthPort}/readyz`).catch(() => null);
        return response?.ok ?? false;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'execution ready' },
    );
    return child;
  };

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [path.join(root, 'infra/bundle.mjs'), 'src/main.ts'], { cwd: path.join(root, 'services/execution') });
    ({ harness, market } = await startWithMarket());
    healthPort = await freePort();
    proxy = await startLatencyProxy(new URL(harness.simulator.restUrl).origin);
  });

  afterAll(async () => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    await proxy?.stop();
    await harness?.dispose();
  });

  it('places one order per client order id across a kill -9 and a restart', async () => {
    running = await start('first');
    proxy.setDelay(5000);
    const intents = Array.from({ length: 10 }, (_, index) => tradeIntent(market.ticker, { price: `0.${String(20 + index).padStart(2, '0')}00`, count: '1.00' }));
    for (const intent of intents) await harness.approve(intent);

    // Every order claimed and placed at the exchange, the answers held back for 5 s (order.submitted
    // goes out beside the request, so the exchange's own log says when they have all landed)...
    const landed = async () => (await harness.orderLog()).filter((entry) => entry.method === 'POST' && entry.status === 201).length;
    await eventually(async () => harness.events('order.submitted').length >= intents.length && (await landed()) >= intents.length, { timeoutMs: 4500, intervalMs: 20, what: 'orders placed, answers held back' });
    expect(harness.events('order.accepted')).toHaveLength(0);
    running.kill('SIGKILL');
    await new Promise<void>((resolve) => running?.once('exit', () => resolve()));

    // ...their answers lost with the process.
    expect(await landed()).toBe(intents.length);
    proxy.setDelay(0);

    running = await start('second');
    await eventually(
      async () => intents.every((intent) => harness.events('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId).length > 0),
      { timeoutMs: 30_000, what: 'every order accepted after the restart' },
    );

    const log = await harness.orderLog();
    const account = (await harness.admin('GET', `/accounts/${harness.trader.keyId}`)) as { orders: Array<{ order_id: string; client_order_id: string }> };
    for (const intent of intents) {
      const placed = log.filter((entry) => entry.method === 'POST' && entry.clientOrderId === intent.clientOrderId && entry.status === 201);
      expect(placed).toHaveLength(1);
      const held = account.orders.filter((order) => order.client_order_id === intent.clientOrderId);
      expect(held).toHaveLength(1);
      const accepted = harness.events('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
      expect(accepted.map((event) => event.data.order.orderId)).toEqual([held[0]?.order_id]);
    }
    // The orders that had landed were found again: the restarted process was told 409 for them.
    expect(log.filter((entry) => entry.method === 'POST' && entry.status === 409).length).toBeGreaterThanOrEqual(9);
  });

  it('never writes the key to its logs (only the last four characters of the key id)', () => {
    const written = ['first', 'second'].map((run) => readFileSync(path.join(logs, `execution-crash-test-${run}.log`), 'utf8')).join('\n');
    expect(written).toContain(harness.trader.keyId.slice(-4));
    expect(written).not.toContain(harness.trader.keyId);
    const keyBody = harness.trader.privateKeyPem.split('\n')[1] as string;
    expect(written).not.toContain(keyBody);
  });
});
