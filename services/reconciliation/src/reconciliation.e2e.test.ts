/**
 * Reconciliation against the exchange simulator, with real NATS, Postgres and the projector.
 * A previous run is staged: orders placed on the simulator directly with the Kalshi client (one
 * never recorded, one filled by a counterparty while the read model still says resting, one
 * cancelled behind our back), an order recorded as submitted that never landed, and a wrong
 * account position. The startup cycle reports each difference and publishes its repair; once the
 * projector has folded the repairs, a second cycle is clean.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AgentRegistered,
  type AnyEvent,
  type Environment,
  OrderAccepted,
  OrderSubmitted,
  type OrderView,
  PositionUpdated,
  ReconciliationRequested,
  createEvent,
  parseDollars,
  toIsoTimestamp,
} from '@polly/contracts';
import { schemaOf } from '@polly/db';
import { type ExchangeSimulator, startExchangeSimulator } from '@polly/exchange-sim';
import { type KalshiClient, type Market, collectAll, createKalshiClient } from '@polly/kalshi';
import { projectorService } from '@polly/projector';
import { createLogger, startService, writeKeyPair } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, eventually, testNatsUrl } from '@polly/testing';
import { exampleOrder } from './diff/testing';
import { reconciliationService } from './service';

jest.setTimeout(120_000);

const ENVIRONMENT: Environment = 'demo';
const silent = (service: string) => createLogger({ service, level: 'silent' });

interface Account {
  keyId: string;
  privateKeyPem: string;
  kalshi: KalshiClient;
}

function openAccount(simulator: ExchangeSimulator): Account {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomUUID();
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  simulator.registerKey(keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString(), { balance: '1000.00', tier: 'prime' });
  return { keyId, privateKeyPem, kalshi: createKalshiClient({ environment: ENVIRONMENT, restBaseUrl: simulator.restUrl, keyId, privateKeyPem }) };
}

/** Markets open for hours, priced on the cent grid, so staged orders neither close nor fall off the grid. */
async function quietMarkets(kalshi: KalshiClient, wanted: number): Promise<Market[]> {
  const listed = await collectAll(kalshi.listMarkets({ status: 'open' }));
  if (!listed.ok) throw new Error(`listing markets failed: ${listed.error.message}`);
  const lateEnough = Date.now() + 4 * 3_600_000;
  const onCentGrid = listed.value.filter(
    (market) => Date.parse(market.close_time) > lateEnough && market.price_ranges.length > 0 && market.price_ranges.every((range) => parseDollars(range.step) === 10_000n),
  );
  if (onCentGrid.length < wanted) throw new Error(`only ${onCentGrid.length} cent-grid markets open`);
  return onCentGrid.slice(0, wanted);
}

async function place(account: Account, order: { ticker: string; side: 'bid' | 'ask'; price: string; count: string; clientOrderId: string; timeInForce?: 'good_till_canceled' | 'fill_or_kill' }) {
  const placed = await account.kalshi.createOrder({
    ticker: order.ticker,
    side: order.side,
    price: order.price,
    count: order.count,
    client_order_id: order.clientOrderId,
    time_in_force: order.timeInForce ?? 'good_till_canceled',
    self_trade_prevention_type: 'taker_at_cross',
  });
  if (!placed.ok) throw new Error(`placing ${order.clientOrderId} failed: ${placed.error.message}`);
  return placed.value;
}

/** How our read model recorded a buy of YES: as `status`, long enough ago to be past any in-flight window. */
function recorded(order: { clientOrderId: string; orderId: string | null; ticker: string; cents: number; contracts: number; status: 'submitted' | 'resting' }): OrderView {
  const at = toIsoTimestamp(Date.now() - 60_000);
  const base = exampleOrder(0, order.ticker, { bookSide: 'bid', price: order.cents, count: order.contracts });
  return { ...base, clientOrderId: order.clientOrderId, orderId: order.orderId, intentId: `intent-${order.clientOrderId}`, status: order.status, createdAt: at, updatedAt: at };
}

const clientId = (suffix: string) => `prime-${Date.now().toString(36)}-${suffix}`;

