/**
 * Prime end to end inside the agents service: cache entries and notifications in (written the
 * way the cache writes them), decisions and intents out, with the inputs they used; holds
 * recorded once per market and minute; its own working intent, denial and position followed
 * from TRADING.
 */
import { type AnyEvent, IntentDenied, PositionUpdated, createEvent } from '@polly/contracts';
import { eventually } from '@polly/testing';
import { prime } from '../plugins/prime/plugin';
import {
  type TradeSpec,
  decisionsOf,
  insertMarket,
  intentsOf,
  lastStateOf,
  marketState,
  publish,
  publishMarketState,
  startAgents,
  testClock,
  waitForEvents,
  useTestbed,
} from '../testing/harness';

const MARKET = 'KXHIGHNY-26NOV21-B48.5';

describe('Prime in the agents service', () => {
  const testbed = useTestbed();

  it('follows the minute’s taker majority from cache notifications, records every decision with its inputs, and closes when the flow reverses', async () => {
    const { bus, database } = testbed;
    const clock = testClock();
    const start = clock.now();
    await insertMarket(database, { ticker: MARKET, series: 'KXHIGHNY', openTime: start - 3_600_000, closeTime: start + 3_600_000 });
    testbed.agents = await startAgents(bus, database, { plugins: [prime], now: clock.now, env: { POLLY_DEMO_TRADE_MODE: 'paper' } });
    await waitForEvents(bus, (events) => lastStateOf(events, 'prime') === 'ACTIVE', 'prime ACTIVE');

    const trades: TradeSpec[] = [
      { takerSide: 'yes', count: '20.00', at: clock.now() - 1000 },
      { takerSide: 'no', count: '10.00', at: clock.now() - 900 },
      { takerSide: 'yes', count: '10.00', at: clock.now() - 800 },
    ];
    let revision = 1;
    await publishMarketState(bus, marketState(MARKET, { yesBid: '0.48', yesAsk: '0.50' }, trades, revision, clock.now()));

    const [intent] = await waitForEvents(bus, (events) => {
      const found = intentsOf(events, 'prime');
      return found.length > 0 ? found : undefined;
    }, 'a buy from Prime');
    expect(intent).toMatchObject({
      marketTicker: MARKET,
      action: 'buy',
      side: 'yes',
      price: '0.5000',
      count: '1.00',
      timeInForce: 'immediate_or_cancel',
      postOnly: false,
      reduceOnly: false,
      estimatedFee: '0.0175',
      confidence: 0.75,
      marketSnapshot: { marketTicker: MARKET, yesBid: '0.4800', yesAsk: '0.5000', stale: false },
    });
    expect(intent?.clientOrderId).toMatch(/^prime-[0-9a-z]+-[0-9a-z]{6}$/);
    let events = await waitForEvents(bus, (all) => all, 'events');
    const decided = events.find((event) => event.type === 'agent.decided' && event.data.intentId === intent?.intentId);
    expect(decided).toMatchObject({
      data: { agentId: 'prime', marketTicker: MARKET, outcome: 'intent', reasonCode: 'FOLLOW_FLOW', inputs: { yesTakerVolume: '30.00', noTakerVolume: '10.00', dominantSide: 'yes', yesAsk: '0.5000', trigger: 'market', marketRevision: 1 } },
    });
    const created = events.find((event) => event.type === 'intent.created');
    expect(created?.causationId).toBe(decided?.id);

    // While its order works, Prime holds — recorded once for this market in this minute.
    for (let extra = 0; extra < 4; extra += 1) {
      revision += 1;
      await publishMarketState(bus, marketState(MARKET, { yesBid: '0.48', yesAsk: '0.50' }, trades, revision, clock.now()));
    }
    await eventually(async () => {
      const text = await testbed.agents!.context.metrics.registry.metrics();
      const match = /polly_agents_holds_not_recorded_total\{[^}]*\} (\d+)/.exec(text);
      return match && Number(match[1]) >= 3;
    }, { what: 'later holds of the minute counted, not recorded' });
    events = await waitForEvents(bus, (all) => all, 'events');
    const holds = decisionsOf(events, 'prime').filter((decision) => decision.outcome === 'hold');
    expect(holds.map((hold) => hold.reasonCode)).toEqual(['ORDER_WORKING']);
    expect(holds[0]?.inputs).toMatchObject({ working: '1.00', position: '0.00', holdsNotRecordedBefore: 0 });

    // The gate denies it; a fill elsewhere gave Prime one YES; the flow turns to NO: Prime sells.
    await publish(
      bus,
      createEvent(IntentDenied, 'demo', { intentId: intent!.intentId, agentId: 'prime', clientOrderId: intent!.clientOrderId, marketTicker: MARKET, code: 'AGENT_FULL_STOP', message: 'test', details: {} }, { source: 'gate' }) as AnyEvent,
      createEvent(PositionUpdated, 'demo', { marketTicker: MARKET, agentId: 'prime', position: '1.00', costBasis: '0.5000', realizedPnl: '0.0000', feesPaid: '0.0175', markPrice: null, unrealizedPnl: null, source: 'fills' }, { source: 'execution' }) as AnyEvent,
    );
    const reversal: TradeSpec[] = [...trades, { takerSide: 'no', count: '100.00', at: clock.now() - 100 }];
    await eventually(async () => {
      revision += 1;
      await publishMarketState(bus, marketState(MARKET, { yesBid: '0.48', yesAsk: '0.50' }, reversal, revision, clock.now()));
      return intentsOf(await waitForEvents(bus, (all) => all, 'events'), 'prime').length === 2;
    }, { what: 'a closing sell', timeoutMs: 10_000, intervalMs: 300 });
    events = await waitForEvents(bus, (all) => all, 'events');
    const sell = intentsOf(events, 'prime')[1];
    expect(sell).toMatchObject({ action: 'sell', side: 'yes', price: '0.4800', count: '1.00', reduceOnly: true, timeInForce: 'immediate_or_cancel' });
    expect(decisionsOf(events, 'prime').find((decision) => decision.intentId === sell?.intentId)).toMatchObject({ reasonCode: 'FLOW_REVERSED', inputs: { noTakerVolume: '110.00', position: '1.00' } });
  });
});
