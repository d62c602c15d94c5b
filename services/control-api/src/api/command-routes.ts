/**
 * The PRD's control commands. Each validated request becomes CONTROL events (one per command;
 * the kill switch publishes one per environment, plus `orders.cancel-all` when asked). The API
 * decides nothing about trading: agents, gate and execution act on these events. It does refuse
 * commands about things the read models do not know (an unknown agent, a resolved approval).
 */
import {
  ApproveIntent,
  CancelAllOrders,
  DenyIntent,
  DisableAgent,
  DisableTrading,
  ENVIRONMENTS,
  EnableAgent,
  EnableTrading,
  type Environment,
  PauseAgent,
  SelectEnvironment,
  SetAgentMode,
  SetAllAgentsMode,
  StartAgent,
  StopAgent,
} from '@polly/contracts';
import { HttpProblem } from '../http/problem';
import { type AnyRoute, defineRoute } from '../http/routes';
import { findAgent, findApproval, tradingFoldedTo } from '../state/trading-queries';
import { type ApiContext, command, environmentFor, publishCommands, requesterName, requireServed } from './context';
import {
  AgentPath,
  ApprovalPath,
  CommandAccepted,
  DecisionBody,
  EnvironmentBody,
  EnvironmentQuery,
  ModeBody,
  RequiredEnvironmentBody,
  TradingDisableBody,
} from './schemas';

const accepted = { 202: { description: 'the command was published', schema: CommandAccepted } };

const AGENT_ACTIONS = [
  { action: 'start', definition: StartAgent, verb: 'start' },
  { action: 'stop', definition: StopAgent, verb: 'stop' },
  { action: 'pause', definition: PauseAgent, verb: 'pause' },
  { action: 'enable', definition: EnableAgent, verb: 'enable' },
  { action: 'disable', definition: DisableAgent, verb: 'disable' },
] as const;

/** `environment` may come in the body or the query string; the body wins. */
const named = (body: { environment?: Environment | undefined }, query: { environment?: Environment | undefined }) => body.environment ?? query.environment;

async function knownAgent(context: ApiContext, environment: Environment, agentId: string): Promise<void> {
  if (!(await findAgent(context.db, environment, agentId))) {
    throw new HttpProblem('not-found', `no agent ${agentId} in ${environment} (GET /state/agents lists them)`);
  }
}

/** How long an answer to an approval the read model does not show yet waits for the projector. */
const APPROVAL_FOLD_WAIT_MS = 3000;

async function pendingApproval(context: ApiContext, environment: Environment, approvalId: string): Promise<void> {
  let approval = await findApproval(context.db, environment, approvalId);
  if (!approval && (await tradingFoldedTo(context.db, await context.bus.lastSequence('TRADING'), APPROVAL_FOLD_WAIT_MS))) {
    approval = await findApproval(context.db, environment, approvalId);
  }
  if (!approval) throw new HttpProblem('not-found', `no approval ${approvalId} in ${environment}`);
  if (approval.status !== 'pending') throw new HttpProblem('conflict', `approval ${approvalId} is already ${approval.status}`);
  if (approval.expires_at.getTime() <= context.now()) throw new HttpProblem('conflict', `approval ${approvalId} expired at ${approval.expires_at.toISOString()}`);
}

/** A command about one environment that carries nothing but who asked. */
function environmentCommand(
  context: ApiContext,
  spec: { path: string; operationId: string; summary: string; definition: typeof EnableTrading | typeof CancelAllOrders; detail: (environment: Environment) => string },
): AnyRoute {
  return defineRoute({
    method: 'post',
    path: spec.path,
    operationId: spec.operationId,
    tag: 'commands',
    summary: spec.summary,
    description: spec.definition.description,
    query: EnvironmentQuery,
    body: EnvironmentBody,
    responses: accepted,
    problems: [409],
    handle: async ({ query, body, identity }) => {
      const environment = await environmentFor(context, named(body, query));
      requireServed(context, environment);
      const event = command(context, spec.definition, environment, { requestedBy: requesterName(identity.requester) });
      return publishCommands(context, [event], spec.detail(environment));
    },
  });
}

