/**
 * Messages of the control API's `/events` feed (docs/control-api.md, "Live events"): an envelope
 * with the bus event's own data. The data of the types the cockpit folds into its state is
 * validated here; the others (agent and system status) only prompt a fresh read of the state.
 */
import * as z from 'zod/mini';
import { Decimal, Environment, Instant, TradeIntent } from './schemas';

export const uiEventTypes = [
  'market_update',
  'agent_decision',
  'order_submitted',
  'order_updated',
  'order_filled',
  'order_cancelled',
  'order_failed',
  'position_update',
  'balance_update',
  'pnl_update',
  'agent_state_change',
  'system_status',
  'reconciliation_started',
  'reconciliation_complete',
  'approval_requested',
  'approval_resolved',
] as const;
export type UiEventType = (typeof uiEventTypes)[number];

export const UiEvent = z.object({
  type: z.enum(uiEventTypes),
  environment: Environment,
  at: Instant,
  id: z.string(),
  event: z.string(),
  data: z.unknown(),
});
export type UiEvent = z.infer<typeof UiEvent>;

export const MarketUpdate = z.object({
  marketTicker: z.string(),
  revision: z.number(),
  stale: z.boolean(),
  cause: z.string(),
  yesBid: z.nullable(Decimal),
  yesAsk: z.nullable(Decimal),
  lastPrice: z.nullable(Decimal),
  updatedAt: Instant,
});
export type MarketUpdate = z.infer<typeof MarketUpdate>;

export const AgentDecided = z.object({
  decisionId: z.string(),
  agentId: z.string(),
  marketTicker: z.nullable(z.string()),
  outcome: z.string(),
  reasonCode: z.string(),
  explanation: z.string(),
});

export const OrderView = z.object({
  clientOrderId: z.string(),
  orderId: z.nullable(z.string()),
  agentId: z.nullable(z.string()),
  intentId: z.nullable(z.string()),
  marketTicker: z.string(),
  action: z.string(),
  side: z.enum(['yes', 'no']),
  price: Decimal,
  count: Decimal,
  filledCount: Decimal,
  remainingCount: Decimal,
  status: z.enum(['submitted', 'resting', 'executed', 'canceled', 'rejected', 'failed']),
  fillCost: Decimal,
  fees: Decimal,
  errorCode: z.nullable(z.string()),
  updatedAt: Instant,
});
export type OrderView = z.infer<typeof OrderView>;
/** order_submitted, order_updated, order_cancelled and order_failed carry the order's whole view. */
export const OrderChange = z.object({ order: OrderView });

export const FillRecorded = z.object({
  fillId: z.string(),
  clientOrderId: z.nullable(z.string()),
  agentId: z.nullable(z.string()),
  marketTicker: z.string(),
  side: z.enum(['yes', 'no']),
  price: Decimal,
  count: Decimal,
  fee: Decimal,
  filledAt: Instant,
});
export type FillRecorded = z.infer<typeof FillRecorded>;

export const BalanceUpdated = z.object({ balance: Decimal, portfolioValue: z.nullable(Decimal) });

export const PnlRecorded = z.object({
  agentId: z.string(),
  realizedPnl: Decimal,
  unrealizedPnl: Decimal,
  totalPnl: Decimal,
  feesPaid: Decimal,
  fills: z.number(),
  wins: z.number(),
  losses: z.number(),
  at: Instant,
});

export const ApprovalRequested = z.object({ approvalId: z.string(), intent: TradeIntent, expiresAt: Instant });
export const ApprovalResolved = z.object({
  approvalId: z.string(),
  agentId: z.string(),
  outcome: z.enum(['approved', 'denied', 'expired', 'cancelled']),
  resolvedBy: z.string(),
  reason: z.nullable(z.string()),
});
export type ApprovalOutcome = z.infer<typeof ApprovalResolved>['outcome'];

export const ReconciliationStarted = z.object({ cycleId: z.string(), trigger: z.string() });
export const ReconciliationCompleted = z.object({
  cycleId: z.string(),
  trigger: z.string(),
  clean: z.boolean(),
  discrepancies: z.number(),
  byKind: z.record(z.string(), z.number()),
  summary: z.array(z.string()),
  error: z.nullable(z.string()),
});
