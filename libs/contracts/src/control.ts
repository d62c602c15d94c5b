/**
 * CONTROL: commands from the control API (imperative) and their outcomes. Key connection is
 * recorded here as a fact, never with key material: only a short hint of the key id.
 * Subjects: control.{environment}.{type}[.{agent id}]
 */
import { z } from 'zod';
import { AgentId, AgentMode, DollarsText, Timestamp } from './common';
import { defineEvent } from './define';

const Requester = z.object({ requestedBy: z.string().min(1).max(80) });

const agentCommand = <TType extends string>(type: TType, description: string) =>
  defineEvent({
    stream: 'CONTROL',
    type,
    version: 1,
    kind: 'command',
    description,
    key: (data: { agentId: string }) => data.agentId,
    data: Requester.extend({ agentId: AgentId }),
  });

export const StartAgent = agentCommand('agent.start', 'Start an agent (it becomes ACTIVE when enabled).');
export const StopAgent = agentCommand('agent.stop', 'Stop an agent (STOPPED until started).');
export const PauseAgent = agentCommand('agent.pause', 'Pause an agent (PAUSED: no decisions until started).');
export const EnableAgent = agentCommand('agent.enable', 'Allow an agent to run.');
export const DisableAgent = agentCommand('agent.disable', 'Forbid an agent to run; it stops.');

export const SetAgentMode = defineEvent({
  stream: 'CONTROL',
  type: 'agent.set-mode',
  version: 1,
  kind: 'command',
  description: 'Set one agent’s permission mode: Auto, SemiAuto or FullStop.',
  key: (data) => data.agentId,
  data: Requester.extend({ agentId: AgentId, mode: AgentMode }),
});

export const SetAllAgentsMode = defineEvent({
  stream: 'CONTROL',
  type: 'agents.set-mode',
  version: 1,
  kind: 'command',
  description: 'The global permission dial: set every agent’s mode at once.',
  data: Requester.extend({ mode: AgentMode }),
});

export const EnableTrading = defineEvent({
  stream: 'CONTROL',
  type: 'trading.enable',
  version: 1,
  kind: 'command',
  description: 'Turn global trading on for an environment.',
  data: Requester,
});

export const DisableTrading = defineEvent({
  stream: 'CONTROL',
  type: 'trading.disable',
  version: 1,
  kind: 'command',
  description: 'The kill switch: nothing queued proceeds; optionally cancel every resting order.',
  data: Requester.extend({ cancelResting: z.boolean(), reason: z.string().max(500) }),
});

export const TradingHalted = defineEvent({
  stream: 'CONTROL',
  type: 'trading.halted',
  version: 1,
  kind: 'event',
  description: 'A service stopped trading on its own (for example a 401 from the exchange); like the kill switch.',
  data: z.object({ code: z.string(), message: z.string(), service: z.string() }),
});

export const CancelAllOrders = defineEvent({
  stream: 'CONTROL',
  type: 'orders.cancel-all',
  version: 1,
  kind: 'command',
  description: 'Cancel every resting order in the environment.',
  data: Requester,
});

export const SelectEnvironment = defineEvent({
  stream: 'CONTROL',
  type: 'environment.select',
  version: 1,
  kind: 'command',
  description: 'Make this environment the one the cockpit shows and controls.',
  data: Requester,
});

export const KeysConnected = defineEvent({
  stream: 'CONTROL',
  type: 'keys.connected',
  version: 1,
  kind: 'event',
  description: 'A key pair was verified with a signed balance request and handed to the signing services.',
  data: z.object({
    keyIdHint: z.string().max(8),
    verifiedAt: Timestamp,
    balance: DollarsText.nullable(),
  }),
});

export const KeysDisconnected = defineEvent({
  stream: 'CONTROL',
  type: 'keys.disconnected',
  version: 1,
  kind: 'event',
  description: 'The key pair was cleared from every service that held it.',
  data: z.object({ reason: z.string() }),
});

export const ApproveIntent = defineEvent({
  stream: 'CONTROL',
  type: 'approval.approve',
  version: 1,
  kind: 'command',
  description: 'A human approves a pending SemiAuto buy.',
  data: Requester.extend({ approvalId: z.string().min(1) }),
});

export const DenyIntent = defineEvent({
  stream: 'CONTROL',
  type: 'approval.deny',
  version: 1,
  kind: 'command',
  description: 'A human denies a pending SemiAuto buy.',
  data: Requester.extend({ approvalId: z.string().min(1), reason: z.string().max(500).nullable() }),
});

export const controlEvents = {
  [StartAgent.type]: StartAgent,
  [StopAgent.type]: StopAgent,
  [PauseAgent.type]: PauseAgent,
  [EnableAgent.type]: EnableAgent,
  [DisableAgent.type]: DisableAgent,
  [SetAgentMode.type]: SetAgentMode,
  [SetAllAgentsMode.type]: SetAllAgentsMode,
  [EnableTrading.type]: EnableTrading,
  [DisableTrading.type]: DisableTrading,
  [TradingHalted.type]: TradingHalted,
  [CancelAllOrders.type]: CancelAllOrders,
  [SelectEnvironment.type]: SelectEnvironment,
  [KeysConnected.type]: KeysConnected,
  [KeysDisconnected.type]: KeysDisconnected,
  [ApproveIntent.type]: ApproveIntent,
  [DenyIntent.type]: DenyIntent,
} as const;
