import { schemaChecksums } from '@polly/db';
import { createLogger, startService } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, eventually, tradingHistory } from '@polly/testing';
import { PROJECTED_STREAMS } from './folds';
import { MAIN_PROJECTION, projectBatch, readCheckpoint } from './projection';
import { rebuildReadModels } from './rebuild';
import { projectorService } from './service';

const silent = createLogger({ service: 'projector', level: process.env.POLLY_TEST_LOG_LEVEL ?? 'silent' });

describe('the projector', () => {
  let bus: TestBus;
  let database: TestDatabase;
  let stopProjector: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    bus = await createTestBus();
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await stopProjector?.();
    await bus.dispose();
    await database.dispose();
  });

  async function startProjector() {
    const handle = await startService(projectorService, {
      logger: silent,
      env: { POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL, POLLY_DATABASE_URL: database.connectionString, POLLY_NAMESPACE: bus.namespace, POLLY_HEALTH_PORT: '0' },
    });
    stopProjector = () => handle.stop();
  }

  const caughtUp = async () => {
    for (const stream of PROJECTED_STREAMS) {
      const last = await bus.lastSequence(stream);
      if ((await readCheckpoint(database.db, 'main', stream)) < last) return false;
    }
    return true;
  };

  it('folds a few hundred mixed trading events, and a rebuild from sequence 1 gives identical tables', async () => {
    const history = tradingHistory({ events: 400, seed: 11, idPrefix: 'rebuild' });
    for (const event of history) await bus.publish(event);
    await startProjector();
    await eventually(caughtUp, { timeoutMs: 20_000, what: 'the projector to fold every event' });
    // Stop it so its heartbeats do not move the live tables past what the rebuild reads.
    await stopProjector?.();
    stopProjector = undefined;
    await eventually(caughtUp, { what: 'the last heartbeats to be folded' }).catch(() => undefined);

    const live = { demo: await schemaChecksums(database.db, 'demo'), live: await schemaChecksums(database.db, 'live') };
    const orders = live.demo.find((table) => table.table === 'orders');
    expect(orders?.rows).toBeGreaterThan(10);
    expect(live.demo.find((table) => table.table === 'fills')?.rows).toBeGreaterThan(5);
    expect(live.live.find((table) => table.table === 'agent_state')?.rows).toBe(2);

    const report = await rebuildReadModels({ bus, db: database.db, mode: 'shadow' });
    expect(report.endSequences.TRADING).toBe(history.length);
    expect(report.events).toBeGreaterThanOrEqual(history.length);
    expect(report.checksums.rebuild_demo).toEqual(live.demo);
    expect(report.checksums.rebuild_live).toEqual(live.live);
  });

  it('changes nothing when the same events are published or projected again', async () => {
    const history = tradingHistory({ events: 250, seed: 5, idPrefix: 'again' });
    for (const event of history) await bus.publish(event);
    await startProjector();
    await eventually(caughtUp, { timeoutMs: 20_000, what: 'the first projection' });
    const before = await schemaChecksums(database.db, 'demo');

    const republished = await Promise.all(history.slice(0, 50).map((event) => bus.publish(event)));
    expect(republished.every((result) => result.duplicate)).toBe(true);

    const replayed = history.slice(0, 100).map((event, index) => ({ event, streamSequence: index + 1 }));
    expect(await projectBatch(database.db, MAIN_PROJECTION, 'TRADING', replayed)).toBe(0);
    expect(await schemaChecksums(database.db, 'demo')).toEqual(before);
  });

  it('folds only the new part of a batch that overlaps what was already projected', async () => {
    const items = tradingHistory({ events: 300, seed: 8, idPrefix: 'overlap' }).map((event, index) => ({ event, streamSequence: index + 1 }));
    expect(await projectBatch(database.db, MAIN_PROJECTION, 'TRADING', items.slice(0, 200))).toBe(200);
    expect(await projectBatch(database.db, MAIN_PROJECTION, 'TRADING', items.slice(100))).toBe(items.length - 200);
    expect(await readCheckpoint(database.db, 'main', 'TRADING')).toBe(items.length);
    const reference = await createTestDatabase();
    try {
      expect(await projectBatch(reference.db, MAIN_PROJECTION, 'TRADING', items)).toBe(items.length);
      expect(await schemaChecksums(database.db, 'demo')).toEqual(await schemaChecksums(reference.db, 'demo'));
      expect(await schemaChecksums(database.db, 'live')).toEqual(await schemaChecksums(reference.db, 'live'));
    } finally {
      await reference.dispose();
    }
  });

  it('dead-letters an invalid event and keeps projecting the ones after it', async () => {
    const [first, second] = tradingHistory({ events: 2, seed: 3, environments: ['demo'], idPrefix: 'bad' });
    await bus.publish(first!);
    await bus.jetstream.publish(bus.subject('trading.demo.order.accepted'), new TextEncoder().encode(JSON.stringify({ ...second, type: 'order.accepted', data: { order: { price: 0.5 } } })));
    await bus.publish(second!);
    await startProjector();
    await eventually(caughtUp, { what: 'the projector to pass the invalid event' });
    const agents = await database.db.withSchema('demo').selectFrom('agent_state').selectAll().execute();
    expect(agents.map((agent) => agent.agent_id)).toEqual(['prime']);
    expect(agents[0]?.lifecycle_state).toBe('ACTIVE');
    const deadLetters = await bus.manager.streams.info(bus.stream('DEAD_LETTER'));
    expect(deadLetters.state.messages).toBe(1);

    // A rebuild reports it too, and folds the rest.
    const report = await rebuildReadModels({ bus, db: database.db, mode: 'shadow' });
    expect(report.invalid).toBe(1);
    expect(report.invalidMessages).toEqual([{ stream: 'TRADING', streamSequence: 2, reason: expect.stringContaining('invalid order.accepted data') }]);
    expect(report.checksums.rebuild_demo?.find((table) => table.table === 'agent_state')?.rows).toBe(1);
    expect(report.checksums.rebuild_demo?.find((table) => table.table === 'orders')?.rows).toBe(0);
  });
});
