/**
 * Contract tests of the state queries: they answer what the real projector folded from published
 * events (a generated trading history plus hand-made market and system events), money and counts
 * stay exact strings, and the market cache KV is used when it exists.
 */
import {
  AgentConfigured,
  AgentRegistered,
  type AnyEvent,
  BalanceUpdated,
  ConnectionChanged,
  DiscoveryCompleted,
  EventDiscovered,
  type EventOf,
  FillRecorded,
  KeysConnected,
  MarketState,
  MarketSynced,
  type MarketView,
  OrderAccepted,
  type OrderView,
  PnlRecorded,
  ReconciliationCompleted,
  ReconciliationStarted,
  SeriesDiscovered,
  createEvent,
  marketStateBucket,
  parseCount,
  parseDollars,
} from '@polly/contracts';
import { projectorService } from '@polly/projector';
import { createLogger, startService } from '@polly/runtime';
import { eventually, tradingHistory } from '@polly/testing';
import { z } from 'zod';
import { AgentRow, ApprovalRow, Balance, DecisionRow, FillRow, OrderRow, PositionRow, SystemState } from './api/schemas';
import { marketStateKey } from './state/market-cache';
import { type Harness, startHarness } from './testing/harness';

let harness: Harness;
let history: AnyEvent[];

const series = (seriesTicker: string, category: string, simulated = false) =>
  createEvent(
    SeriesDiscovered,
    'demo',
    { seriesTicker, title: `${seriesTicker} series`, category, frequency: 'daily', tags: [category], feeType: 'quadratic', feeMultiplier: '1', volume: '1000.00', simulated },
    { source: 'discovery' },
  );

const market = (marketTicker: string, seriesTicker: string, exchangeStatus = 'active'): EventOf<typeof MarketSynced> => {
  const view: MarketView = {
    marketTicker,
    eventTicker: `${seriesTicker}-EVENT`,
    seriesTicker,
    title: `Will ${marketTicker} happen?`,
    subtitle: '',
    yesSubTitle: 'Yes',
    noSubTitle: 'No',
    exchangeStatus,
    internalState: 'ACTIVE',
    openTime: '2026-11-21T00:00:00.000Z',
    closeTime: '2026-11-22T00:00:00.000Z',
    expectedExpirationTime: null,
    strikeType: 'greater',
    floorStrike: '97000.5',
    capStrike: null,
    priceLevelStructure: 'linear_cent',
    priceRanges: [{ start: '0.0100', end: '0.9900', step: '0.0100' }],
    yesBid: '0.4100',
    yesAsk: '0.4300',
    lastPrice: '0.4200',
    volume: '1234.50',
    volume24h: '100.00',
    openInterest: '55.00',
    result: null,
    settlementValue: null,
    listingIndex: 40_123,
  };
  return createEvent(MarketSynced, 'demo', view, { source: 'discovery' });
};

const MARKET_TICKERS = ['KXBTC-A', 'KXBTC-B', 'KXBTC-C', 'KXHIGHNY-26NOV21-B78.5', 'KXHIGHNY-26NOV21-B80.5'];

