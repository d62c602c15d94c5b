import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { schemaChecksums } from '@polly/db';
import { PROJECTED_STREAMS, projectorService, readCheckpoint } from '@polly/projector';
import { createLogger, startService } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, eventually, tradingHistory } from '@polly/testing';

const run = promisify(execFile);
const cli = path.resolve(__dirname, '../../../.artifacts/dist/libs/cli/main.mjs');

describe('polly replay', () => {
  let bus: TestBus;
  let database: TestDatabase;
  let stopProjector: () => Promise<void>;
  const history = tradingHistory({ events: 300, seed: 21, idPrefix: 'cli' });

  const polly = (...args: string[]) =>
    run(process.execPath, [cli, ...args], {
      env: { ...process.env, POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL, POLLY_DATABASE_URL: database.connectionString, POLLY_NAMESPACE: bus.namespace, NO_COLOR: '1' },
      maxBuffer: 32 * 1024 * 1024,
    });

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
    bus = await createTestBus();
    database = await createTestDatabase();
    for (const event of history) await bus.publish(event);
    const handle = await startService(projectorService, {
      logger: createLogger({ service: 'projector', level: 'silent' }),
      env: { POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL, POLLY_DATABASE_URL: database.connectionString, POLLY_NAMESPACE: bus.namespace, POLLY_HEALTH_PORT: '0' },
    });
    stopProjector = () => handle.stop();
    await eventually(async () => (await readCheckpoint(database.db, 'main', 'TRADING')) >= history.length, { timeoutMs: 20_000, what: 'the live projection' });
    // Stop it so heartbeats do not keep changing the live tables while the rebuild compares.
    await stopProjector();
  });

  afterAll(async () => {
    await bus.dispose();
    await database.dispose();
  });

  it('rebuilds from sequence 1 with checksums equal to the live projection', async () => {
    const { stdout, stderr } = await polly('replay', '--rebuild');
    expect(stderr).toMatch(/folded \d+ events in \d+ ms \(\d+ events\/s\)/);
    expect(stdout).toContain('the rebuilt read models equal the live ones');
    expect(stdout).not.toContain('DIFFERENT');
    expect(stdout).toMatch(/orders\s+\d+\s+\d+\s+[0-9a-f]{32}\s+[0-9a-f]{32}\s+same/);
  });

  it('changes nothing when the same events are published again', async () => {
    const before = await schemaChecksums(database.db, 'demo');
    const results = await Promise.all(history.map((event) => bus.publish(event)));
    expect(results.every((result) => result.duplicate)).toBe(true);
    const { stdout } = await polly('replay', '--rebuild');
    expect(stdout).toContain('the rebuilt read models equal the live ones');
    expect(await schemaChecksums(database.db, 'demo')).toEqual(before);
  });

  it('prints and filters any stream by type and environment', async () => {
    const expected = history.filter((event) => event.type === 'order.accepted' && event.environment === 'demo');
    const { stdout } = await polly('replay', '--stream', 'trading', '--type', 'order.accepted', '--env', 'demo', '--json');
    const printed = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(printed.map((event) => event.id)).toEqual(expected.map((event) => event.id));
    const counted = await polly('replay', '--subject', 'trading.live.fill.recorded.>', '--count');
    expect(counted.stdout).toContain(`TRADING fill.recorded  ${history.filter((event) => event.type === 'fill.recorded' && event.environment === 'live').length}`);
    expect(PROJECTED_STREAMS).toContain('TRADING');
  });
});
