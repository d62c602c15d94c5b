/**
 * CONTROL commands and facts as changes to the agents of one environment (pure).
 *
 *   agent.start     run (again): also clears an ERROR left by the restart limit
 *   agent.stop      stopped until started (kept across restarts)
 *   agent.pause     paused until started (kept across restarts)
 *   agent.enable    enabled, and running
 *   agent.disable   disabled (STOPPED)
 *   agent.set-mode  one agent's mode;   agents.set-mode: every agent's mode
 *   keys.connected  activation on key entry: every agent allowed here that is still in its
 *                   first-start state (disabled and FullStop) becomes SemiAuto, enabled and running.
 *                   An agent the owner has configured otherwise keeps the owner's choice.
 *
 * The kill switch and keys also decide whether the environment can trade at all (`tradingBlocked`).
 */
import type { AgentMode, AnyEvent, Environment } from '@polly/contracts';
import type { AgentRecord, Desired } from './lifecycle';

export interface AgentChange {
  agentId: string;
  mode?: AgentMode;
  enabled?: boolean;
  desired?: Desired;
  clearFailure?: boolean;
}

export type CommandOutcome = { kind: 'changes'; changes: AgentChange[] } | { kind: 'unknown-agent'; agentId: string } | { kind: 'not-for-agents' };

export function activationChanges(agents: Iterable<AgentRecord>, allowedHere: (agentId: string) => boolean): AgentChange[] {
  const changes: AgentChange[] = [];
  for (const agent of agents) {
    if (!allowedHere(agent.agentId) || agent.enabled || agent.mode !== 'FullStop') continue;
    changes.push({ agentId: agent.agentId, mode: 'SemiAuto', enabled: true, desired: 'running' });
  }
  return changes;
}

export function commandChanges(event: AnyEvent, agents: ReadonlyMap<string, AgentRecord>): CommandOutcome {
  const one = (agentId: string, change: Omit<AgentChange, 'agentId'>): CommandOutcome =>
    agents.has(agentId) ? { kind: 'changes', changes: [{ agentId, ...change }] } : { kind: 'unknown-agent', agentId };
  switch (event.type) {
    case 'agent.start':
      return one(event.data.agentId, { desired: 'running', clearFailure: true });
    case 'agent.stop':
      return one(event.data.agentId, { desired: 'stopped' });
    case 'agent.pause':
      return one(event.data.agentId, { desired: 'paused' });
    case 'agent.enable':
      return one(event.data.agentId, { enabled: true, desired: 'running', clearFailure: true });
    case 'agent.disable':
      return one(event.data.agentId, { enabled: false });
    case 'agent.set-mode':
      return one(event.data.agentId, { mode: event.data.mode });
    case 'agents.set-mode':
      return { kind: 'changes', changes: [...agents.keys()].map((agentId) => ({ agentId, mode: event.data.mode })) };
    default:
      return { kind: 'not-for-agents' };
  }
}

/** The kill switch, halts and keys of one environment. */
export interface EnvironmentSwitches {
  environment: Environment;
  tradeMode: 'live' | 'paper';
  trading: { enabled: boolean; reason: string | null };
  keys: 'never-connected' | 'connected' | 'disconnected';
}

export function foldSwitches(switches: EnvironmentSwitches, event: AnyEvent): EnvironmentSwitches {
  switch (event.type) {
    case 'trading.enable':
      return { ...switches, trading: { enabled: true, reason: null } };
    case 'trading.disable':
      return { ...switches, trading: { enabled: false, reason: `kill switch: ${event.data.reason || 'trading disabled'}` } };
    case 'trading.halted':
      return { ...switches, trading: { enabled: false, reason: `halted by ${event.data.service}: ${event.data.message}` } };
    case 'keys.connected':
      return { ...switches, keys: 'connected' };
    case 'keys.disconnected':
      return { ...switches, keys: 'disconnected' };
    default:
      return switches;
  }
}

/** Why the environment cannot trade now, or null (the gate's first two checks, seen from the agents). */
export function tradingBlocked(switches: EnvironmentSwitches): string | null {
  if (!switches.trading.enabled) return switches.trading.reason ?? `trading is disabled in ${switches.environment}`;
  if (switches.tradeMode === 'live' && switches.keys !== 'connected') {
    return switches.keys === 'never-connected' ? `no keys connected for ${switches.environment}` : `the ${switches.environment} keys were disconnected`;
  }
  return null;
}
