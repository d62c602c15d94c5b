/**
 * The gate's checks, in the order the design fixes:
 *   1. global trading enabled for the environment (kill switch, halts);
 *   2. environment configured with keys loaded (paper mode needs no keys);
 *   3. agent known, enabled, allowed in this environment, not in FullStop;
 *   4. risk: balance at least $5.00 for a buy, the agent's position cap per market, its daily
 *      loss cap for a buy, a fresh market (cache entry not stale, intent not too old).
 * Each check is pure and returns the first denial with a stable code and the numbers behind it.
 * The mode's routing (approval for SemiAuto buys) happens after every check has passed.
 */
import {
  type Centis,
  type DecisionInputs,
  type DenialCode,
  type Micros,
  type TradeIntent,
  absBigint,
  formatCount,
  formatDollars,
  parseCount,
} from '@polly/contracts';
import type { z } from 'zod';
import { type AgentRecord, type GateState, positionKey, signedDelta, utcDay } from './state';

export interface Denial {
  code: DenialCode;
  message: string;
  details: z.infer<typeof DecisionInputs>;
}

/** What the market cache says about the intent's market at decision time. */
export type MarketView = { known: false } | { known: true; stale: boolean; staleReason: string | null; status: string | null };

const deny = (code: DenialCode, message: string, details: Denial['details'] = {}): Denial => ({ code, message, details });

/** Checks 1 and 2: the environment may trade at all. */
export function environmentDenial(state: GateState): Denial | null {
  if (!state.trading.enabled) {
    const details = { environment: state.environment, reason: state.trading.reason, changedBy: state.trading.changedBy };
    return state.trading.halt
      ? deny('TRADING_HALTED', `trading in ${state.environment} was halted by ${state.trading.halt.service}: ${state.trading.halt.message}`, { ...details, haltCode: state.trading.halt.code })
      : deny('GLOBAL_TRADING_DISABLED', `global trading is disabled in ${state.environment}`, details);
  }
  if (state.tradeMode === 'live' && state.keys !== 'connected') {
    return state.keys === 'never-connected'
      ? deny('ENVIRONMENT_NOT_CONFIGURED', `no keys were ever connected for ${state.environment}`, { environment: state.environment, tradeMode: state.tradeMode })
      : deny('KEYS_NOT_LOADED', `the ${state.environment} keys were disconnected`, { environment: state.environment, tradeMode: state.tradeMode });
  }
  return null;
}

/** Check 3: the agent may trade here (FullStop included; SemiAuto routing comes later). */
export function agentDenial(state: GateState, intent: TradeIntent): { agent: AgentRecord } | Denial {
  const agent = state.agents.get(intent.agentId);
  if (!agent) return deny('AGENT_UNKNOWN', `agent ${intent.agentId} is not registered in ${state.environment}`, { agentId: intent.agentId });
  if (agent.configurationProblem !== null) {
    return deny('AGENT_DISABLED', `agent ${agent.agentId} has an unusable configuration: ${agent.configurationProblem}`, { agentId: agent.agentId });
  }
  if (!agent.enabled) return deny('AGENT_DISABLED', `agent ${agent.agentId} is disabled`, { agentId: agent.agentId, mode: agent.mode });
  if (!agent.limits.environments.includes(state.environment)) {
    return deny('AGENT_NOT_ALLOWED_IN_ENVIRONMENT', `agent ${agent.agentId} may not trade in ${state.environment}`, {
      agentId: agent.agentId,
      allowedEnvironments: agent.limits.environments.join(',') || null,
    });
  }
  if (agent.mode === 'FullStop') return deny('AGENT_FULL_STOP', `agent ${agent.agentId} is in FullStop`, { agentId: agent.agentId, mode: agent.mode });
  return { agent };
}

/** The agent's realized P/L so far in the UTC day of `now`. */
export function realizedToday(state: GateState, agentId: string, now: number): Micros {
  const pnl = state.pnl.get(agentId);
  if (!pnl || pnl.day !== utcDay(now)) return 0n as Micros;
  return (pnl.latest - pnl.baseline) as Micros;
}