export function commandRoutes(context: ApiContext): AnyRoute[] {
  const agentActions = AGENT_ACTIONS.map(({ action, definition, verb }) =>
    defineRoute({
      method: 'post',
      path: `/control/agents/{agentId}/${action}`,
      operationId: `${action}Agent`,
      tag: 'commands',
      summary: `${verb[0]?.toUpperCase()}${verb.slice(1)} an agent (${definition.type})`,
      description: definition.description,
      params: AgentPath,
      query: EnvironmentQuery,
      body: EnvironmentBody,
      responses: accepted,
      problems: [404],
      handle: async ({ params, query, body, identity }) => {
        const environment = await environmentFor(context, named(body, query));
        await knownAgent(context, environment, params.agentId);
        const event = command(context, definition, environment, { requestedBy: requesterName(identity.requester), agentId: params.agentId });
        return publishCommands(context, [event], `${definition.type} sent to agent ${params.agentId} in ${environment}`);
      },
    }),
  );

  const approvalRoutes = (['approve', 'deny'] as const).map((decision) =>
    defineRoute({
      method: 'post',
      path: `/control/approvals/{approvalId}/${decision}`,
      operationId: decision,
      tag: 'commands',
      summary: `${decision === 'approve' ? 'Approve' : 'Deny'} a pending SemiAuto buy (approval.${decision})`,
      params: ApprovalPath,
      query: EnvironmentQuery,
      body: DecisionBody,
      responses: accepted,
      problems: [404, 409],
      handle: async ({ params, query, body, identity }) => {
        const environment = await environmentFor(context, named(body, query));
        await pendingApproval(context, environment, params.approvalId);
        const requester = { requestedBy: requesterName(identity.requester), approvalId: params.approvalId };
        const event =
          decision === 'approve'
            ? command(context, ApproveIntent, environment, requester)
            : command(context, DenyIntent, environment, { ...requester, reason: body.reason ?? null });
        return publishCommands(context, [event], `approval ${params.approvalId} ${decision === 'approve' ? 'approved' : 'denied'}`);
      },
    }),
  );

  return [
    ...agentActions,
    defineRoute({
      method: 'post',
      path: '/control/agents/{agentId}/set_mode',
      operationId: 'setAgentMode',
      tag: 'commands',
      summary: 'Set one agent’s mode: Auto, SemiAuto or FullStop (agent.set-mode)',
      params: AgentPath,
      query: EnvironmentQuery,
      body: ModeBody.extend(EnvironmentBody.shape),
      responses: accepted,
      problems: [404],
      handle: async ({ params, query, body, identity }) => {
        const environment = await environmentFor(context, named(body, query));
        await knownAgent(context, environment, params.agentId);
        const event = command(context, SetAgentMode, environment, { requestedBy: requesterName(identity.requester), agentId: params.agentId, mode: body.mode });
        return publishCommands(context, [event], `agent ${params.agentId} in ${environment} set to ${body.mode}`);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/control/agents/set_mode',
      operationId: 'setAllAgentsMode',
      tag: 'commands',
      summary: 'The global dial: set every agent’s mode at once (agents.set-mode)',
      query: EnvironmentQuery,
      body: ModeBody.extend(EnvironmentBody.shape),
      responses: accepted,
      handle: async ({ query, body, identity }) => {
        const environment = await environmentFor(context, named(body, query));
        const event = command(context, SetAllAgentsMode, environment, { requestedBy: requesterName(identity.requester), mode: body.mode });
        return publishCommands(context, [event], `every agent in ${environment} set to ${body.mode}`);
      },
    }),
    environmentCommand(context, {
      path: '/control/trading/enable',
      operationId: 'enableTrading',
      summary: 'Turn global trading on for one environment (trading.enable)',
      definition: EnableTrading,
      detail: (environment) => `trading enabled in ${environment}`,
    }),
    defineRoute({
      method: 'post',
      path: '/control/trading/disable',
      operationId: 'disableTrading',
      tag: 'commands',
      summary: 'The kill switch (trading.disable): one environment, or both when none is named',
      description: 'Nothing queued proceeds. With cancelResting, orders.cancel-all follows in each environment.',
      query: EnvironmentQuery,
      body: TradingDisableBody,
      responses: accepted,
      handle: async ({ query, body, identity }) => {
        const targets: readonly Environment[] = named(body, query) ? [named(body, query) as Environment] : ENVIRONMENTS;
        const requestedBy = requesterName(identity.requester);
        const events = targets.flatMap((environment) => [
          command(context, DisableTrading, environment, { requestedBy, cancelResting: body.cancelResting, reason: body.reason }),
          ...(body.cancelResting ? [command(context, CancelAllOrders, environment, { requestedBy })] : []),
        ]);
        return publishCommands(context, events, `trading disabled in ${targets.join(' and ')}${body.cancelResting ? '; resting orders will be cancelled' : ''}`);
      },
    }),
    environmentCommand(context, {
      path: '/control/orders/cancel_all',
      operationId: 'cancelAllOrders',
      summary: 'Cancel every resting order in one environment (orders.cancel-all)',
      definition: CancelAllOrders,
      detail: (environment) => `every resting order in ${environment} will be cancelled`,
    }),
    defineRoute({
      method: 'post',
      path: '/control/environment/set',
      operationId: 'setEnvironment',
      tag: 'commands',
      summary: 'Make an environment the one the cockpit shows and controls (environment.select)',
      body: RequiredEnvironmentBody,
      responses: accepted,
      problems: [409],
      handle: async ({ body, identity }) => {
        requireServed(context, body.environment);
        const event = command(context, SelectEnvironment, body.environment, { requestedBy: requesterName(identity.requester) });
        return publishCommands(context, [event], `${body.environment} is the active environment`);
      },
    }),
    ...approvalRoutes,
  ];
}
