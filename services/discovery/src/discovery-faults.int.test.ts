/**
 * A first listing of 50,000 simulated markets through failing pages (503, 500 and 429 storms the
 * retry table absorbs), an expired cursor (the listing restarts from its first page) and a page
 * that fails for good (the cycle ends early): the next cycle completes, and in the end every
 * market is stored exactly once — nothing lost, nothing published twice.
 */
import type { AnyEvent, EventData, MarketSynced } from '@polly/contracts';
import { type ExchangeSimulator, startExchangeSimulator } from '@polly/exchange-sim';
import { type FaultProxy, spoilCursor, startFaultProxy } from './testing/fault-proxy';
import { type Stack, admin, startStack } from './testing/harness';

jest.setTimeout(600_000);

type Synced = EventData<typeof MarketSynced>;

describe('a first listing through exchange failures', () => {
  let simulator: ExchangeSimulator;
  let stack: Stack;
  let proxy: FaultProxy;

  beforeAll(async () => {
    simulator = await startExchangeSimulator({ port: 0, seed: 11, markets: 50_000, traders: false, clock: 'manual' });
    stack = await startStack(simulator);
    proxy = await startFaultProxy(simulator.restUrl);
  });
  afterAll(async () => {
    await stack?.dispose();
    await proxy?.close();
    await simulator?.stop();
  });

  it('loses and duplicates no market', async () => {
    const faults = (body: unknown) => async () => void (await admin(simulator, 'POST', '/faults', body));
    // Counted per attempt through the proxy: retries are requests too.
    proxy.at('/events', 3, faults({ http: { status: 503, count: 2, pathPrefix: '/events' } }));
    proxy.at('/markets', 5, faults({ http: { status: 500, count: 3, pathPrefix: '/markets' } }));
    proxy.at('/markets', 12, faults({ http: { status: 429, count: 4, pathPrefix: '/markets' } }));
    proxy.at('/markets', 20, spoilCursor);
    proxy.at('/markets', 35, faults({ http: { status: 500, count: 4, pathPrefix: '/markets' } }));
    const discovery = await stack.openEnvironment({ restUrl: proxy.restUrl });

    const failed = await discovery.runCycle();
    expect(failed).toMatchObject({ ok: false, listingComplete: false, restarts: 1, fetched: 0 });
    expect(failed.error).toMatch(/getMarketsPage failed \(http 500\)/);
    // 2 (503) + 3 (500) + 4 (429) absorbed, then 3 more before the last page gave up.
    expect(failed.retries).toBe(12);
    expect(failed.listed.markets).toBeGreaterThan(5_000);

    const completed = await discovery.runCycle();
    expect(completed).toMatchObject({ ok: true, listingComplete: true, restarts: 0, retries: 0 });

    const listed = [...simulator.exchange.universe.markets.values()].filter((market) => ['initialized', 'active', 'inactive'].includes(market.status)).map((market) => market.ticker);
    expect(completed.listed.markets).toBe(listed.length);
    const synced = (await stack.marketsEvents({ type: 'market.synced' })) as Array<AnyEvent & { data: Synced }>;
    const published = synced.map((event) => event.data.marketTicker);
    expect(published).toHaveLength(listed.length);
    expect(new Set(published)).toEqual(new Set(listed));
    const retired = await stack.marketsEvents({ type: 'market.state-changed' });
    expect(retired.filter((event) => event.type === 'market.state-changed' && event.data.to === 'INACTIVE')).toEqual([]);
    expect((await stack.foldedPlan()).members.size).toBe(listed.length);
  });
});
