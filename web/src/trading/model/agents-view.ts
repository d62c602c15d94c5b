/**
 * The Agent Access card's readings: the agent slots (Prime, Peritia and the open 007xe slot,
 * then any other registered agent), each agent's latest P/L point (fills, wins, P/L), and where
 * the global dial stands. The global dial has no stored position of its own: it points at the
 * mode every agent shares, and at nothing when they differ. Pure.
 */
import type { Agent, AgentMode, PnlPoint } from '../api/schemas';
import { parseMicros } from '../money';

export const agentSlots = ['prime', 'peritia', '007xe'] as const;

export interface AgentSlot {
  agentId: string;
  agent: Agent | null;
}

export function slotsFor(agents: readonly Agent[]): AgentSlot[] {
  const byId = new Map(agents.map((agent) => [agent.agent_id, agent]));
  const fixed = agentSlots.map((agentId) => ({ agentId, agent: byId.get(agentId) ?? null }));
  const others = agents.filter((agent) => !(agentSlots as readonly string[]).includes(agent.agent_id)).map((agent) => ({ agentId: agent.agent_id, agent }));
  return [...fixed, ...others];
}

export function sharedMode(agents: readonly Agent[]): AgentMode | null {
  const modes = new Set(agents.map((agent) => agent.mode));
  return modes.size === 1 ? ([...modes][0] ?? null) : null;
}

export interface AgentScore {
  fills: number;
  wins: number;
  losses: number;
  /** Whole percent of decided trades won, null before any. */
  winRate: number | null;
  /** Total P/L (micro-dollars), null before the first point. */
  pnl: bigint | null;
}

export function scoreOf(points: readonly PnlPoint[] | undefined): AgentScore {
  const last = points?.at(-1);
  if (!last) return { fills: 0, wins: 0, losses: 0, winRate: null, pnl: null };
  const decided = last.wins + last.losses;
  return {
    fills: last.fills,
    wins: last.wins,
    losses: last.losses,
    winRate: decided === 0 ? null : Math.round((last.wins / decided) * 100),
    pnl: parseMicros(last.total_pnl),
  };
}
