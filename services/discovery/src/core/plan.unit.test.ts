import { type AnyEvent, parseEvent } from '@polly/contracts';
import type { DecisionContext } from './decide';
import { knownMarket } from './fixtures';
import type { KnownMarket } from './known';
import { type PlanData, PLAN_BATCH_LIMIT, diffPlan, diffPlanFor, emptyPlan, foldPlan, planRevisions } from './plan';

const context: DecisionContext = { environment: 'demo', now: new Date('2026-07-22T17:05:00Z') };
const dataOf = (events: AnyEvent[]) => events.map((event) => event.data as PlanData);

function markets(entries: Array<[string, KnownMarket['state']]>): Map<string, KnownMarket> {
  return new Map(entries.map(([ticker, state]) => [ticker, knownMarket({ state })]));
}

describe('the subscription plan', () => {
  describe('given an empty plan and markets in every state', () => {
    const known = markets([
      ['B-ACTIVE', 'ACTIVE'],
      ['A-WATCH', 'WATCHLIST'],
      ['C-INACTIVE', 'INACTIVE'],
      ['D-IGNORED', 'IGNORED'],
    ]);

    it('adds the ACTIVE and WATCHLIST markets only, sorted, flagging the watchlist', () => {
      expect(diffPlan(emptyPlan(), known)).toEqual({ add: [['A-WATCH', true], ['B-ACTIVE', false]], remove: [] });
    });

    it('publishes revision 1 whose fold is the whole plan', () => {
      const { events, next } = planRevisions(emptyPlan(), diffPlan(emptyPlan(), known), 'cycle 1', context);
      expect(dataOf(events)).toEqual([{ revision: 1, add: ['A-WATCH', 'B-ACTIVE'], remove: [], watchlist: ['A-WATCH'], reason: 'cycle 1' }]);
      expect(events[0]?.id).toBe('discovery:demo:plan:1');
      expect(parseEvent(events[0]).ok).toBe(true);
      expect([...next.members]).toEqual([['A-WATCH', true], ['B-ACTIVE', false]]);
      expect(next.revision).toBe(1);
    });
  });

  describe('given a plan that already has the markets', () => {
    const plan = foldPlan(emptyPlan(), { revision: 4, add: ['A', 'B', 'C'], remove: [], watchlist: ['A'], reason: 'earlier' });

    it('changes nothing while nothing changed', () => {
      expect(diffPlan(plan, markets([['A', 'WATCHLIST'], ['B', 'ACTIVE'], ['C', 'ACTIVE']]))).toEqual({ add: [], remove: [] });
    });

    it('removes a market that went INACTIVE and adds again one whose watchlist flag changed', () => {
      expect(diffPlan(plan, markets([['A', 'WATCHLIST'], ['B', 'INACTIVE'], ['C', 'WATCHLIST']]))).toEqual({ add: [['C', true]], remove: ['B'] });
    });

    it('keeps a member discovery does not know (yet): only a complete cycle may forget it', () => {
      expect(diffPlan(plan, markets([['A', 'WATCHLIST'], ['B', 'ACTIVE']]))).toEqual({ add: [], remove: [] });
    });

    it('looks only at the markets named when a lifecycle event changes one', () => {
      const known = markets([['A', 'INACTIVE'], ['B', 'INACTIVE'], ['NEW', 'WATCHLIST']]);
      expect(diffPlanFor(plan, ['NEW', 'A'], known)).toEqual({ add: [['NEW', true]], remove: ['A'] });
    });

    it('numbers the next revision after the last one folded', () => {
      const { events } = planRevisions(plan, { add: [['D', false]], remove: [] }, 'lifecycle created D', context);
      expect(dataOf(events)[0]?.revision).toBe(5);
    });
  });

  describe('given more changes than one revision may carry', () => {
    const known = new Map(Array.from({ length: PLAN_BATCH_LIMIT * 2 + 1 }, (_, index) => [`M-${String(index).padStart(5, '0')}`, knownMarket({ state: 'ACTIVE' })] as const));
    const { events, next } = planRevisions(emptyPlan(), diffPlan(emptyPlan(), known), 'cycle 1', context);

    it('cuts them into revisions of at most 2000 additions, numbered in order', () => {
      expect(dataOf(events).map((data) => [data.revision, data.add.length, data.reason])).toEqual([
        [1, 2000, 'cycle 1 (part 1 of 3)'],
        [2, 2000, 'cycle 1 (part 2 of 3)'],
        [3, 1, 'cycle 1 (part 3 of 3)'],
      ]);
    });

    it('folds back into the whole plan', () => {
      const folded = dataOf(events).reduce(foldPlan, emptyPlan());
      expect(folded.members.size).toBe(known.size);
      expect(folded).toEqual(next);
    });
  });

  it('folding applies removals before additions within one revision', () => {
    const plan = foldPlan(emptyPlan(), { revision: 1, add: ['A'], remove: [], watchlist: [], reason: 'r' });
    foldPlan(plan, { revision: 2, add: ['A'], remove: ['A'], watchlist: ['A'], reason: 'flag change' });
    expect([...plan.members]).toEqual([['A', true]]);
  });
});

describe('forgetting plan members the exchange no longer has', () => {
  it('removes a member discovery never stored once a complete cycle names it', () => {
    const plan = foldPlan(emptyPlan(), { revision: 1, add: ['GONE', 'KEPT'], remove: [], watchlist: [], reason: 'r' });
    expect(diffPlan(plan, markets([['KEPT', 'ACTIVE']]), new Set(['GONE', 'KEPT', 'NEVER-IN-PLAN']))).toEqual({ add: [], remove: ['GONE'] });
  });
});
