/**
 * The tick-to-order benchmark's probe: an agent written against the documented plugin interface
 * (`services/agents/src/plugin.ts`), one file, that looks at one market and buys one YES contract
 * on every change of its book. The buy is at $0.01, immediate-or-cancel, so it never rests and
 * never trades against the benchmark's quotes (asks well above a cent): it changes nothing the
 * next tick is measured against. Its only job is to be the fastest possible decision.
 */
import { type AgentPlugin, definePlugin } from '@polly/agents';
import { centis, micros } from '@polly/contracts';
import { z } from 'zod';

export const PROBE_AGENT_ID = 'probe';

export function probeAgent(probedTicker: string): AgentPlugin<Record<string, never>, Record<string, never>> {
  return definePlugin<Record<string, never>, Record<string, never>>({
    agentId: PROBE_AGENT_ID,
    agentName: 'Probe',
    description: `Benchmark probe: buys one YES contract at $0.01, immediate-or-cancel, whenever the book of ${probedTicker} changes.`,
    defaults: { environments: ['demo'], maxPosition: '100000.00', maxDailyLoss: '100000.00', orderSize: '1.00' },
    parameters: z.object({}),
    interestedIn: (market) => market.marketTicker === probedTicker,
    initialState: () => ({}),
    observe: (state) => state,
    decide: (_state, { market, trigger }) => {
      const inputs = { revision: market.revision, yesBid: market.yesBid?.toString() ?? null, trigger };
      if (trigger !== 'market') return { outcome: 'hold', reasonCode: 'NOT_A_BOOK_CHANGE', explanation: 'only book changes are probed', inputs };
      return {
        outcome: 'order',
        order: { action: 'buy', side: 'yes', price: micros(10_000n), count: centis(100n), postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: false },
        confidence: 0.5,
        reasonCode: 'PROBE',
        explanation: `the book of ${market.marketTicker} changed (revision ${market.revision})`,
        inputs,
      };
    },
  });
}
