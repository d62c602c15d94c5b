/**
 * The agent registry of one environment, merged (pure) from the `agent_state` read model and
 * the newest agent facts in TRADING. The read model can lag the stream (the projector folds
 * asynchronously), so for each agent the last `agent.registered`, `agent.configured` and
 * `agent.state-changed` on its subjects win over the row; the row fills in what the stream no
 * longer has. A plugin nobody registered yet gets the defaults: disabled, FullStop, STOPPED.
 *
 * The configuration is the registered JSON over the plugin's defaults, so a parameter added to
 * a plugin later has its default without a new registration.
 */
import { type AgentLifecycle, AgentLifecycle as AgentLifecycleSchema, type AgentMode, AgentMode as AgentModeSchema, type AnyEvent, CountText, DollarsText, Environment } from '@polly/contracts';
import { z } from 'zod';
import type { AnyAgentPlugin } from '../plugin';
import { type AgentRecord, desiredFromLifecycle } from './lifecycle';

export interface AgentStateRow {
  agent_id: string;
  agent_name: string;
  enabled: boolean;
  mode: string;
  configuration: Record<string, unknown>;
  lifecycle_state: string;
  state_reason: string | null;
  last_decision_at: Date | null;
}

export interface StoredFact {
  event: AnyEvent;
  sequence: number;
}

export interface AgentFacts {
  registered: StoredFact | null;
  configured: StoredFact | null;
  stateChanged: StoredFact | null;
}

export function defaultConfiguration(plugin: AnyAgentPlugin): Record<string, unknown> {
  return { ...plugin.defaults };
}

/** Merge one agent's row and stream facts; null when neither exists (it must be registered). */
export function mergeAgent(agentId: string, row: AgentStateRow | undefined, facts: AgentFacts): AgentRecord | null {
  const registered = facts.registered?.event.type === 'agent.registered' ? facts.registered.event.data : null;
  if (!row && !registered) return null;
  const configured = facts.configured?.event.type === 'agent.configured' ? facts.configured : null;
  const stateChanged = facts.stateChanged?.event.type === 'agent.state-changed' ? facts.stateChanged.event.data : null;
  let mode: AgentMode = AgentModeSchema.safeParse(row?.mode).data ?? 'FullStop';
  let enabled = row?.enabled ?? false;
  if (registered) {
    mode = registered.mode;
    enabled = registered.enabled;
  }
  if (configured?.event.type === 'agent.configured' && (facts.registered === null || configured.sequence > facts.registered.sequence)) {
    mode = configured.event.data.mode;
    enabled = configured.event.data.enabled;
  }
  const lifecycle: AgentLifecycle | null = stateChanged?.to ?? AgentLifecycleSchema.safeParse(row?.lifecycle_state).data ?? null;
  const lifecycleReason = stateChanged?.reason ?? row?.state_reason ?? null;
  return {
    agentId,
    agentName: registered?.agentName ?? row?.agent_name ?? agentId,
    enabled,
    mode,
    configuration: registered?.configuration ?? row?.configuration ?? {},
    desired: desiredFromLifecycle(lifecycle, lifecycleReason),
    lifecycle,
    lifecycleReason,
    lastDecisionAt: stateChanged?.lastDecisionAt ?? row?.last_decision_at?.toISOString() ?? null,
  };
}

const Limits = z.object({
  environments: z.array(Environment).default(['demo']),
  maxPosition: CountText,
  maxDailyLoss: DollarsText,
  orderSize: CountText,
});

export interface EffectiveConfiguration {
  environments: Environment[];
  maxPosition: string;
  orderSize: string;
  parameters: unknown;
}

/** The configuration the agent runs with, or why it cannot run. */
export function effectiveConfiguration(plugin: AnyAgentPlugin, stored: Record<string, unknown>): { ok: true; value: EffectiveConfiguration } | { ok: false; problem: string } {
  const merged = { ...defaultConfiguration(plugin), ...stored };
  const describe = (error: z.ZodError) => error.issues.map((issue) => `${issue.path.join('.') || '(configuration)'}: ${issue.message}`).join('; ');
  const limits = Limits.safeParse(merged);
  if (!limits.success) return { ok: false, problem: describe(limits.error) };
  const parameters = plugin.parameters.safeParse(merged);
  if (!parameters.success) return { ok: false, problem: describe(parameters.error as z.ZodError) };
  return { ok: true, value: { environments: limits.data.environments, maxPosition: limits.data.maxPosition, orderSize: limits.data.orderSize, parameters: parameters.data } };
}
