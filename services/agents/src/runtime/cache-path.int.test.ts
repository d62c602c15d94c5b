/**
 * The real cache in front of the agents: MARKET_DATA events (a book snapshot, public trades, BRTI
 * values) folded by the cache service into its KV bucket and announced, read by the agents, and
 * decided on by Prime and Peritia — the contract between the two services, exercised by both.
 * Peritia's configuration comes from its agent_state row (a short warm-up).
 */
import { type AnyEvent, BookSnapshotReceived, TradeExecuted, createEvent } from '@polly/contracts';
import { cacheService } from '@polly/cache';
import { createLogger, startService } from '@polly/runtime';
import { testNatsUrl } from '@polly/testing';
import { decisionsOf, indexValue, insertMarket, intentsOf, lastStateOf, publish, startAgents, testClock, useTestbed, waitForEvents } from '../testing/harness';

describe('the agents behind the real cache', () => {
  const testbed = useTestbed();
  let cache: Awaited<ReturnType<typeof startService>> | undefined;

  afterEach(async () => {
    await cache?.stop();
    cache = undefined;
  });

  it('decides on what the cache folds: Prime on the trades, Peritia on the book and the index', async () => {
    const { bus, database } = testbed;
    const clock = testClock();
    const now = clock.now();
    const ticker = 'KXBTC15M-26NOV211215-15';
    const close = Math.floor(now / 1000) * 1000 + 300_000;
    await insertMarket(database, { ticker, series: 'KXBTC15M', openTime: close - 900_000, closeTime: close, floorStrike: '97000', watchlist: true });
    const at = new Date(now).toISOString();
    await database.db
      .withSchema('demo')
      .insertInto('agent_state')
      .values(
        [
          { id: 'prime', name: 'Prime', configuration: {} },
          { id: 'peritia', name: 'Peritia', configuration: { warmupSamples: 3 } },
        ].map((agent) => ({ agent_id: agent.id, agent_name: agent.name, enabled: true, mode: 'Auto', configuration: JSON.stringify(agent.configuration), lifecycle_state: 'ACTIVE', state_reason: 'deciding in Auto', last_decision_at: null, created_at: at, updated_at: at })),
      )
      .execute();

    cache = await startService(cacheService, {
      env: { POLLY_NATS_URL: testNatsUrl(), POLLY_NAMESPACE: bus.namespace, POLLY_ENVIRONMENTS: 'demo', POLLY_HEALTH_PORT: '0' },
      logger: createLogger({ service: 'cache', level: 'silent' }),
    });
    testbed.agents = await startAgents(bus, database, { now: clock.now, env: { POLLY_DEMO_TRADE_MODE: 'paper' } });
    await waitForEvents(bus, (events) => lastStateOf(events, 'prime') === 'ACTIVE' && lastStateOf(events, 'peritia') === 'ACTIVE', 'both ACTIVE');

    const received = new Date(clock.now()).toISOString();
    const snapshot = createEvent(BookSnapshotReceived, 'demo', { connectionId: 'c1', sid: 1, seq: 1, marketTicker: ticker, yes: [['0.5700', '5.00'], ['0.5800', '10.00']], no: [['0.4000', '10.00']], receivedAt: received }, { source: 'ingest' });
    const values = [0, 1, 2, 3, 4].map((step) => indexValue(step % 2 === 0 ? '97300.00' : '97309.73', clock.now() - 4000 + step * 1000));
    await publish(bus, snapshot as AnyEvent, ...values);
    const trades = [1, 2].map((number) =>
      createEvent(TradeExecuted, 'demo', { tradeId: `trade-${number}`, marketTicker: ticker, yesPrice: '0.6000', noPrice: '0.4000', count: '15.00', takerSide: 'yes', exchangeTimestampMs: clock.now() - 200, sid: 2, seq: number, receivedAt: received }, { source: 'ingest' }),
    );
    await publish(bus, ...(trades as AnyEvent[]));

    const events = await waitForEvents(bus, (all) => (intentsOf(all, 'prime').length > 0 && intentsOf(all, 'peritia').length > 0 ? all : undefined), 'intents from both agents');
    expect(intentsOf(events, 'prime')[0]).toMatchObject({ marketTicker: ticker, action: 'buy', side: 'yes', price: '0.6000', marketSnapshot: { yesBid: '0.5800', yesAsk: '0.6000', noAsk: '0.4200' } });
    expect(decisionsOf(events, 'prime').find((decision) => decision.outcome === 'intent')?.inputs).toMatchObject({ yesTakerVolume: '30.00', noTakerVolume: '0.00' });
    const peritiaIntent = intentsOf(events, 'peritia')[0];
    expect(peritiaIntent).toMatchObject({ marketTicker: ticker, action: 'buy', side: 'yes', price: '0.6000', count: '2.00' });
    const peritiaInputs = decisionsOf(events, 'peritia').find((decision) => decision.intentId === peritiaIntent?.intentId)?.inputs;
    expect(peritiaInputs).toMatchObject({ strike: '97000', phase: 'before-window' });
    // It trades as soon as the configured warm-up (3 returns, from its agent_state row) is reached.
    expect(peritiaInputs?.volatilitySamples as number).toBeGreaterThanOrEqual(3);
  });
});
