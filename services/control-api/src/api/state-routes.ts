/**
 * The read-only state queries of the PRD (chapter 2, "State Query Interface"), answered from the
 * projector's read models. Every query takes `?environment=` (default: the active environment).
 */
import { z } from 'zod';
import { HttpProblem } from '../http/problem';
import { type AnyRoute, defineRoute } from '../http/routes';
import { systemFacts } from '../state/system-queries';
import {
  ORDER_STATUS_FILTERS,
  findAgent,
  findBalance,
  findOrder,
  listAgents,
  listApprovals,
  listDecisions,
  listFills,
  listOrders,
  listPnlPoints,
  listPositions,
  waitForTradingFold,
} from '../state/trading-queries';
import { type ApiContext, environmentFor } from './context';
import {
  AgentPath,
  AgentRow,
  ApprovalRow,
  Balance,
  DecisionRow,
  Environment,
  EnvironmentQuery,
  FillRow,
  Instant,
  LimitQuery,
  OrderRow,
  PnlPoint,
  PositionRow,
  SystemState,
} from './schemas';

const AgentFilter = z.string().max(64).optional().describe('only this agent');

function isLoopbackUrl(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** How long a read waits for the projector to fold what was published before it. */
export const READ_FOLD_WAIT_MS = 5000;

/**
 * The cockpit reads state when /events says something changed. /events follows the streams
 * themselves and the read models follow the projector, so an answer could otherwise predate the
 * event that asked for it (and nothing would ask again). A read of what the projector folds from
 * TRADING therefore first waits, at most READ_FOLD_WAIT_MS, until every TRADING event published
 * before the request is folded; with no projector at all it does not wait.
 */
async function foldedBeforeReading(context: ApiContext): Promise<void> {
  const outcome = await waitForTradingFold(context.db, await context.bus.lastSequence('TRADING'), READ_FOLD_WAIT_MS);
  if (outcome === 'behind') context.logger.warn({ waitedMs: READ_FOLD_WAIT_MS }, 'the projector is behind TRADING: a state read answers with what it has folded');
}

export function stateRoutes(context: ApiContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/state/agents',
      operationId: 'listAgents',
      tag: 'state',
      summary: 'Every agent with its mode, enabled flag and lifecycle state',
      query: EnvironmentQuery,
      responses: { 200: { description: 'the agents', schema: z.object({ environment: Environment, agents: z.array(AgentRow) }) } },
      handle: async ({ query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        return { status: 200, body: { environment, agents: await listAgents(context.db, environment) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/agents/{agentId}',
      operationId: 'getAgent',
      tag: 'state',
      summary: 'One agent',
      params: AgentPath,
      query: EnvironmentQuery,
      responses: { 200: { description: 'the agent', schema: z.object({ environment: Environment, agent: AgentRow }) } },
      problems: [404],
      handle: async ({ params, query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        const agent = await findAgent(context.db, environment, params.agentId);
        if (!agent) throw new HttpProblem('not-found', `no agent ${params.agentId} in ${environment}`);
        return { status: 200, body: { environment, agent } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/positions',
      operationId: 'listPositions',
      tag: 'state',
      summary: 'Positions: the account’s (holder "account") and each agent’s share',
      query: EnvironmentQuery.extend({
        holder: z.string().max(64).optional().describe('"account" or an agent id'),
        nonzero: z.enum(['true', 'false']).default('false').describe('only positions that are not flat'),
      }),
      responses: { 200: { description: 'the positions', schema: z.object({ environment: Environment, positions: z.array(PositionRow) }) } },
      handle: async ({ query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        const positions = await listPositions(context.db, environment, { holder: query.holder, nonZero: query.nonzero === 'true' });
        return { status: 200, body: { environment, positions } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/orders',
      operationId: 'listOrders',
      tag: 'state',
      summary: 'Orders, newest change first',
      query: EnvironmentQuery.extend({
        status: z.enum(ORDER_STATUS_FILTERS).optional().describe('open = submitted or resting'),
        agent: AgentFilter,
        market: z.string().max(160).optional(),
        limit: LimitQuery(100, 1000),
      }),
      responses: { 200: { description: 'the orders', schema: z.object({ environment: Environment, orders: z.array(OrderRow) }) } },
      handle: async ({ query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        return { status: 200, body: { environment, orders: await listOrders(context.db, environment, query) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/orders/{orderId}',
      operationId: 'getOrder',
      tag: 'state',
      summary: 'One order, by client order id or exchange order id',
      params: z.object({ orderId: z.string().min(1).max(200) }),
      query: EnvironmentQuery,
      responses: { 200: { description: 'the order', schema: z.object({ environment: Environment, order: OrderRow }) } },
      problems: [404],
      handle: async ({ params, query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        const order = await findOrder(context.db, environment, params.orderId);
        if (!order) throw new HttpProblem('not-found', `no order ${params.orderId} in ${environment}`);
        return { status: 200, body: { environment, order } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/fills',
      operationId: 'listFills',
      tag: 'state',
      summary: 'Fills, newest first',
      query: EnvironmentQuery.extend({ agent: AgentFilter, market: z.string().max(160).optional(), limit: LimitQuery(50, 1000) }),
      responses: { 200: { description: 'the fills', schema: z.object({ environment: Environment, fills: z.array(FillRow) }) } },
      handle: async ({ query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        return { status: 200, body: { environment, fills: await listFills(context.db, environment, query) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/balance',
      operationId: 'getBalance',
      tag: 'state',
      summary: 'The account balance last seen',
      query: EnvironmentQuery,
      responses: { 200: { description: 'the balance (nulls before the first one is seen)', schema: Balance } },
      handle: async ({ query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        const row = await findBalance(context.db, environment);
        return {
          status: 200,
          body: { environment, balance: row?.balance ?? null, portfolio_value: row?.portfolio_value ?? null, source: row?.source ?? null, updated_at: row?.updated_at ?? null },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/system',
      operationId: 'getSystem',
      tag: 'state',
      summary: 'Environment, kill switch, exchange connection, keys, discovery, agents, uptime, reconciliation',
      query: EnvironmentQuery,
      responses: { 200: { description: 'the system state', schema: SystemState } },
      handle: async ({ query }) => {
        const active = await environmentFor(context, undefined);
        const environment = query.environment ?? active;
        const facts = await systemFacts(context.db, environment);
        const setting = (key: string) => facts.settings.get(key) || null;
        const discovered = Number(setting('markets_discovered') ?? Number.NaN);
        const body: z.infer<typeof SystemState> = {
          environment,
          active_environment: active,
          environments: [...context.environments],
          global_trading_enabled: setting('global_trading_enabled') === 'true',
          trading_disabled_reason: setting('trading_disabled_reason'),
          websocket_connected: setting('websocket_state') === 'connected',
          websocket_state: setting('websocket_state'),
          api_keys_loaded: setting('api_keys_loaded') === 'true',
          api_key_id_hint: setting('api_key_id_hint'),
          markets_discovered: Number.isInteger(discovered) ? discovered : facts.marketsInTable,
          active_agents: facts.activeAgents,
          uptime_seconds: Math.floor((context.now() - context.startedAt.getTime()) / 1000),
          simulated: facts.simulatedSeries || isLoopbackUrl(context.restUrls[environment]),
          reconciliation: facts.reconciliation as z.infer<typeof SystemState>['reconciliation'],
          event_clients: context.eventClients(),
        };
        return { status: 200, body };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/approvals',
      operationId: 'listApprovals',
      tag: 'state',
      summary: 'Approval requests (SemiAuto buys), newest first',
      query: EnvironmentQuery.extend({
        status: z.enum(['pending', 'approved', 'denied', 'expired', 'cancelled']).optional(),
        agent: AgentFilter,
        limit: LimitQuery(100, 1000),
      }),
      responses: { 200: { description: 'the approvals', schema: z.object({ environment: Environment, approvals: z.array(ApprovalRow) }) } },
      handle: async ({ query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        return { status: 200, body: { environment, approvals: await listApprovals(context.db, environment, query) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/pnl',
      operationId: 'listPnl',
      tag: 'state',
      summary: 'P/L series per agent (agent "account" is the whole environment), oldest point first',
      query: EnvironmentQuery.extend({ agent: AgentFilter, from: Instant.optional(), to: Instant.optional(), limit: LimitQuery(2000, 20000) }),
      responses: {
        200: {
          description: 'one series per agent',
          schema: z.object({ environment: Environment, series: z.array(z.object({ agent_id: z.string(), points: z.array(PnlPoint) })) }),
        },
      },
      handle: async ({ query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        const rows = await listPnlPoints(context.db, environment, query);
        const series = new Map<string, z.infer<typeof PnlPoint>[]>();
        for (const { agent_id, point_id: _pointId, at, ...point } of rows) {
          const points = series.get(agent_id) ?? [];
          points.push({ at: at.toISOString(), ...point });
          series.set(agent_id, points);
        }
        return { status: 200, body: { environment, series: [...series].map(([agent_id, points]) => ({ agent_id, points })) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/decisions',
      operationId: 'listDecisions',
      tag: 'state',
      summary: 'Agent decisions (trade or hold, why, with the inputs), newest first',
      query: EnvironmentQuery.extend({ agent: AgentFilter, limit: LimitQuery(50, 1000) }),
      responses: { 200: { description: 'the decisions', schema: z.object({ environment: Environment, decisions: z.array(DecisionRow) }) } },
      handle: async ({ query }) => {
        await foldedBeforeReading(context);
        const environment = await environmentFor(context, query.environment);
        return { status: 200, body: { environment, decisions: await listDecisions(context.db, environment, query) } };
      },
    }),
  ];
}
