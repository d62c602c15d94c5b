/**
 * Peritia inside the agents service: BRTI history read back from MARKET_DATA warms its
 * volatility at start, the KXBTC15M market's strike and close come from the read model, and a
 * fresh index value re-prices the market it watches and trades the edge.
 */
import { peritia } from '../plugins/peritia/plugin';
import {
  decisionsOf,
  indexValue,
  insertMarket,
  intentsOf,
  lastStateOf,
  marketState,
  publish,
  publishMarketState,
  startAgents,
  testClock,
  useTestbed,
  waitForEvents,
} from '../testing/harness';

describe('Peritia in the agents service', () => {
  const testbed = useTestbed();

  it('warms up from the index history, prices the closing average against the strike on each fresh index value, and takes a large edge', async () => {
    const { bus, database } = testbed;
    const clock = testClock();
    const start = clock.now();
    const close = Math.floor(start / 1000) * 1000 + 300_000;
    const ticker = 'KXBTC15M-26NOV211215-15';
    await insertMarket(database, { ticker, series: 'KXBTC15M', openTime: close - 900_000, closeTime: close, floorStrike: '97000.00', watchlist: true });
    // 150 seconds of BRTI moving ±1e-4 in log terms each second (σ = 1e-4 per √s), ending 21 s ago.
    const history = Array.from({ length: 150 }, (_, index) => indexValue(index % 2 === 0 ? '97300.00' : '97309.73', start - 170_000 + index * 1000));
    await publish(bus, ...history);

    testbed.agents = await startAgents(bus, database, { plugins: [peritia], now: clock.now, env: { POLLY_DEMO_TRADE_MODE: 'paper' } });
    await waitForEvents(bus, (events) => lastStateOf(events, 'peritia') === 'ACTIVE', 'peritia ACTIVE');
    await publishMarketState(bus, marketState(ticker, { yesBid: '0.58', yesAsk: '0.60' }, [], 1, clock.now()));
    // The book alone is not enough: the last index value is too old to price from.
    const [stale] = await waitForEvents(bus, (events) => {
      const found = decisionsOf(events, 'peritia');
      return found.length > 0 ? found : undefined;
    }, 'a first Peritia decision');
    expect(stale).toMatchObject({ outcome: 'hold', reasonCode: 'INDEX_STALE', marketTicker: ticker, inputs: { trigger: 'market', volatilitySamples: 149 } });
    await publish(bus, indexValue('97300.00', clock.now()));

    const [intent] = await waitForEvents(bus, (events) => {
      const found = intentsOf(events, 'peritia');
      return found.length > 0 ? found : undefined;
    }, 'a Peritia intent');
    expect(intent).toMatchObject({ marketTicker: ticker, action: 'buy', side: 'yes', price: '0.6000', count: '2.00', timeInForce: 'immediate_or_cancel', postOnly: false });
    const events = await waitForEvents(bus, (all) => all, 'events');
    const decision = decisionsOf(events, 'peritia').find((candidate) => candidate.intentId === intent?.intentId);
    expect(decision?.reasonCode).toBe('EDGE_TAKE');
    expect(decision?.inputs).toMatchObject({ strike: '97000', phase: 'before-window', knownSeconds: 0, index: 97300, trigger: 'index' });
    expect(decision?.inputs.sigmaPerSqrtSecond as number).toBeCloseTo(1e-4, 5);
    expect(decision?.inputs.volatilitySamples as number).toBeGreaterThanOrEqual(150);
    // ln(97300 / 97000) / (1e-4 × √(≈250 s to the window + 19.5)) ≈ 1.9 → P ≈ 0.97
    expect(decision?.inputs.probability as number).toBeGreaterThan(0.95);
    expect(decision?.inputs.probability as number).toBeLessThan(0.99);
  });
});
