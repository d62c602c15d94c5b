/**
 * One writer per environment: a second cache stands by while the first holds the lease and takes
 * over when it stops; a lease left behind by a crashed cache expires; a holder keeps a lease whose
 * renewal was stored without its answer, and stops when another instance writes the key.
 */
import { BookSnapshotReceived, MarketState, createEvent, marketStateBucket } from '@polly/contracts';
import { type ServiceHandle, createLogger, startService } from '@polly/runtime';
import { type TestBus, createTestBus, eventually, testNatsUrl } from '@polly/testing';
import type { CacheConfig } from './config';
import { cacheService } from './service';
import { acquireWriterLease } from './writer-lease';

const TTL_MS = 1500;
let bus: TestBus;
const handles: Array<ServiceHandle<CacheConfig>> = [];

const startCache = async () => {
  const handle = await startService(cacheService, {
    env: { POLLY_NATS_URL: testNatsUrl(), POLLY_NAMESPACE: bus.namespace, POLLY_ENVIRONMENTS: 'demo', POLLY_HEALTH_PORT: '0', POLLY_CACHE_LEASE_TTL_MS: String(TTL_MS) },
    logger: createLogger({ service: 'cache', level: 'error' }),
  });
  handles.push(handle);
  return handle;
};

const snapshot = (seq: number, size: string) =>
  bus.publish(
    createEvent(BookSnapshotReceived, 'demo', { connectionId: 'c', sid: 1, seq, marketTicker: 'KXLEASE-1', yes: [['0.5000', size]], no: [], receivedAt: new Date().toISOString() }, { source: 'test' }),
  );

const cachedSize = async () => {
  const kv = await bus.bucketKeyValue(marketStateBucket('demo'));
  const entry = await kv.get('KXLEASE-1');
  return entry && entry.length > 0 ? MarketState.parse(entry.json()).book.yes[0]?.[1] : undefined;
};

beforeEach(async () => {
  bus = await createTestBus();
});

afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.stop();
  await bus.dispose();
});

describe('the writer lease', () => {
  it('keeps a second cache standing by until the first stops, then it takes over', async () => {
    const first = await startCache();
    let second: ServiceHandle<CacheConfig> | undefined;
    const starting = startCache().then((handle) => (second = handle));
    await snapshot(1, '1.00');
    await eventually(async () => (await cachedSize()) === '1.00', { what: 'the first cache to write' });
    await new Promise((resolve) => setTimeout(resolve, TTL_MS * 2));
    // Still standing by: the first renews its lease.
    expect(second).toBeUndefined();
    await first.stop();
    handles.splice(handles.indexOf(first), 1);
    await starting;
    await snapshot(2, '2.00');
    await eventually(async () => (await cachedSize()) === '2.00', { what: 'the second cache to write' });
    expect((await fetch(`http://127.0.0.1:${second?.health.port}/readyz`)).status).toBe(200);
  });

  it('expires a lease left by a cache that crashed', async () => {
    const leases = await bus.bucketKeyValue('cache-writer-demo', { history: 1, ttl: TTL_MS });
    await leases.create('writer', JSON.stringify({ holder: 'crashed' }));
    const started = Date.now();
    await startCache();
    expect(Date.now() - started).toBeGreaterThanOrEqual(TTL_MS / 2);
    await snapshot(1, '3.00');
    await eventually(async () => (await cachedSize()) === '3.00', { what: 'the cache to write after the stale lease expired' });
  });

  it('keeps a lease whose stored renewal it did not hear about, and gives it up to another holder at once', async () => {
    const lost: string[] = [];
    const abort = new AbortController();
    const lease = await acquireWriterLease({
      bus,
      environment: 'demo',
      holder: 'me',
      ttlMs: TTL_MS,
      logger: createLogger({ service: 'cache', level: 'error' }),
      signal: abort.signal,
      onLost: (reason) => lost.push(reason),
    });
    const leases = await bus.bucketKeyValue('cache-writer-demo', { history: 1, ttl: TTL_MS });
    // Our own renewal, stored, whose answer never came back: the revision moves under the holder.
    await leases.put('writer', JSON.stringify({ holder: 'me', renewedAt: new Date().toISOString() }));
    await new Promise((resolve) => setTimeout(resolve, TTL_MS * 1.5));
    expect(lost).toEqual([]);
    // Another instance writes the key: the lease is lost at the next renewal.
    await leases.put('writer', JSON.stringify({ holder: 'other', renewedAt: new Date().toISOString() }));
    await eventually(async () => lost.length === 1, { what: 'the lease lost' });
    expect(lost[0]).toMatch(/held by other/);
    abort.abort();
    await lease?.release();
  });
});
