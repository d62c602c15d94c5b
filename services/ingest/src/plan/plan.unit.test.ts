import { SubscriptionPlan, batches, subscriptionChange } from './plan';

const update = (revision: number, add: string[], remove: string[] = [], watchlist: string[] = []) => ({ revision, add, remove, watchlist, reason: 'test' });

describe('folding plan updates', () => {
  it('adds and removes markets in order and reports only real changes', () => {
    const plan = new SubscriptionPlan();
    expect(plan.apply(update(1, ['A', 'B', 'C'], [], ['A']))).toEqual({ added: ['A', 'B', 'C'], removed: [] });
    expect(plan.apply(update(2, ['B', 'D'], ['A', 'X']))).toEqual({ added: ['D'], removed: ['A'] });
    expect([...plan.markets].sort()).toEqual(['B', 'C', 'D']);
    expect(plan.revision).toBe(2);
    expect(plan.updates).toBe(2);
  });

  it('keeps the watchlist to markets in the plan, and drops removed ones from it', () => {
    const plan = new SubscriptionPlan();
    plan.apply(update(1, ['A', 'B'], [], ['A', 'B', 'NOT-PLANNED']));
    plan.apply(update(2, [], ['B']));
    expect([...plan.watchlist]).toEqual(['A']);
  });

  it('takes a market off the watchlist when it is added again without the flag', () => {
    const plan = new SubscriptionPlan();
    plan.apply(update(1, ['A'], [], ['A']));
    expect(plan.apply(update(2, ['A']))).toEqual({ added: [], removed: [] });
    expect(plan.watchlist.size).toBe(0);
  });

  it('removes before it adds, so a market in both lists of one update stays', () => {
    const plan = new SubscriptionPlan();
    plan.apply(update(1, ['A']));
    expect(plan.apply(update(2, ['A'], ['A']))).toEqual({ added: ['A'], removed: ['A'] });
    expect(plan.markets.has('A')).toBe(true);
  });

  it('gives the same plan when the history is folded again from the start', () => {
    const history = [update(1, ['A', 'B']), update(2, ['C'], ['A']), update(3, ['A'], ['C'])];
    const first = new SubscriptionPlan();
    const second = new SubscriptionPlan();
    for (const entry of history) first.apply(entry);
    for (const entry of history) second.apply(entry);
    expect([...first.markets].sort()).toEqual(['A', 'B']);
    expect([...second.markets].sort()).toEqual([...first.markets].sort());
  });
});

describe('the change that makes the WebSocket follow the plan', () => {
  it('adds what is missing and removes what is no longer wanted, in batches', () => {
    const wanted = new Set(['A', 'B', 'C', 'D', 'E']);
    const following = new Set(['A', 'Z', 'Y']);
    expect(subscriptionChange(wanted, following, 2)).toEqual({ add: [['B', 'C'], ['D', 'E']], remove: [['Z', 'Y']] });
  });

  it('puts watchlist markets first', () => {
    expect(subscriptionChange(new Set(['A', 'B', 'W']), new Set(), 10, new Set(['W'])).add).toEqual([['W', 'A', 'B']]);
  });

  it('is empty when the WebSocket already follows the plan', () => {
    expect(subscriptionChange(new Set(['A']), new Set(['A']), 10)).toEqual({ add: [], remove: [] });
  });

  it('cuts 5,001 markets into three batches of at most 2,000', () => {
    const many = Array.from({ length: 5001 }, (_, index) => `M${index}`);
    expect(batches(many, 2000).map((batch) => batch.length)).toEqual([2000, 2000, 1001]);
  });
});