beforeAll(async () => {
  harness = await startHarness();
  history = tradingHistory({ events: 400, seed: 21, idPrefix: 'state' });
  const markets: AnyEvent[] = [
    series('KXBTC', 'Crypto', true),
    series('KXHIGHNY', 'Climate'),
    createEvent(EventDiscovered, 'demo', { eventTicker: 'KXBTC-EVENT', seriesTicker: 'KXBTC', title: 'BTC', subTitle: '', category: 'Crypto', mutuallyExclusive: true, strikeDate: null }, { source: 'discovery' }),
    ...MARKET_TICKERS.map((ticker, index) => market(ticker, ticker.startsWith('KXBTC') ? 'KXBTC' : 'KXHIGHNY', index === 2 ? 'closed' : 'active')),
  ];
  const system: AnyEvent[] = [
    createEvent(ConnectionChanged, 'demo', { connectionId: 'c1', state: 'connected', attempt: 1, reason: null, subscriptions: 12 }, { source: 'ingest' }),
    createEvent(DiscoveryCompleted, 'demo', { cycleId: 'd1', series: 2, events: 1, markets: 40_213, byState: { ACTIVE: 5 }, pages: 41, retries: 0, restarts: 0, durationMs: 9000 }, { source: 'discovery' }),
    createEvent(ReconciliationStarted, 'demo', { cycleId: 'r1', trigger: 'startup' }, { source: 'reconciliation' }),
    createEvent(ReconciliationCompleted, 'demo', { cycleId: 'r1', trigger: 'startup', clean: false, discrepancies: 2, byKind: { 'missing-fill': 2 }, summary: ['two fills backfilled'], durationMs: 120, error: null }, { source: 'reconciliation' }),
    createEvent(KeysConnected, 'demo', { keyIdHint: 'a1b2', verifiedAt: '2026-11-21T12:00:00.000Z', balance: '1000.0000' }, { source: 'control-api' }),
  ];
  await harness.publish([...history, ...markets, ...system]);
  await harness.caughtUp();
}, 90_000);

afterAll(async () => {
  await harness?.close();
});

const demoEvents = <T extends AnyEvent['type']>(type: T) => history.filter((event) => event.environment === 'demo' && event.type === type) as Array<Extract<AnyEvent, { type: T }>>;

/** Every string field whose name says money or count must hold an exact decimal, never a JS number. */
function expectExactNumbers(row: Record<string, unknown>, fields: string[]): void {
  for (const field of fields) {
    const value = row[field];
    if (value === null) continue;
    expect(typeof value).toBe('string');
    expect(value).toMatch(/^-?\d+(\.\d+)?$/);
  }
}

