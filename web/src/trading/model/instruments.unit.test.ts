import type { DecisionMark } from '../session/state';
import { agent, clock, pnlPoint, position } from '../testing/fixtures';
import { scoreOf, sharedMode, slotsFor } from './agents-view';
import { decisionMinutes, rateSummary } from './decision-rate';
import { exposureOf } from './exposure';
import { pricePath, withPricePoint } from './price-line';

describe('decisions per minute', () => {
  const mark = (agentId: string, secondsAgo: number, outcome: string): DecisionMark => ({ decisionId: `${agentId}-${secondsAgo}`, agentId, outcome, at: clock - secondsAgo * 1000 });
  const decisions = [mark('prime', 5, 'intent'), mark('prime', 8, 'cancel'), mark('prime', 10, 'hold'), mark('prime', 70, 'hold'), mark('peritia', 5, 'hold'), mark('prime', 3600, 'intent')];

  it('counts each agent’s actions (intents and cancels) and holds in each of the last minutes (the current one last)', () => {
    // now is 12:00:00.000: the decisions 5, 8 and 10 s ago fall in 11:59, the one 70 s ago in 11:58.
    const buckets = decisionMinutes(decisions, 'prime', 3, clock, null);
    expect(buckets.map((bucket) => [bucket.actions, bucket.holds])).toEqual([
      [0, 1],
      [2, 1],
      [0, 0],
    ]);
    expect(rateSummary(buckets)).toEqual({ lastMinute: 3, peak: 3 });
  });

  it('marks minutes before the known history as unknown, not quiet', () => {
    const buckets = decisionMinutes(decisions, 'prime', 3, clock, clock - 90_000);
    expect(buckets.map((bucket) => bucket.known)).toEqual([false, true, true]);
  });
});

describe('the exposure gauge', () => {
  it('adds what the account’s open positions cost, against cash', () => {
    const reading = exposureOf([position({ cost_basis: '4.200000' }), position({ market_ticker: 'B', position: '-5.00', cost_basis: '-2.800000' }), position({ market_ticker: 'C', position: '0.00' })], '993.000000');
    expect(reading).toEqual({ exposure: 7_000_000n, cash: 993_000_000n, permille: 7, markets: 2 });
  });

  it('uses the agents’ rows while the account has none', () => {
    expect(exposureOf([position({ holder: 'prime', cost_basis: '1.000000' })], '9.000000')).toMatchObject({ exposure: 1_000_000n, permille: 100 });
  });

  it('has no reading before a balance', () => {
    expect(exposureOf([], null)).toEqual({ exposure: 0n, cash: null, permille: null, markets: 0 });
  });
});

describe('agent slots and the global dial', () => {
  it('always shows Prime, Peritia and the 007xe slot, then other agents', () => {
    const slots = slotsFor([agent({ agent_id: 'peritia', agent_name: 'Peritia' }), agent({ agent_id: 'scout', agent_name: 'Scout' })]);
    expect(slots.map((slot) => [slot.agentId, slot.agent?.agent_name ?? null])).toEqual([
      ['prime', null],
      ['peritia', 'Peritia'],
      ['007xe', null],
      ['scout', 'Scout'],
    ]);
  });

  it('points the global dial at the mode every agent shares, and at nothing when they differ', () => {
    expect(sharedMode([agent(), agent({ agent_id: 'peritia' })])).toBe('SemiAuto');
    expect(sharedMode([agent(), agent({ agent_id: 'peritia', mode: 'FullStop' })])).toBeNull();
    expect(sharedMode([])).toBeNull();
  });

  it('scores an agent from its latest P/L point', () => {
    expect(scoreOf([pnlPoint(0, '1.000000'), pnlPoint(1, '-0.500000', { fills: 7, wins: 2, losses: 1 })])).toEqual({ fills: 7, wins: 2, losses: 1, winRate: 67, pnl: -500_000n });
    expect(scoreOf(undefined)).toEqual({ fills: 0, wins: 0, losses: 0, winRate: null, pnl: null });
  });
});

describe('the price line', () => {
  it('steps through trades on the 0–100¢ scale and holds to now', () => {
    const points = [{ at: clock - 2000, price: 400_000n }, { at: clock - 1000, price: 600_000n }];
    expect(pricePath(points, 100, 50, clock)).toBe('M0 30H50V20H100');
    expect(pricePath([], 100, 50, clock)).toBe('');
  });

  it('keeps points in time order, without repeats, up to a limit', () => {
    const first = withPricePoint([], { at: 2, price: 1n });
    expect(withPricePoint(first, { at: 2, price: 1n })).toBe(first);
    expect(withPricePoint(first, { at: 1, price: 5n }).map((point) => point.at)).toEqual([1, 2]);
    expect(withPricePoint([{ at: 1, price: 1n }, { at: 2, price: 1n }], { at: 3, price: 1n }, 2).map((point) => point.at)).toEqual([2, 3]);
  });
});