async function eventsOf(bus: TestBus, stream: 'TRADING' | 'SYSTEM', filter: string): Promise<AnyEvent[]> {
  const events: AnyEvent[] = [];
  for await (const item of bus.read({ stream, filterSubject: filter })) if (item.valid) events.push(item.event as AnyEvent);
  return events;
}

async function completedCycles(bus: TestBus) {
  return (await eventsOf(bus, 'SYSTEM', `system.${ENVIRONMENT}.>`)).flatMap((event) => (event.type === 'reconciliation.completed' ? [event.data] : []));
}

describe('reconciliation against the exchange simulator', () => {
  let simulator: ExchangeSimulator;
  let bus: TestBus;
  let database: TestDatabase;
  let secretsDir: string;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    simulator = await startExchangeSimulator({ port: 0, seed: 23, markets: 400, traders: false });
    bus = await createTestBus();
    database = await createTestDatabase();
    secretsDir = mkdtempSync(path.join(os.tmpdir(), 'polly-secrets-'));
    const projector = await startService(projectorService, {
      env: { POLLY_NATS_URL: testNatsUrl(), POLLY_NAMESPACE: bus.namespace, POLLY_DATABASE_URL: database.connectionString, POLLY_HEALTH_PORT: '0' },
      logger: silent('projector'),
    });
    stops.push(() => projector.stop());
  });

  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await simulator.stop();
    await database.dispose();
    await bus.dispose();
    rmSync(secretsDir, { recursive: true, force: true });
  });

  async function startReconciliation(extra: Record<string, string> = {}) {
    const service = await startService(reconciliationService, {
      env: {
        POLLY_NATS_URL: testNatsUrl(),
        POLLY_NAMESPACE: bus.namespace,
        POLLY_DATABASE_URL: database.connectionString,
        POLLY_HEALTH_PORT: '0',
        POLLY_ENVIRONMENTS: ENVIRONMENT,
        POLLY_DEMO_REST_URL: simulator.restUrl,
        POLLY_DEMO_TRADE_MODE: 'live',
        POLLY_SECRETS_DIR: secretsDir,
        POLLY_RECONCILIATION_GRACE_SECONDS: '0',
        ...extra,
      },
      logger: silent('reconciliation'),
    });
    stops.push(() => service.stop());
    return service;
  }

  const publish = async (...events: AnyEvent[]) => {
    for (const event of events) await bus.publish(event);
  };
  const schema = () => database.db.withSchema(schemaOf(ENVIRONMENT));

  it('reports and repairs what a previous run left behind, and the next cycle is clean', async () => {
    const ours = openAccount(simulator);
    const counterparty = openAccount(simulator);
    writeKeyPair(secretsDir, ENVIRONMENT, { keyId: ours.keyId, privateKeyPem: ours.privateKeyPem, connectedAt: toIsoTimestamp(Date.now()) });
    const [first, second] = await quietMarkets(ours.kalshi, 2);
    if (!first || !second) throw new Error('no markets');

    // Never recorded: resting at the exchange, unknown to the read model.
    const unknownId = clientId('unkn01');
    const unknown = await place(ours, { ticker: first.ticker, side: 'bid', price: '0.1100', count: '3.00', clientOrderId: unknownId });
    // Recorded as resting; a counterparty filled it completely while we were away.
    const filledId = clientId('fill01');
    const filled = await place(ours, { ticker: first.ticker, side: 'bid', price: '0.4000', count: '5.00', clientOrderId: filledId });
    await place(counterparty, { ticker: first.ticker, side: 'ask', price: '0.4000', count: '5.00', clientOrderId: `other-${randomUUID()}`, timeInForce: 'fill_or_kill' });
    // Recorded as resting; cancelled at the exchange behind our back.
    const cancelledId = clientId('canc01');
    const cancelled = await place(ours, { ticker: second.ticker, side: 'bid', price: '0.2000', count: '2.00', clientOrderId: cancelledId });
    const cancel = await ours.kalshi.cancelOrder(cancelled.order_id);
    if (!cancel.ok) throw new Error(cancel.error.message);
    // Recorded as submitted, but it never reached the exchange.
    const lostId = clientId('lost01');

    const at = { source: 'execution', occurredAt: new Date(Date.now() - 60_000) };
    await publish(
      createEvent(AgentRegistered, ENVIRONMENT, { agentId: 'prime', agentName: 'Prime', enabled: true, mode: 'SemiAuto', configuration: {} }, { source: 'agents' }) as AnyEvent,
      createEvent(OrderAccepted, ENVIRONMENT, { order: recorded({ clientOrderId: filledId, orderId: filled.order_id, ticker: first.ticker, cents: 40, contracts: 5, status: 'resting' }) }, at) as AnyEvent,
      createEvent(OrderAccepted, ENVIRONMENT, { order: recorded({ clientOrderId: cancelledId, orderId: cancelled.order_id, ticker: second.ticker, cents: 20, contracts: 2, status: 'resting' }) }, at) as AnyEvent,
      createEvent(OrderSubmitted, ENVIRONMENT, { order: recorded({ clientOrderId: lostId, orderId: null, ticker: second.ticker, cents: 30, contracts: 1, status: 'submitted' }) }, at) as AnyEvent,
      createEvent(
        PositionUpdated,
        ENVIRONMENT,
        { marketTicker: second.ticker, agentId: null, position: '7.00', costBasis: '1.4000', realizedPnl: '0.0000', feesPaid: '0.0100', markPrice: null, unrealizedPnl: null, source: 'exchange' },
        at,
      ) as AnyEvent,
    );
    await eventually(async () => (await schema().selectFrom('orders').select('client_order_id').execute()).length === 3 && (await schema().selectFrom('agent_state').select('agent_id').execute()).length === 1, {
      what: 'the staged read model',
    });

    await startReconciliation();
    const [startup] = await eventually(async () => {
      const cycles = await completedCycles(bus);
      return cycles.length > 0 ? cycles : undefined;
    }, { timeoutMs: 30_000, what: 'the startup cycle' });
    expect(startup).toMatchObject({ trigger: 'startup', clean: false, error: null });
    expect(startup?.byKind).toEqual({ 'unknown-order': 1, 'order-mismatch': 2, 'missing-order': 1, 'missing-fill': 1, 'position-mismatch': 2 });

    const trading = await eventsOf(bus, 'TRADING', `trading.${ENVIRONMENT}.>`);
    const found = trading.flatMap((event) => (event.type === 'reconciliation.discrepancy' ? [event.data] : []));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'unknown-order', orderId: unknown.order_id, clientOrderId: unknownId, resolution: 'flagged' }),
        expect.objectContaining({ kind: 'order-mismatch', orderId: filled.order_id, resolution: 'adopted-exchange-state' }),
        expect.objectContaining({ kind: 'order-mismatch', orderId: cancelled.order_id }),
        expect.objectContaining({ kind: 'missing-order', clientOrderId: lostId }),
        expect.objectContaining({ kind: 'missing-fill', orderId: filled.order_id }),
        expect.objectContaining({ kind: 'position-mismatch', marketTicker: first.ticker, remote: expect.objectContaining({ position: '5.00' }) }),
        expect.objectContaining({ kind: 'position-mismatch', marketTicker: second.ticker, local: expect.objectContaining({ position: '7.00' }) }),
      ]),
    );
    const repairs = trading.filter((event) => event.source === 'reconciliation' && event.type !== 'reconciliation.discrepancy');
    expect(repairs.map((event) => event.type).sort()).toEqual(['fill.recorded', 'order.updated', 'order.updated', 'order.updated', 'order.updated', 'position.updated', 'position.updated']);
    for (const repair of repairs) {
      if (repair.type === 'order.updated') expect(repair.data.cause).toBe('reconciliation');
      if (repair.type === 'fill.recorded') expect(repair.data).toMatchObject({ source: 'reconciliation', agentId: 'prime', clientOrderId: filledId, count: '5.00', yesPrice: '0.4000' });
      if (repair.type === 'position.updated') expect(repair.data).toMatchObject({ source: 'reconciliation', agentId: null });
    }

    // The projector folds the repairs into the read model...
    await eventually(
      async () => {
        const rows = await schema().selectFrom('orders').select(['client_order_id', 'status', 'agent_id']).execute();
        const status = Object.fromEntries(rows.map((row) => [row.client_order_id, `${row.status}/${row.agent_id}`]));
        return status[unknownId] === 'resting/prime' && status[filledId] === 'executed/prime' && status[cancelledId] === 'canceled/prime' && status[lostId] === 'failed/prime';
      },
      { what: 'repaired orders in the read model' },
    );
    const positions = await schema().selectFrom('positions').select(['market_ticker', 'position']).where('holder', '=', 'account').execute();
    expect(Object.fromEntries(positions.map((row) => [row.market_ticker, Number(row.position)]))).toEqual({ [first.ticker]: 5, [second.ticker]: 0 });
    expect(await schema().selectFrom('fills').select(['order_id', 'source']).execute()).toEqual([{ order_id: filled.order_id, source: 'reconciliation' }]);
    await eventually(async () => (await schema().selectFrom('reconciliation_cycles').select('cycle_id').where('completed_at', 'is not', null).execute()).length === 1, {
      what: 'the cycle in the read model',
    });

    // ...and the next cycle finds nothing.
    await publish(createEvent(ReconciliationRequested, ENVIRONMENT, { trigger: 'manual', reason: 'the test asks' }, { source: 'test' }) as AnyEvent);
    const cycles = await eventually(async () => {
      const all = await completedCycles(bus);
      return all.length >= 2 ? all : undefined;
    }, { timeoutMs: 30_000, what: 'the second cycle' });
    expect(cycles[1]).toMatchObject({ trigger: 'manual', clean: true, discrepancies: 0, error: null });
  });

  it('cancels an unknown resting order when configured to', async () => {
    const ours = openAccount(simulator);
    writeKeyPair(secretsDir, ENVIRONMENT, { keyId: ours.keyId, privateKeyPem: ours.privateKeyPem, connectedAt: toIsoTimestamp(Date.now()) });
    const [market] = await quietMarkets(ours.kalshi, 1);
    if (!market) throw new Error('no market');
    const stranger = await place(ours, { ticker: market.ticker, side: 'ask', price: '0.9000', count: '1.00', clientOrderId: `manual-${randomUUID()}` });

    await startReconciliation({ POLLY_RECONCILIATION_CANCEL_UNKNOWN: 'true' });
    const [cycle] = await eventually(async () => {
      const cycles = await completedCycles(bus);
      return cycles.length > 0 ? cycles : undefined;
    }, { timeoutMs: 30_000, what: 'the startup cycle' });
    expect(cycle?.byKind).toEqual({ 'unknown-order': 1 });
    const found = (await eventsOf(bus, 'TRADING', `trading.${ENVIRONMENT}.>`)).flatMap((event) => (event.type === 'reconciliation.discrepancy' ? [event.data] : []));
    expect(found).toEqual([expect.objectContaining({ kind: 'unknown-order', orderId: stranger.order_id, resolution: 'cancelled' })]);
    const atExchange = await ours.kalshi.getOrder(stranger.order_id);
    expect(atExchange.ok && atExchange.value.order.status).toBe('canceled');
    await eventually(async () => (await schema().selectFrom('orders').select('status').where('order_id', '=', stranger.order_id).executeTakeFirst())?.status === 'canceled', {
      what: 'the cancelled stranger in the read model',
    });
  });

  it('runs no cycle without keys, and says so without an error', async () => {
    const service = await startReconciliation();
    await eventually(async () => {
      const metrics = await service.context.metrics.registry.getSingleMetricAsString('polly_reconciliation_cycles_total');
      return /outcome="skipped-no-keys"[^\n]* 1/.test(metrics);
    }, { what: 'the skipped startup cycle in the metrics' });
    const system = await eventsOf(bus, 'SYSTEM', `system.${ENVIRONMENT}.>`);
    expect(system.filter((event) => event.type.startsWith('reconciliation.'))).toEqual([]);
  });
});
