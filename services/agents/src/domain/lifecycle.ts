/**
 * An agent's lifecycle in one environment, derived (pure) from what is known about it:
 *
 *   STOPPED       disabled, stopped by command, not allowed in this environment, or no plugin
 *   PAUSED        paused by command (it keeps observing, makes no decisions)
 *   ERROR         its plugin threw (restarting with backoff) or its configuration is unusable
 *   INITIALIZING  running, waiting for the environment's startup reconciliation
 *   IDLE          running, but the environment cannot trade (kill switch, halt, keys gone) or
 *                 the agent is in FullStop: it observes and makes no decisions
 *   ACTIVE        observing and deciding
 *
 * The owner's wish (`desired`: running, paused, stopped) survives restarts through the last
 * published lifecycle: PAUSED stays paused, and STOPPED with the reason STOPPED_BY_COMMAND stays
 * stopped; anything else runs again.
 */
import type { AgentLifecycle, AgentMode, Environment } from '@polly/contracts';

export type Desired = 'running' | 'paused' | 'stopped';

export const STOPPED_BY_COMMAND = 'stopped by command';

export interface AgentRecord {
  agentId: string;
  agentName: string;
  enabled: boolean;
  mode: AgentMode;
  configuration: Record<string, unknown>;
  desired: Desired;
  /** As last published (null before the first agent.state-changed). */
  lifecycle: AgentLifecycle | null;
  lifecycleReason: string | null;
  lastDecisionAt: string | null;
}

export interface Failure {
  /** When each recent restart was scheduled (ms). */
  restarts: number[];
  lastError: string;
  /** When the next restart happens, or null when the restart limit was reached. */
  restartAt: number | null;
}

/** What the agent's own code and configuration allow. */
export interface AgentHealth {
  pluginMissing: boolean;
  configurationProblem: string | null;
  allowedEnvironments: readonly Environment[];
  failure: Failure | null;
}

/** What the environment allows. */
export interface EnvironmentConditions {
  environment: Environment;
  /** Null once the startup reconciliation finished (or was waited for long enough), else why not yet. */
  waitingFor: string | null;
  /** Null when the environment can trade, else why not. */
  tradingBlocked: string | null;
}

export interface LifecycleTarget {
  state: AgentLifecycle;
  reason: string;
}

export function desiredFromLifecycle(lifecycle: AgentLifecycle | null, reason: string | null): Desired {
  if (lifecycle === 'PAUSED') return 'paused';
  if (lifecycle === 'STOPPED' && reason === STOPPED_BY_COMMAND) return 'stopped';
  return 'running';
}

export function targetLifecycle(agent: AgentRecord, health: AgentHealth, conditions: EnvironmentConditions): LifecycleTarget {
  if (health.pluginMissing) return { state: 'STOPPED', reason: 'no plugin with this id is installed' };
  if (!agent.enabled) return { state: 'STOPPED', reason: 'disabled' };
  if (agent.desired === 'stopped') return { state: 'STOPPED', reason: STOPPED_BY_COMMAND };
  if (!health.allowedEnvironments.includes(conditions.environment)) {
    return { state: 'STOPPED', reason: `not allowed in ${conditions.environment} (configuration.environments)` };
  }
  if (health.configurationProblem !== null) return { state: 'ERROR', reason: `unusable configuration: ${health.configurationProblem}` };
  if (agent.desired === 'paused') return { state: 'PAUSED', reason: 'paused by command' };
  if (health.failure !== null) {
    return health.failure.restartAt === null
      ? { state: 'ERROR', reason: `restart limit reached after: ${health.failure.lastError}; send agent.start to try again` }
      : { state: 'ERROR', reason: health.failure.lastError };
  }
  if (conditions.waitingFor !== null) return { state: 'INITIALIZING', reason: conditions.waitingFor };
  if (agent.mode === 'FullStop') return { state: 'IDLE', reason: 'FullStop: observing without deciding' };
  if (conditions.tradingBlocked !== null) return { state: 'IDLE', reason: conditions.tradingBlocked };
  return { state: 'ACTIVE', reason: `deciding in ${agent.mode}` };
}

/** True for the states in which the agent's task exists and observes. */
export const isRunning = (state: AgentLifecycle): boolean => state === 'ACTIVE' || state === 'IDLE' || state === 'PAUSED' || state === 'INITIALIZING';

export interface RestartPolicy {
  /** First delay; each further restart within the window doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Restarts allowed within `windowMs`; one more failure leaves the agent in ERROR. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, limit: 5, windowMs: 10 * 60_000 };

/** The failure after one more exception at `now`: when to restart, or never (limit reached). */
export function afterFailure(previous: Failure | null, error: string, now: number, policy: RestartPolicy): Failure {
  const recent = (previous?.restarts ?? []).filter((at) => now - at < policy.windowMs);
  if (recent.length >= policy.limit) return { restarts: recent, lastError: error, restartAt: null };
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** recent.length);
  return { restarts: [...recent, now], lastError: error, restartAt: now + delay };
}