/**
 * The agent's exposure in the intent's market and direction: its position plus every resting
 * order and approved-but-unseen intent that moves the position the same way as this intent
 * (orders the other way may never fill, so they do not offset).
 */
export function exposure(state: GateState, agentId: string, marketTicker: string, direction: bigint): { position: Centis; committed: Centis } {
  const position = state.positions.get(positionKey(agentId, marketTicker)) ?? (0n as Centis);
  let committed = 0n;
  for (const entries of [state.openOrders.values(), state.awaitingOrders.values()]) {
    for (const entry of entries) {
      if (entry.agentId === agentId && entry.marketTicker === marketTicker && entry.signedCount * direction > 0n) committed += entry.signedCount;
    }
  }
  return { position, committed: committed as Centis };
}

function positionDenial(state: GateState, agent: AgentRecord, intent: TradeIntent): Denial | null {
  const cap = agent.limits.maxPosition;
  if (cap === null) return null;
  const delta = signedDelta(intent.action, intent.side, parseCount(intent.count));
  const { position, committed } = exposure(state, agent.agentId, intent.marketTicker, delta);
  const before = position + committed;
  const after = before + delta;
  // A trade that brings the position back toward zero is never refused by the cap.
  if (absBigint(after) <= cap || absBigint(after) <= absBigint(before)) return null;
  return deny('MAX_POSITION_EXCEEDED', `agent ${agent.agentId} would hold ${formatCount(absBigint(after))} in ${intent.marketTicker}, over its cap of ${formatCount(cap)}`, {
    agentId: agent.agentId,
    position: formatCount(position),
    committed: formatCount(committed),
    intentCount: formatCount(delta),
    after: formatCount(after),
    maxPosition: formatCount(cap),
  });
}

/** Check 4: risk. `checkAge` is false when a human approves (the wait is the approval's). */
export function riskDenial(state: GateState, agent: AgentRecord, intent: TradeIntent, market: MarketView, now: number, checkAge: boolean): Denial | null {
  const buying = intent.action === 'buy';
  if (buying && state.balance !== null && state.balance < state.settings.minimumBalance) {
    return deny('BALANCE_BELOW_MINIMUM', `the ${state.environment} balance ${formatDollars(state.balance)} is under ${formatDollars(state.settings.minimumBalance)}: buying stops`, {
      balance: formatDollars(state.balance),
      minimumBalance: formatDollars(state.settings.minimumBalance),
    });
  }
  const position = positionDenial(state, agent, intent);
  if (position) return position;
  const lossCap = agent.limits.maxDailyLoss;
  if (buying && lossCap !== null) {
    const today = realizedToday(state, agent.agentId, now);
    if (today <= -lossCap) {
      return deny('MAX_DAILY_LOSS_REACHED', `agent ${agent.agentId} realized ${formatDollars(today)} today (UTC), at or past its daily loss cap of ${formatDollars(lossCap)}`, {
        agentId: agent.agentId,
        realizedToday: formatDollars(today),
        maxDailyLoss: formatDollars(lossCap),
      });
    }
  }
  if (market.known && market.stale) {
    return deny('MARKET_STALE', `the cached book of ${intent.marketTicker} is stale${market.staleReason ? `: ${market.staleReason}` : ''}`, {
      marketTicker: intent.marketTicker,
      staleReason: market.staleReason,
    });
  }
  const ageMs = now - Date.parse(intent.createdAt);
  if (checkAge && ageMs > state.settings.maxIntentAgeMs) {
    return deny('INTENT_EXPIRED', `the intent is ${Math.round(ageMs / 1000)} s old: the book it was made from may have moved`, {
      intentAgeMs: ageMs,
      maxIntentAgeMs: state.settings.maxIntentAgeMs,
    });
  }
  return null;
}

/** Every check in order: the first denial, or the agent the intent may proceed for. */
export function runChecks(state: GateState, intent: TradeIntent, market: MarketView, now: number, checkAge: boolean): { agent: AgentRecord } | Denial {
  const environment = environmentDenial(state);
  if (environment) return environment;
  const agent = agentDenial(state, intent);
  if ('code' in agent) return agent;
  return riskDenial(state, agent.agent, intent, market, now, checkAge) ?? agent;
}