describe('agents', () => {
  it('lists the agents the projector registered, and one agent by id', async () => {
    const answer = await harness.call('GET', '/state/agents');
    expect(answer.status).toBe(200);
    const { environment, agents } = z.object({ environment: z.literal('demo'), agents: z.array(AgentRow) }).parse(answer.json);
    expect(environment).toBe('demo');
    expect(agents.map((agent) => agent.agent_id)).toEqual(['peritia', 'prime']);
    expect(agents.every((agent) => agent.mode === 'SemiAuto' && agent.lifecycle_state === 'ACTIVE')).toBe(true);
    const one = await harness.call('GET', '/state/agents/prime?environment=live');
    expect(one.json).toMatchObject({ environment: 'live', agent: { agent_id: 'prime', agent_name: 'Prime' } });
    const missing = await harness.call('GET', '/state/agents/nobody');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('a read prompted by an event', () => {
  it('waits until the projector has folded every TRADING event published before it, so it shows that event', async () => {
    const lagging = await startHarness({ projector: false });
    const startProjector = () =>
      startService(projectorService, {
        logger: createLogger({ service: 'projector', level: 'warn' }),
        env: { POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL, POLLY_DATABASE_URL: lagging.database.connectionString, POLLY_NAMESPACE: lagging.bus.namespace, POLLY_HEALTH_PORT: '0' },
      });
    const agentsNow = async () => z.object({ agents: z.array(AgentRow) }).parse((await lagging.call('GET', '/state/agents')).json).agents.map((agent) => `${agent.agent_id}:${agent.mode}`);
    try {
      // No projector has run: nothing to wait for, the answer comes at once.
      const started = Date.now();
      expect(await agentsNow()).toEqual([]);
      expect(Date.now() - started).toBeLessThan(2000);

      let projector = await startProjector();
      await lagging.bus.publish(createEvent(AgentRegistered, 'demo', { agentId: 'prime', agentName: 'Prime', enabled: true, mode: 'SemiAuto', configuration: {} }, { source: 'agents' }));
      await eventually(async () => (await agentsNow()).join() === 'prime:SemiAuto', { what: 'the registration folded' });
      await projector.stop();

      // The projector is behind when the mode change is published and the cockpit reads.
      await lagging.bus.publish(createEvent(AgentConfigured, 'demo', { agentId: 'prime', mode: 'FullStop', enabled: true, commandId: null }, { source: 'agents' }));
      const asked = Date.now();
      const answer = agentsNow();
      await new Promise((resolve) => setTimeout(resolve, 400));
      projector = await startProjector();
      try {
        expect(await answer).toEqual(['prime:FullStop']);
        expect(Date.now() - asked).toBeGreaterThanOrEqual(400);
      } finally {
        await projector.stop();
      }
    } finally {
      await lagging.close();
    }
  }, 60_000);
});

describe('orders and fills', () => {
  it('answers each order as its last event left it, filtered by status', async () => {
    const last = new Map<string, OrderView>();
    for (const event of history) if (event.environment === 'demo' && 'order' in (event.data as object)) last.set((event.data as { order: OrderView }).order.clientOrderId, (event.data as { order: OrderView }).order);
    const answer = await harness.call('GET', '/state/orders?limit=1000');
    const orders = z.array(OrderRow).parse(answer.json.orders);
    expect(orders.length).toBe(last.size);
    for (const row of orders) {
      const expected = last.get(row.client_order_id) as OrderView;
      expect(row.status).toBe(expected.status);
      expect(parseDollars(row.price)).toBe(parseDollars(expected.price));
      expect(parseCount(row.filled_count)).toBe(parseCount(expected.filledCount));
      expectExactNumbers(row, ['yes_price', 'price', 'count', 'filled_count', 'remaining_count', 'fill_cost', 'fees']);
    }
    const executed = z.array(OrderRow).parse((await harness.call('GET', '/state/orders?status=executed&limit=1000')).json.orders);
    expect(executed.length).toBe([...last.values()].filter((order) => order.status === 'executed').length);
    expect(executed.every((order) => order.status === 'executed')).toBe(true);
    const open = z.array(OrderRow).parse((await harness.call('GET', '/state/orders?status=open&limit=1000')).json.orders);
    expect(open.every((order) => order.status === 'submitted' || order.status === 'resting')).toBe(true);
    expect((await harness.call('GET', '/state/orders?limit=3')).json.orders).toHaveLength(3);
  });

  it('finds one order by client order id and by exchange order id', async () => {
    const accepted = demoEvents('order.accepted')[0] as EventOf<typeof OrderAccepted>;
    const byClient = await harness.call('GET', `/state/orders/${accepted.data.order.clientOrderId}`);
    const byExchange = await harness.call('GET', `/state/orders/${accepted.data.order.orderId}`);
    expect(byClient.json.order.client_order_id).toBe(accepted.data.order.clientOrderId);
    expect(byExchange.json.order).toEqual(byClient.json.order);
    expect((await harness.call('GET', '/state/orders/nope')).status).toBe(404);
  });

  it('lists fills newest first with exact prices and counts', async () => {
    const fills = demoEvents('fill.recorded') as Array<EventOf<typeof FillRecorded>>;
    const answer = await harness.call('GET', '/state/fills?limit=5');
    const rows = z.array(FillRow).parse(answer.json.fills);
    expect(rows).toHaveLength(Math.min(5, fills.length));
    const newest = [...fills].sort((left, right) => right.data.filledAt.localeCompare(left.data.filledAt))[0] as EventOf<typeof FillRecorded>;
    expect(rows[0]?.fill_id).toBe(newest.data.fillId);
    expect(parseDollars(rows[0]?.price as string)).toBe(parseDollars(newest.data.price));
    for (const row of rows) expectExactNumbers(row, ['yes_price', 'price', 'count', 'fee']);
    const prime = z.array(FillRow).parse((await harness.call('GET', '/state/fills?agent=prime&limit=1000')).json.fills);
    expect(prime.length).toBe(fills.filter((fill) => fill.data.agentId === 'prime').length);
  });
});

describe('positions, balance, P/L, decisions, approvals', () => {
  it('answers positions per holder with signed exact counts', async () => {
    const rows = z.array(PositionRow).parse((await harness.call('GET', '/state/positions?holder=prime')).json.positions);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.holder === 'prime')).toBe(true);
    for (const row of rows) expectExactNumbers(row, ['position', 'cost_basis', 'realized_pnl', 'fees_paid', 'mark_price', 'unrealized_pnl']);
  });

  it('answers the last balance seen', async () => {
    const last = demoEvents('balance.updated').at(-1) as EventOf<typeof BalanceUpdated>;
    const balance = Balance.parse((await harness.call('GET', '/state/balance')).json);
    expect(parseDollars(balance.balance as string)).toBe(parseDollars(last.data.balance));
    expect(balance.source).toBe(last.data.source);
  });

  it('answers one P/L series per agent, oldest point first, within a time window', async () => {
    const points = (demoEvents('pnl.recorded') as Array<EventOf<typeof PnlRecorded>>).filter((event) => event.data.agentId === 'prime');
    const answer = await harness.call('GET', '/state/pnl?agent=prime');
    expect(answer.json.series).toHaveLength(1);
    const series = answer.json.series[0] as { agent_id: string; points: Array<{ at: string; total_pnl: string }> };
    expect(series.agent_id).toBe('prime');
    expect(series.points.map((point) => parseDollars(point.total_pnl))).toEqual(
      [...points].sort((left, right) => left.data.at.localeCompare(right.data.at)).map((point) => parseDollars(point.data.totalPnl)),
    );
    const middle = series.points[Math.floor(series.points.length / 2)]?.at as string;
    const later = (await harness.call('GET', `/state/pnl?agent=prime&from=${encodeURIComponent(middle)}`)).json.series[0].points;
    expect(later.length).toBe(series.points.filter((point) => point.at >= middle).length);
    const both = (await harness.call('GET', '/state/pnl')).json.series.map((entry: { agent_id: string }) => entry.agent_id).sort();
    expect(both).toEqual(['peritia', 'prime']);
  });

  it('answers decisions newest first and approvals by status', async () => {
    const decisions = z.array(DecisionRow).parse((await harness.call('GET', '/state/decisions?agent=peritia&limit=7')).json.decisions);
    expect(decisions).toHaveLength(7);
    expect(decisions.every((decision) => decision.agent_id === 'peritia')).toBe(true);
    expect([...decisions].sort((left, right) => right.decided_at.localeCompare(left.decided_at))).toEqual(decisions);
    const approved = z.array(ApprovalRow).parse((await harness.call('GET', '/state/approvals?status=approved&limit=1000')).json.approvals);
    const expected = demoEvents('approval.resolved').filter((event) => event.data.outcome === 'approved').length;
    expect(approved.length).toBe(expected);
    expect((await harness.call('GET', '/state/approvals?status=pending')).json.approvals).toEqual([]);
  });
});

describe('the system state', () => {
  it('has the PRD’s fields, folded from the system and control events', async () => {
    const system = SystemState.parse((await harness.call('GET', '/state/system')).json);
    expect(system).toMatchObject({
      environment: 'demo',
      active_environment: 'demo',
      global_trading_enabled: false,
      websocket_connected: true,
      api_keys_loaded: true,
      api_key_id_hint: 'a1b2',
      markets_discovered: 40_213,
      active_agents: 2,
      simulated: true,
      reconciliation: { cycle_id: 'r1', running: false, clean: false, discrepancies: 2 },
    });
    expect(system.uptime_seconds).toBeGreaterThanOrEqual(0);
    const live = SystemState.parse((await harness.call('GET', '/state/system?environment=live')).json);
    expect(live).toMatchObject({ environment: 'live', websocket_connected: false, api_keys_loaded: false, markets_discovered: 0, reconciliation: null });
  });
});

describe('markets and series', () => {
  it('pages through every market with a keyset cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const answer = await harness.call('GET', `/state/markets?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      expect(answer.json.markets.length).toBeLessThanOrEqual(2);
      seen.push(...answer.json.markets.map((entry: { market_ticker: string }) => entry.market_ticker));
      cursor = answer.json.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...MARKET_TICKERS].sort());
    expect((await harness.call('GET', '/state/markets?cursor=not-ours!')).status).toBe(400);
  });

  it('filters by status, series and category', async () => {
    const tickers = async (query: string) => (await harness.call('GET', `/state/markets?${query}`)).json.markets.map((entry: { market_ticker: string }) => entry.market_ticker);
    expect(await tickers('status=open')).toEqual(['KXBTC-A', 'KXBTC-B', 'KXHIGHNY-26NOV21-B78.5', 'KXHIGHNY-26NOV21-B80.5']);
    expect(await tickers('status=closed')).toEqual(['KXBTC-C']);
    expect(await tickers('series=KXHIGHNY')).toEqual(['KXHIGHNY-26NOV21-B78.5', 'KXHIGHNY-26NOV21-B80.5']);
    expect(await tickers('category=Crypto&status=open')).toEqual(['KXBTC-A', 'KXBTC-B']);
  });

  it('lists series with market counts and their categories', async () => {
    const answer = await harness.call('GET', '/state/series');
    expect(answer.json.categories).toEqual([
      { category: 'Climate', series: 1, markets: 2 },
      { category: 'Crypto', series: 1, markets: 3 },
    ]);
    expect(answer.json.series.find((entry: { series_ticker: string }) => entry.series_ticker === 'KXBTC')).toMatchObject({ markets: 3, simulated: true, fee_multiplier: '1.000000' });
  });

  it('answers from the table until the cache bucket exists, then adds the cached live book', async () => {
    const before = await harness.call('GET', '/state/markets?series=KXBTC');
    expect(before.json.source).toBe('table');
    expect(before.json.markets[0].live).toBeNull();
    expect(before.json.markets[0].yes_bid).toBe('0.410000');

    const bucket = await harness.bus.bucketKeyValue(marketStateBucket('demo'));
    const state: MarketState = MarketState.parse({
      marketTicker: 'KXHIGHNY-26NOV21-B78.5', eventTicker: 'E', seriesTicker: 'KXHIGHNY', status: 'active', stale: false, staleReason: null,
      yesBid: '0.5500', yesBidSize: '10.00', noBid: '0.4300', noBidSize: '4.00', yesAsk: '0.5700', noAsk: '0.4500', spread: '0.0200', midpoint: '0.5600',
      impliedProbability: '0.5600', lastPrice: '0.5600', volume: '99.00', openInterest: '12.00',
      book: { yes: [['0.5500', '10.00']], no: [['0.4300', '4.00']] }, recentTrades: [], revision: 3, updatedAt: '2026-11-21T12:00:00.000Z',
    });
    await bucket.put(marketStateKey(state.marketTicker) as string, JSON.stringify(state));
    // The control API looks for a missing bucket again after a few seconds.
    await new Promise((resolve) => setTimeout(resolve, 5200));
    const after = await harness.call('GET', '/state/markets?series=KXHIGHNY');
    expect(after.json.source).toBe('cache');
    expect(after.json.markets[0].live).toMatchObject({ yesBid: '0.5500', spread: '0.0200', revision: 3 });
    expect(after.json.markets[1].live).toBeNull();
    const one = await harness.call('GET', `/state/markets/${encodeURIComponent(state.marketTicker)}`);
    expect(one.json.market.cache.book).toEqual(state.book);
  }, 20_000);
});

describe('bad queries', () => {
  it.each(['/state/orders?limit=0', '/state/orders?status=lost', '/state/fills?environment=mars', '/state/pnl?from=yesterday', '/state/markets?limit=5000'])('%s is a 400 problem', async (path) => {
    const answer = await harness.call('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ type: 'urn:polly:problem:invalid-request', status: 400 });
    expect(answer.json.errors[0].path).toMatch(/^query\./);
  });
});
