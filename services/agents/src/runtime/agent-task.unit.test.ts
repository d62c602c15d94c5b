/**
 * One agent's task with a recording sink: watchlist markets first, updates of one market
 * coalesced with their trades kept, index values re-evaluating the markets it watches, nothing
 * decided while not deciding, and an exception stopping this task alone.
 */
import { ZERO_CENTIS, parseCount, parseDollars } from '@polly/contracts';
import { z } from 'zod';
import { hold } from '../domain/holdings';
import { type AnyAgentPlugin, type MarketTrade, type Observation, definePlugin } from '../plugin';
import { NOW, marketView } from '../testing/decision-fixtures';
import { AgentTask, type TaskSink, type Trigger } from './agent-task';

interface Seen {
  trades: number;
  index: number[];
}

function recorder(options: { throwOn?: string } = {}) {
  return definePlugin<Record<string, never>, Seen>({
    agentId: 'recorder',
    agentName: 'Recorder',
    description: 'remembers what it saw',
    defaults: { environments: ['demo'], maxPosition: '1.00', maxDailyLoss: '1.00', orderSize: '1.00' },
    parameters: z.object({}) as never,
    indices: ['BRTI'],
    interestedIn: () => true,
    initialState: () => ({ trades: 0, index: [] }),
    observe: (state, observation: Observation) => {
      if (observation.kind === 'trades') state.trades += observation.trades.length;
      else state.index.push(observation.value);
      return state;
    },
    decide: (state, context) => {
      if (context.market.marketTicker === options.throwOn) throw new Error('broken on purpose');
      return hold('SEEN', 'seen', { trades: state.trades, index: state.index.length });
    },
  });
}

function sink() {
  const decided: Array<{ market: string; trigger: Trigger; inputs: Record<string, unknown> }> = [];
  const failures: unknown[] = [];
  const value: TaskSink = {
    holdings: () => ({ position: ZERO_CENTIS, working: ZERO_CENTIS, workingOrders: 0, lastIntentAt: null, resting: [] }),
    limits: () => ({ orderSize: parseCount('1.00'), maxPosition: parseCount('1.00') }),
    decided: async (_task, market, decision, trigger) => void decided.push({ market: market.marketTicker, trigger, inputs: decision.inputs }),
    failed: (_task, error) => void failures.push(error),
  };
  return { value, decided, failures };
}

const trade = (id: string): MarketTrade => ({ tradeId: id, yesPrice: parseDollars('0.50'), count: parseCount('1.00'), takerSide: 'yes', at: NOW });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function task(plugin: AnyAgentPlugin, target: ReturnType<typeof sink>, history: Array<Extract<Observation, { kind: 'index' }>> = []) {
  const created = new AgentTask(plugin, {}, target.value, () => NOW, history);
  created.setDeciding(true);
  return created;
}

describe('an agent task', () => {
  it('decides watchlist markets first', async () => {
    const target = sink();
    const running = task(recorder(), target);
    running.enqueueMarket(marketView({ marketTicker: 'OTHER', watchlist: false }), [], 'market');
    running.enqueueMarket(marketView({ marketTicker: 'WATCHED', watchlist: true }), [], 'market');
    await settle();
    expect(target.decided.map((entry) => entry.market)).toEqual(['WATCHED', 'OTHER']);
  });

  it('coalesces updates of one market, keeping every new trade', async () => {
    const target = sink();
    const running = task(recorder(), target);
    running.enqueueMarket(marketView({ marketTicker: 'A', revision: 1 }), [trade('1')], 'review');
    running.enqueueMarket(marketView({ marketTicker: 'A', revision: 2 }), [trade('2'), trade('3')], 'market');
    await settle();
    expect(target.decided).toEqual([{ market: 'A', trigger: 'market', inputs: { trades: 3, index: 0 } }]);
  });

  it('replays index history at start, and re-evaluates the open markets it watches on a fresh index value only', async () => {
    const target = sink();
    const history = [1, 2].map((value) => ({ kind: 'index' as const, indexId: 'BRTI', value, windowedAverage: null, at: NOW - 10_000 + value }));
    const running = task(recorder(), target, history);
    running.enqueueMarket(marketView({ marketTicker: 'A' }), [], 'market');
    running.enqueueMarket(marketView({ marketTicker: 'CLOSED', closeTime: NOW }), [], 'market');
    await settle();
    running.enqueueIndex({ kind: 'index', indexId: 'BRTI', value: 3, windowedAverage: null, at: NOW - 5000 }, false);
    await settle();
    running.enqueueIndex({ kind: 'index', indexId: 'BRTI', value: 4, windowedAverage: null, at: NOW }, true);
    running.enqueueIndex({ kind: 'index', indexId: 'ETHUSD_RTI', value: 9, windowedAverage: null, at: NOW }, true);
    await settle();
    // A market past its close is not re-priced from the view kept of it.
    expect(target.decided.map((entry) => `${entry.market} ${entry.trigger} ${entry.inputs.index}`)).toEqual(['A market 2', 'CLOSED market 2', 'A index 4']);
  });

  it('observes without deciding while it may not decide', async () => {
    const target = sink();
    const running = task(recorder(), target);
    running.setDeciding(false);
    running.enqueueMarket(marketView({ marketTicker: 'A' }), [trade('1')], 'market');
    await settle();
    running.setDeciding(true);
    running.enqueueMarket(marketView({ marketTicker: 'A' }), [], 'market');
    await settle();
    expect(target.decided).toEqual([{ market: 'A', trigger: 'market', inputs: { trades: 1, index: 0 } }]);
  });

  it('stops itself on an exception, reports it once, and ignores what comes after', async () => {
    const target = sink();
    const running = task(recorder({ throwOn: 'BAD' }), target);
    running.enqueueMarket(marketView({ marketTicker: 'BAD', watchlist: true }), [], 'market');
    running.enqueueMarket(marketView({ marketTicker: 'GOOD', watchlist: false }), [], 'market');
    await settle();
    running.enqueueMarket(marketView({ marketTicker: 'LATER' }), [], 'market');
    await settle();
    expect(running.isStopped).toBe(true);
    expect(target.failures).toHaveLength(1);
    expect(String(target.failures[0])).toBe('Error: broken on purpose');
    expect(target.decided).toEqual([]);
  });
});
