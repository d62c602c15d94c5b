/**
 * Listing a few thousand markets through failing pages and an expired cursor: nothing missing,
 * nothing yielded twice. The reference listing is read with plain HTTP, independently of the client.
 */
import { systemClock } from '../clock';
import { type SimulatorHarness, plainRequest, startSimulator } from '../testing/simulator';
import { type PaginationProgress, collectAll, paginate } from './pagination';
import type { Market } from './schemas/market-data';

let exchange: SimulatorHarness;

beforeAll(async () => {
  exchange = await startSimulator({ markets: 3000, traders: false });
}, 60_000);

afterEach(async () => {
  await exchange.clearFaults();
});

afterAll(async () => {
  await exchange?.stop();
});

/** Every market ticker, read page by page with fetch (no client, no retries). */
async function referenceTickers(): Promise<string[]> {
  const tickers: string[] = [];
  let cursor = '';
  do {
    const url = new URL(`${exchange.restUrl}/markets`);
    url.searchParams.set('limit', '1000');
    if (cursor) url.searchParams.set('cursor', cursor);
    const answer = await plainRequest('GET', url.toString());
    const page = JSON.parse(answer.text) as { markets: Array<{ ticker: string }>; cursor?: string | null };
    tickers.push(...page.markets.map((market) => market.ticker));
    cursor = page.cursor ?? '';
  } while (cursor);
  return tickers;
}

describe('listing every market', () => {
  it('yields exactly the exchange listing through a failing page and an expired cursor', async () => {
    const reference = await referenceTickers();
    expect(reference.length).toBeGreaterThan(2000);
    expect(new Set(reference).size).toBe(reference.length);

    const client = exchange.client();
    const progress: PaginationProgress[] = [];
    let pagesAsked = 0;
    const listing = paginate<Market>(
      {
        operation: 'listMarkets',
        keyOf: (market) => market.ticker,
        fetchPage: async (cursor, limit) => {
          pagesAsked += 1;
          // The third page: its first two requests fail with a 500 (retried per the table).
          if (pagesAsked === 3) await exchange.faults({ http: { status: 500, count: 2, pathPrefix: '/trade-api/v2/markets' } });
          // The seventh page: its cursor has expired (the exchange answers an unknown cursor with a 400).
          const sent = pagesAsked === 7 && cursor !== undefined ? `${cursor}expired` : cursor;
          const result = await client.getMarketsPage({ limit: limit ?? 250, ...(sent === undefined ? {} : { cursor: sent }) });
          return result.ok ? { ...result, value: { items: result.value.markets, cursor: result.value.cursor } } : result;
        },
      },
      systemClock,
      { pageSize: 250, onProgress: (step) => progress.push(step) },
    );
    const collected = await collectAll(listing);
    expect(collected.ok).toBe(true);
    if (!collected.ok) return;
    const tickers = collected.value.map((market) => market.ticker);
    expect(new Set(tickers).size).toBe(tickers.length);
    expect([...tickers].sort()).toEqual([...reference].sort());
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ done: true, restarts: 1, retries: 2, items: reference.length });
    expect(last?.duplicatesSkipped).toBeGreaterThanOrEqual(6 * 250);
  }, 60_000);

  it('lists through the client helper with progress and the read budget', async () => {
    const client = exchange.client();
    const steps: PaginationProgress[] = [];
    const collected = await collectAll(client.listMarkets({}, { pageSize: 1000, onProgress: (step) => steps.push(step) }));
    expect(collected.ok && collected.value.length).toBe((await referenceTickers()).length);
    expect(steps[steps.length - 1]).toMatchObject({ done: true, restarts: 0 });
    expect(client.counters().requests.read).toBe(steps[steps.length - 1]?.pages);
  }, 30_000);

  it('ends with a KalshiFailure when a page keeps failing after every retry', async () => {
    const client = exchange.client();
    await exchange.faults({ http: { status: 500, count: 50, pathPrefix: '/trade-api/v2/markets' } });
    const collected = await collectAll(client.listMarkets({}, { pageSize: 1000 }));
    expect(collected).toMatchObject({ ok: false, error: { kind: 'http', status: 500, attempts: 4 }, partial: [] });
  }, 30_000);
});
