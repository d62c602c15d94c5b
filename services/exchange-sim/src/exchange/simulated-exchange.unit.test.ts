/**
 * Determinism and the life of the universe, in process with a manual clock: the same seed gives
 * the same universe, results and background flow; windows roll; money stays conserved.
 */
import { ONE_DOLLAR } from '@polly/contracts';
import { BackgroundTraders } from '../traders/background-traders';
import { SimulatedExchange } from './simulated-exchange';

const START = Date.parse('2026-07-22T17:07:00Z');
const build = (seed: number) => new SimulatedExchange({ seed, markets: 2_000, startTime: START, clockMode: 'manual' });

function fingerprint(exchange: SimulatedExchange): string[] {
  return exchange.universe.listed.map((market) => `${market.ticker}|${market.status}|${market.floorStrike}|${market.capStrike}|${market.result}|${market.expirationValue}`);
}

function runTraders(exchange: SimulatedExchange, ticks: number): string[] {
  const traders = new BackgroundTraders(exchange, exchange.random.fork('traders'), { enabled: false, ordersPerSecond: 40, leftAlone: 0 }, 50, () => undefined);
  for (let tick = 0; tick < ticks; tick += 1) traders.tick(250);
  return exchange.trades.all().map((trade) => `${trade.tradeId}|${trade.ticker}|${trade.yesPrice}|${trade.count}|${trade.takerLeg}`);
}

describe('a simulated exchange built from a seed', () => {
  it('is the same universe, with the same results, for the same seed and start', () => {
    const first = build(4);
    const second = build(4);
    expect(fingerprint(first)).toEqual(fingerprint(second));
    first.advanceBy(3 * 3_600);
    second.advanceBy(3 * 3_600);
    expect(fingerprint(first)).toEqual(fingerprint(second));
    expect(first.index.latest).toBe(second.index.latest);
    expect(fingerprint(build(5))).not.toEqual(fingerprint(build(4)));
  });

  it('produces the same background flow tick by tick', () => {
    const first = runTraders(build(4), 60);
    const second = runTraders(build(4), 60);
    expect(first.length).toBeGreaterThan(10);
    expect(first).toEqual(second);
  });

  it('rolls KXBTC15M windows every quarter-hour and settles each on the index average', () => {
    const exchange = build(6);
    const windows = () => exchange.universe.listed.filter((market) => market.seriesTicker === 'KXBTC15M');
    const active = windows().filter((market) => market.status === 'active');
    expect(active.map((market) => market.ticker)).toEqual(['KXBTC15M-26JUL221315-15']);
    exchange.advanceBy(60 * 60);
    const settled = windows().filter((market) => market.status === 'finalized' && market.closeTime > START);
    expect(settled).toHaveLength(4);
    for (const market of settled) {
      const average = exchange.index.averageBefore(market.closeTime) as number;
      expect(market.expirationValue).toBe(`${Math.floor(average / 100)}.${String(average % 100).padStart(2, '0')}`);
      expect(market.result).toBe(average / 100 >= (market.floorStrike as number) ? 'yes' : 'no');
      // each window's strike is the average before it opened
      expect(market.floorStrike).toBe((exchange.index.averageBefore(market.openTime) as number) / 100);
    }
    expect(windows().filter((market) => market.status === 'active')).toHaveLength(1);
    expect(windows().filter((market) => market.status === 'initialized')).toHaveLength(1);
  });

  it('keeps money conserved through a day of background trading and settlement', () => {
    const exchange = build(8);
    const accounts = () => [...exchange.engine.accounts()];
    const total = () => {
      let sum = 0n;
      for (const account of accounts()) {
        sum += account.balance;
        for (const order of account.orders.values()) if (order.status === 'resting') sum += order.reserved;
      }
      for (const market of exchange.universe.markets.values()) sum += (exchange.engine.market(market.ticker)?.openInterest ?? 0n) * (ONE_DOLLAR / 100n);
      return sum;
    };
    let fees = 0n;
    exchange.listeners.add({
      bookChanged: () => undefined,
      tickerChanged: () => undefined,
      traded: () => undefined,
      filled: (fill) => (fees += fill.fee),
      orderUpdated: () => undefined,
      positionChanged: () => undefined,
      marketLifecycle: () => undefined,
      eventCreated: () => undefined,
      indexValue: () => undefined,
    });
    const traders = new BackgroundTraders(exchange, exchange.random.fork('traders'), { enabled: false, ordersPerSecond: 40, leftAlone: 0 }, 50, () => undefined);
    const deposits = total();
    for (let hour = 0; hour < 24; hour += 1) {
      for (let tick = 0; tick < 8; tick += 1) traders.tick(250);
      exchange.advanceBy(3_600);
    }
    expect(exchange.trades.size).toBeGreaterThan(50);
    expect(total() + fees).toBe(deposits);
  });
});
