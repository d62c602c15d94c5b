/** TRADING → decisions, intents, approvals, orders, fills, positions, balances, P/L, agents, discrepancies. */
import type { OrderView, StreamHandlers } from '@polly/contracts';
import type { Environment } from '@polly/contracts';
import { type RowOperation, insertOnce, update, upsert } from '../operations';

function orderRow(environment: Environment, order: OrderView, error: { code: string; message: string } | null = null): RowOperation {
  return upsert(environment, 'orders', { client_order_id: order.clientOrderId }, {
    order_id: order.orderId,
    agent_id: order.agentId,
    intent_id: order.intentId,
    market_ticker: order.marketTicker,
    action: order.action,
    side: order.side,
    book_side: order.bookSide,
    yes_price: order.yesPrice,
    price: order.price,
    count: order.count,
    filled_count: order.filledCount,
    remaining_count: order.remainingCount,
    status: order.status,
    time_in_force: order.timeInForce,
    post_only: order.postOnly,
    reduce_only: order.reduceOnly,
    paper: order.paper,
    fill_cost: order.fillCost,
    fees: order.fees,
    last_update_reason: order.lastUpdateReason,
    error_code: error?.code ?? order.errorCode,
    error_message: error?.message ?? null,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  });
}

export const tradingFold: StreamHandlers<'TRADING', RowOperation[]> = {
  'agent.decided': ({ environment, data, occurredAt }) => [
    insertOnce(environment, 'decisions', { decision_id: data.decisionId }, {
      agent_id: data.agentId,
      market_ticker: data.marketTicker,
      outcome: data.outcome,
      reason_code: data.reasonCode,
      explanation: data.explanation,
      inputs: JSON.stringify(data.inputs),
      intent_id: data.intentId,
      decided_at: occurredAt,
    }),
    update(environment, 'agent_state', { agent_id: data.agentId }, { last_decision_at: occurredAt, updated_at: occurredAt }),
  ],
  'intent.created': ({ environment, data, occurredAt }) => [
    upsert(environment, 'intents', { intent_id: data.intentId }, {
      agent_id: data.agentId,
      client_order_id: data.clientOrderId,
      market_ticker: data.marketTicker,
      action: data.action,
      side: data.side,
      price: data.price,
      count: data.count,
      status: 'created',
      route: null,
      denial_code: null,
      denial_message: null,
      reasoning: data.reasoning,
      created_at: occurredAt,
      updated_at: occurredAt,
    }),
  ],
  'intent.approved': ({ environment, data, occurredAt }) => [
    update(environment, 'intents', { intent_id: data.intent.intentId }, { status: 'approved', route: data.route, updated_at: occurredAt }),
  ],
  'intent.denied': ({ environment, data, occurredAt }) => [
    update(environment, 'intents', { intent_id: data.intentId }, {
      status: 'denied',
      denial_code: data.code,
      denial_message: data.message,
      updated_at: occurredAt,
    }),
  ],
  'approval.requested': ({ environment, data, occurredAt }) => [
    upsert(environment, 'approvals', { approval_id: data.approvalId }, {
      intent_id: data.intent.intentId,
      agent_id: data.intent.agentId,
      market_ticker: data.intent.marketTicker,
      intent: JSON.stringify(data.intent),
      status: 'pending',
      requested_at: occurredAt,
      expires_at: data.expiresAt,
      resolved_at: null,
      resolved_by: null,
      reason: null,
    }),
    update(environment, 'intents', { intent_id: data.intent.intentId }, { status: 'awaiting-approval', updated_at: occurredAt }),
  ],
  'approval.resolved': ({ environment, data, occurredAt }) => [
    update(environment, 'approvals', { approval_id: data.approvalId }, {
      status: data.outcome,
      resolved_at: occurredAt,
      resolved_by: data.resolvedBy,
      reason: data.reason,
    }),
  ],
  'order.submitted': ({ environment, data }) => [orderRow(environment, data.order)],
  'order.accepted': ({ environment, data }) => [orderRow(environment, data.order)],
  'order.rejected': ({ environment, data }) => [orderRow(environment, data.order, { code: data.code, message: data.message })],
  'order.updated': ({ environment, data }) => [orderRow(environment, data.order)],
  'order.cancelled': ({ environment, data }) => [orderRow(environment, data.order)],
  // The request is in the decision's record (agent.decided, outcome cancel); the order changes with order.cancelled.
  'order.cancel-requested': () => [],
  'order.failed': ({ environment, data }) => [orderRow(environment, data.order, { code: data.code, message: data.message })],
  'fill.recorded': ({ environment, data }) => [
    insertOnce(environment, 'fills', { fill_id: data.fillId }, {
      order_id: data.orderId,
      client_order_id: data.clientOrderId,
      agent_id: data.agentId,
      market_ticker: data.marketTicker,
      action: data.action,
      side: data.side,
      yes_price: data.yesPrice,
      price: data.price,
      count: data.count,
      is_taker: data.isTaker,
      fee: data.fee,
      paper: data.paper,
      source: data.source,
      filled_at: data.filledAt,
    }),
  ],
  'position.updated': ({ environment, data, occurredAt }) => [
    upsert(environment, 'positions', { holder: data.agentId ?? 'account', market_ticker: data.marketTicker }, {
      position: data.position,
      cost_basis: data.costBasis,
      realized_pnl: data.realizedPnl,
      fees_paid: data.feesPaid,
      mark_price: data.markPrice,
      unrealized_pnl: data.unrealizedPnl,
      source: data.source,
      updated_at: occurredAt,
    }),
  ],
  'balance.updated': ({ environment, data, occurredAt }) => [
    upsert(environment, 'balances', { account: 'account' }, {
      balance: data.balance,
      portfolio_value: data.portfolioValue,
      source: data.source,
      updated_at: occurredAt,
    }),
  ],
  'pnl.recorded': ({ environment, data, id }) => [
    insertOnce(environment, 'pnl_points', { point_id: id }, {
      agent_id: data.agentId,
      realized_pnl: data.realizedPnl,
      unrealized_pnl: data.unrealizedPnl,
      total_pnl: data.totalPnl,
      fees_paid: data.feesPaid,
      fills: data.fills,
      wins: data.wins,
      losses: data.losses,
      at: data.at,
    }),
  ],
  'agent.registered': ({ environment, data, occurredAt }) => [
    upsert(
      environment,
      'agent_state',
      { agent_id: data.agentId },
      {
        agent_name: data.agentName,
        enabled: data.enabled,
        mode: data.mode,
        configuration: JSON.stringify(data.configuration),
        lifecycle_state: 'INITIALIZING',
        state_reason: 'registered',
        last_decision_at: null,
        created_at: occurredAt,
        updated_at: occurredAt,
      },
      ['created_at', 'last_decision_at'],
    ),
  ],
  'agent.configured': ({ environment, data, occurredAt }) => [
    update(environment, 'agent_state', { agent_id: data.agentId }, { mode: data.mode, enabled: data.enabled, updated_at: occurredAt }),
  ],
  'agent.state-changed': ({ environment, data, occurredAt }) => [
    update(environment, 'agent_state', { agent_id: data.agentId }, {
      lifecycle_state: data.to,
      state_reason: data.reason,
      ...(data.lastDecisionAt ? { last_decision_at: data.lastDecisionAt } : {}),
      updated_at: occurredAt,
    }),
  ],
  // Raw exchange reports: execution attributes them and publishes the facts folded above.
  'exchange.fill': () => [],
  'exchange.order': () => [],
  'exchange.position': () => [],
  'reconciliation.discrepancy': ({ environment, data, id, occurredAt }) => [
    insertOnce(environment, 'discrepancies', { discrepancy_id: id }, {
      cycle_id: data.cycleId,
      kind: data.kind,
      market_ticker: data.marketTicker,
      order_id: data.orderId,
      client_order_id: data.clientOrderId,
      local: data.local === null ? null : JSON.stringify(data.local),
      remote: data.remote === null ? null : JSON.stringify(data.remote),
      resolution: data.resolution,
      found_at: occurredAt,
    }),
  ],
};
