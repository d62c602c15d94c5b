/**
 * Request and answer schemas shared by the routes (and the OpenAPI document). State answers use
 * the read models' snake_case column names. Money and contract counts are decimal strings exactly
 * as Postgres returns its numeric columns ("0.560000", "10.00"); never numbers.
 */
import { z } from 'zod';
import { AgentId, AgentMode, Environment } from '@polly/contracts';

export { Environment };

/** A numeric column as text: exact, never a float. */
export const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/).meta({ id: 'Decimal', description: 'an exact decimal as text, e.g. "0.560000" dollars or "10.00" contracts' });
export const Instant = z.iso.datetime({ offset: true }).meta({ id: 'Instant', description: 'ISO 8601 UTC timestamp' });

export const EnvironmentQuery = z.object({
  environment: Environment.optional().describe('live or demo; default: the active environment'),
});

export const LimitQuery = (fallback: number, maximum: number) =>
  z.coerce.number().int().min(1).max(maximum).default(fallback).describe(`how many rows (1 to ${maximum}, default ${fallback})`);

export const AgentPath = z.object({ agentId: AgentId });

export const CommandEvent = z.object({
  id: z.string().describe('the event id (also its JetStream message id)'),
  type: z.string().describe('the CONTROL command or event type, e.g. agent.start'),
  environment: Environment,
  subject: z.string().describe('the bus subject it was published on'),
});

export const CommandAccepted = z
  .object({
    status: z.literal('accepted'),
    detail: z.string(),
    events: z.array(CommandEvent).min(1).describe('one CONTROL event per command (the kill switch may publish several)'),
  })
  .meta({ id: 'CommandAccepted' });
export type CommandAccepted = z.infer<typeof CommandAccepted>;

export const ModeBody = z.object({ mode: AgentMode });

export const TradingDisableBody = z.object({
  environment: Environment.optional().describe('omit to stop both environments'),
  cancelResting: z.boolean().default(false).describe('also cancel every resting order'),
  reason: z.string().max(500).default('kill switch').describe('recorded with the command'),
});

export const EnvironmentBody = z.object({ environment: Environment.optional() });
export const RequiredEnvironmentBody = z.object({ environment: Environment });

export const ApprovalPath = z.object({ approvalId: z.string().min(1).max(200) });
export const DecisionBody = EnvironmentBody.extend({ reason: z.string().max(500).optional().describe('recorded with a denial') });

export const AgentRow = z
  .object({
    agent_id: z.string(),
    agent_name: z.string(),
    enabled: z.boolean(),
    mode: AgentMode,
    configuration: z.record(z.string(), z.unknown()),
    lifecycle_state: z.string(),
    state_reason: z.string().nullable(),
    last_decision_at: Instant.nullable(),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: 'Agent' });

export const PositionRow = z
  .object({
    holder: z.string().describe('an agent id, or "account" for the exchange view of the whole account'),
    market_ticker: z.string(),
    position: Decimal.describe('signed contracts: positive YES, negative NO'),
    cost_basis: Decimal,
    realized_pnl: Decimal,
    fees_paid: Decimal,
    mark_price: Decimal.nullable(),
    unrealized_pnl: Decimal.nullable(),
    source: z.string(),
    updated_at: Instant,
  })
  .meta({ id: 'Position' });

export const OrderRow = z
  .object({
    client_order_id: z.string(),
    order_id: z.string().nullable(),
    agent_id: z.string().nullable(),
    intent_id: z.string().nullable(),
    market_ticker: z.string(),
    action: z.string(),
    side: z.string(),
    book_side: z.string(),
    yes_price: Decimal,
    price: Decimal,
    count: Decimal,
    filled_count: Decimal,
    remaining_count: Decimal,
    status: z.string(),
    time_in_force: z.string(),
    post_only: z.boolean(),
    reduce_only: z.boolean(),
    paper: z.boolean(),
    fill_cost: Decimal,
    fees: Decimal,
    last_update_reason: z.string().nullable(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: 'Order' });

export const FillRow = z
  .object({
    fill_id: z.string(),
    order_id: z.string().nullable(),
    client_order_id: z.string().nullable(),
    agent_id: z.string().nullable(),
    market_ticker: z.string(),
    action: z.string(),
    side: z.string(),
    yes_price: Decimal,
    price: Decimal,
    count: Decimal,
    is_taker: z.boolean(),
    fee: Decimal,
    paper: z.boolean(),
    source: z.string(),
    filled_at: Instant,
  })
  .meta({ id: 'Fill' });

export const ApprovalRow = z
  .object({
    approval_id: z.string(),
    intent_id: z.string(),
    agent_id: z.string(),
    market_ticker: z.string(),
    intent: z.record(z.string(), z.unknown()).describe('the trade intent with the agent reasoning and the market snapshot'),
    status: z.string().describe('pending, approved, denied, expired or cancelled'),
    requested_at: Instant,
    expires_at: Instant,
    resolved_at: Instant.nullable(),
    resolved_by: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'Approval' });

export const DecisionRow = z
  .object({
    decision_id: z.string(),
    agent_id: z.string(),
    market_ticker: z.string().nullable(),
    outcome: z.string(),
    reason_code: z.string(),
    explanation: z.string(),
    inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    intent_id: z.string().nullable(),
    decided_at: Instant,
  })
  .meta({ id: 'Decision' });

export const PnlPoint = z.object({
  at: Instant,
  realized_pnl: Decimal,
  unrealized_pnl: Decimal,
  total_pnl: Decimal,
  fees_paid: Decimal,
  fills: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
});

export const Balance = z
  .object({
    environment: Environment,
    balance: Decimal.nullable().describe('cash available in dollars; null before the first balance is seen'),
    portfolio_value: Decimal.nullable(),
    source: z.string().nullable(),
    updated_at: Instant.nullable(),
  })
  .meta({ id: 'Balance' });

export const SystemState = z
  .object({
    environment: Environment.describe('the environment this state describes'),
    active_environment: Environment.describe('the environment the cockpit shows and controls'),
    environments: z.array(Environment).describe('the environments this stack serves'),
    global_trading_enabled: z.boolean(),
    trading_disabled_reason: z.string().nullable(),
    websocket_connected: z.boolean(),
    websocket_state: z.string().nullable(),
    api_keys_loaded: z.boolean(),
    api_key_id_hint: z.string().nullable().describe('the last four characters of the key id'),
    markets_discovered: z.number().int(),
    active_agents: z.number().int(),
    uptime_seconds: z.number().int(),
    simulated: z.boolean().describe('true when the exchange is the local simulator'),
    reconciliation: z
      .object({
        cycle_id: z.string(),
        trigger: z.string(),
        running: z.boolean(),
        started_at: Instant,
        completed_at: Instant.nullable(),
        clean: z.boolean().nullable(),
        discrepancies: z.number().int().nullable(),
        error: z.string().nullable(),
      })
      .nullable()
      .describe('the latest reconciliation cycle'),
    event_clients: z.number().int().describe('browser tabs and other clients connected to /events'),
  })
  .meta({ id: 'SystemState' });
