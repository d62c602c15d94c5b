/**
 * TRADING: the life of every trade, from an agent's decision to the fills and positions it
 * produced. Kept forever: it is the record the projector, replay and backtests fold.
 * Subjects: trading.{environment}.{type}[.{key}]
 */
import { z } from 'zod';
import {
  AgentId,
  AgentLifecycle,
  AgentMode,
  BookSide,
  CountText,
  DecisionInputs,
  DollarsText,
  MarketTicker,
  OrderAction,
  OutcomeSide,
  TimeInForce,
  Timestamp,
} from './common';
import { defineEvent } from './define';

/** Our idempotency key on every order; Kalshi's format: up to 64 of [-\w:+=/]. */
export const ClientOrderId = z.string().min(1).max(64).regex(/^[-\w:+=/]+$/);

/** Stable codes for every denial and failure; the UI and tests branch on these. */
export const DenialCode = z.enum([
  'GLOBAL_TRADING_DISABLED',
  'TRADING_HALTED',
  'ENVIRONMENT_NOT_CONFIGURED',
  'KEYS_NOT_LOADED',
  'AGENT_UNKNOWN',
  'AGENT_DISABLED',
  'AGENT_FULL_STOP',
  'AGENT_NOT_ALLOWED_IN_ENVIRONMENT',
  'APPROVAL_DENIED',
  'APPROVAL_EXPIRED',
  'APPROVAL_CANCELLED',
  'BALANCE_BELOW_MINIMUM',
  'MAX_POSITION_EXCEEDED',
  'MAX_DAILY_LOSS_REACHED',
  'MARKET_UNKNOWN',
  'MARKET_NOT_OPEN',
  'MARKET_STALE',
  'INTENT_EXPIRED',
  'INVALID_PRICE',
  'INVALID_COUNT',
  'DUPLICATE_CLIENT_ORDER_ID',
  'EXCHANGE_REJECTED',
  'RATE_LIMITED_RETRIES_EXHAUSTED',
  'SERVER_ERROR_RETRIES_EXHAUSTED',
  'TIMEOUT_RETRIES_EXHAUSTED',
  'UNAUTHORIZED',
  'NOT_FOUND',
]);
export type DenialCode = z.infer<typeof DenialCode>;

/** The book as an agent saw it when it decided; attached to intents and approvals. */
export const MarketSnapshot = z.object({
  marketTicker: MarketTicker,
  yesBid: DollarsText.nullable(),
  yesAsk: DollarsText.nullable(),
  noBid: DollarsText.nullable(),
  noAsk: DollarsText.nullable(),
  lastPrice: DollarsText.nullable(),
  volume: CountText.nullable(),
  stale: z.boolean(),
  observedAt: Timestamp,
});
export type MarketSnapshot = z.infer<typeof MarketSnapshot>;

export const TradeIntent = z.object({
  intentId: z.string().min(1),
  decisionId: z.string().min(1),
  agentId: AgentId,
  agentName: z.string(),
  clientOrderId: ClientOrderId,
  marketTicker: MarketTicker,
  action: OrderAction,
  side: OutcomeSide,
  /** Limit price of the chosen side (a NO price for side "no"). */
  price: DollarsText,
  count: CountText,
  timeInForce: TimeInForce,
  postOnly: z.boolean(),
  reduceOnly: z.boolean(),
  /** Estimated fee if the whole order trades as taker. */
  estimatedFee: DollarsText,
  /** The agent's score for this trade, 0..1 (a model output, not money). */
  confidence: z.number().min(0).max(1),
  reasoning: z.string().max(2000),
  marketSnapshot: MarketSnapshot,
  createdAt: Timestamp,
});
export type TradeIntent = z.infer<typeof TradeIntent>;

export const OrderStatus = z.enum(['submitted', 'resting', 'executed', 'canceled', 'rejected', 'failed']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderView = z.object({
  clientOrderId: ClientOrderId,
  orderId: z.string().nullable(),
  agentId: AgentId.nullable(),
  intentId: z.string().nullable(),
  marketTicker: MarketTicker,
  action: OrderAction,
  side: OutcomeSide,
  bookSide: BookSide,
  /** The V2 order price: always the YES price. */
  yesPrice: DollarsText,
  /** The price of `side` (equal to yesPrice for YES orders, 1 − yesPrice for NO orders). */
  price: DollarsText,
  count: CountText,
  filledCount: CountText,
  remainingCount: CountText,
  status: OrderStatus,
  timeInForce: TimeInForce,
  postOnly: z.boolean(),
  reduceOnly: z.boolean(),
  paper: z.boolean(),
  fillCost: DollarsText,
  fees: DollarsText,
  lastUpdateReason: z.string().nullable(),
  errorCode: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type OrderView = z.infer<typeof OrderView>;

const OrderEventData = z.object({ order: OrderView });
const orderKey = (data: { order: OrderView }) => data.order.marketTicker;

export const AgentDecided = defineEvent({
  stream: 'TRADING',
  type: 'agent.decided',
  version: 1,
  kind: 'event',
  description: 'An agent evaluated a market: the decision (trade, hold, or withdraw a resting order), why, and the inputs it used.',
  key: (data) => data.agentId,
  data: z.object({
    decisionId: z.string().min(1),
    agentId: AgentId,
    agentName: z.string(),
    marketTicker: MarketTicker.nullable(),
    outcome: z.enum(['intent', 'hold', 'cancel']),
    reasonCode: z.string().min(1).max(80),
    explanation: z.string().max(2000),
    inputs: DecisionInputs,
    intentId: z.string().nullable(),
  }),
});

export const IntentCreated = defineEvent({
  stream: 'TRADING',
  type: 'intent.created',
  version: 1,
  kind: 'event',
  description: 'An agent wants to place an order; the gate decides.',
  key: (data) => data.agentId,
  data: TradeIntent,
});

export const IntentApproved = defineEvent({
  stream: 'TRADING',
  type: 'intent.approved',
  version: 1,
  kind: 'event',
  description: 'The gate let an intent through to execution.',
  key: (data) => data.intent.agentId,
  data: z.object({
    intent: TradeIntent,
    route: z.enum(['auto', 'approved-by-human', 'sell-without-approval']),
  }),
});

export const IntentDenied = defineEvent({
  stream: 'TRADING',
  type: 'intent.denied',
  version: 1,
  kind: 'event',
  description: 'The gate dropped an intent, with a stable code and the numbers that caused it.',
  key: (data) => data.agentId,
  data: z.object({
    intentId: z.string().min(1),
    agentId: AgentId,
    clientOrderId: ClientOrderId,
    marketTicker: MarketTicker,
    code: DenialCode,
    message: z.string(),
    details: DecisionInputs,
  }),
});

export const ApprovalRequested = defineEvent({
  stream: 'TRADING',
  type: 'approval.requested',
  version: 1,
  kind: 'event',
  description: 'A SemiAuto buy waits for a human: the intent, the agent reasoning and the market snapshot.',
  key: (data) => data.intent.agentId,
  data: z.object({
    approvalId: z.string().min(1),
    intent: TradeIntent,
    expiresAt: Timestamp,
  }),
});

export const ApprovalResolved = defineEvent({
  stream: 'TRADING',
  type: 'approval.resolved',
  version: 1,
  kind: 'event',
  description: 'An approval request ended: approved, denied by a human, expired, or cancelled by the kill switch.',
  key: (data) => data.agentId,
  data: z.object({
    approvalId: z.string().min(1),
    intentId: z.string().min(1),
    agentId: AgentId,
    outcome: z.enum(['approved', 'denied', 'expired', 'cancelled']),
    resolvedBy: z.enum(['human', 'timeout', 'kill-switch']),
    reason: z.string().nullable(),
  }),
});

export const OrderSubmitted = defineEvent({
  stream: 'TRADING',
  type: 'order.submitted',
  version: 1,
  kind: 'event',
  description: 'Execution is sending an order (or a paper order) to the exchange.',
  key: orderKey,
  data: OrderEventData,
});

export const OrderAccepted = defineEvent({
  stream: 'TRADING',
  type: 'order.accepted',
  version: 1,
  kind: 'event',
  description: 'The exchange accepted an order and assigned its id.',
  key: orderKey,
  data: OrderEventData,
});

export const OrderRejected = defineEvent({
  stream: 'TRADING',
  type: 'order.rejected',
  version: 1,
  kind: 'event',
  description: 'Execution or the exchange refused an order; no retry.',
  key: orderKey,
  data: OrderEventData.extend({ code: DenialCode, message: z.string(), exchangeCode: z.string().nullable() }),
});

export const OrderUpdated = defineEvent({
  stream: 'TRADING',
  type: 'order.updated',
  version: 1,
  kind: 'event',
  description: 'An order changed (fills, decrease, amend, reconciliation).',
  key: orderKey,
  data: OrderEventData.extend({
    cause: z.enum(['exchange-response', 'user-order-channel', 'fill', 'reconciliation', 'paper']),
  }),
});

export const OrderCancelled = defineEvent({
  stream: 'TRADING',
  type: 'order.cancelled',
  version: 1,
  kind: 'event',
  description: 'An order stopped resting without filling fully.',
  key: orderKey,
  data: OrderEventData.extend({ reason: z.string() }),
});

export const OrderCancelRequested = defineEvent({
  stream: 'TRADING',
  type: 'order.cancel-requested',
  version: 1,
  kind: 'command',
  description:
    'An agent withdraws one of its own resting orders. Execution cancels it if it is still resting (order.cancelled follows); cancels only remove risk, so no mode or kill switch stops them.',
  key: (data) => data.agentId,
  data: z.object({
    agentId: AgentId,
    clientOrderId: ClientOrderId,
    marketTicker: MarketTicker,
    decisionId: z.string().min(1),
    reasonCode: z.string().min(1).max(80),
    explanation: z.string().max(2000),
  }),
});

export const OrderFailed = defineEvent({
  stream: 'TRADING',
  type: 'order.failed',
  version: 1,
  kind: 'event',
  description: 'An order could not be placed after every retry.',
  key: orderKey,
  data: OrderEventData.extend({ code: DenialCode, message: z.string(), attempts: z.number().int().nonnegative() }),
});

export const FillRecorded = defineEvent({
  stream: 'TRADING',
  type: 'fill.recorded',
  version: 1,
  kind: 'event',
  description: 'One of our orders traded (from the exchange, reconciliation, or the paper fill model).',
  key: (data) => data.marketTicker,
  data: z.object({
    fillId: z.string().min(1),
    orderId: z.string().nullable(),
    clientOrderId: ClientOrderId.nullable(),
    agentId: AgentId.nullable(),
    marketTicker: MarketTicker,
    action: OrderAction,
    side: OutcomeSide,
    yesPrice: DollarsText,
    price: DollarsText,
    count: CountText,
    isTaker: z.boolean(),
    fee: DollarsText,
    filledAt: Timestamp,
    paper: z.boolean(),
    source: z.enum(['exchange', 'reconciliation', 'paper']),
  }),
});

export const PositionUpdated = defineEvent({
  stream: 'TRADING',
  type: 'position.updated',
  version: 1,
  kind: 'event',
  description: 'A position after a change: the account position (agentId null) or one agent’s share of it.',
  key: (data) => data.marketTicker,
  data: z.object({
    marketTicker: MarketTicker,
    agentId: AgentId.nullable(),
    /** Signed: positive = YES contracts, negative = NO contracts. */
    position: CountText,
    costBasis: DollarsText,
    realizedPnl: DollarsText,
    feesPaid: DollarsText,
    markPrice: DollarsText.nullable(),
    unrealizedPnl: DollarsText.nullable(),
    source: z.enum(['exchange', 'fills', 'reconciliation', 'paper', 'settlement']),
  }),
});

export const BalanceUpdated = defineEvent({
  stream: 'TRADING',
  type: 'balance.updated',
  version: 1,
  kind: 'event',
  description: 'The account balance (cash available) and portfolio value.',
  data: z.object({
    balance: DollarsText,
    portfolioValue: DollarsText.nullable(),
    source: z.enum(['exchange', 'paper']),
  }),
});

export const PnlRecorded = defineEvent({
  stream: 'TRADING',
  type: 'pnl.recorded',
  version: 1,
  kind: 'event',
  description: 'A point on an agent’s P/L line (agentId "account" for the whole environment).',
  key: (data) => data.agentId,
  data: z.object({
    agentId: AgentId,
    realizedPnl: DollarsText,
    unrealizedPnl: DollarsText,
    totalPnl: DollarsText,
    feesPaid: DollarsText,
    fills: z.number().int().nonnegative(),
    wins: z.number().int().nonnegative(),
    losses: z.number().int().nonnegative(),
    at: Timestamp,
  }),
});

export const AgentRegistered = defineEvent({
  stream: 'TRADING',
  type: 'agent.registered',
  version: 1,
  kind: 'event',
  description: 'An agent exists in this environment, with its mode, enabled flag and configuration.',
  key: (data) => data.agentId,
  data: z.object({
    agentId: AgentId,
    agentName: z.string(),
    enabled: z.boolean(),
    mode: AgentMode,
    configuration: z.record(z.string(), z.unknown()),
  }),
});

export const AgentConfigured = defineEvent({
  stream: 'TRADING',
  type: 'agent.configured',
  version: 1,
  kind: 'event',
  description: 'An agent’s mode or enabled flag changed (the outcome of a control command).',
  key: (data) => data.agentId,
  data: z.object({
    agentId: AgentId,
    mode: AgentMode,
    enabled: z.boolean(),
    commandId: z.string().nullable(),
  }),
});

export const AgentStateChanged = defineEvent({
  stream: 'TRADING',
  type: 'agent.state-changed',
  version: 1,
  kind: 'event',
  description: 'An agent moved between INITIALIZING, ACTIVE, IDLE, PAUSED, ERROR and STOPPED.',
  key: (data) => data.agentId,
  data: z.object({
    agentId: AgentId,
    agentName: z.string(),
    from: AgentLifecycle.nullable(),
    to: AgentLifecycle,
    reason: z.string(),
    lastDecisionAt: Timestamp.nullable(),
  }),
});

export const DiscrepancyFound = defineEvent({
  stream: 'TRADING',
  type: 'reconciliation.discrepancy',
  version: 1,
  kind: 'event',
  description: 'Local state disagreed with the exchange; the exchange wins. The repair follows as ordinary events.',
  data: z.object({
    cycleId: z.string().min(1),
    kind: z.enum(['unknown-order', 'missing-order', 'order-mismatch', 'missing-fill', 'position-mismatch']),
    marketTicker: MarketTicker.nullable(),
    orderId: z.string().nullable(),
    clientOrderId: z.string().nullable(),
    local: DecisionInputs.nullable(),
    remote: DecisionInputs.nullable(),
    resolution: z.enum(['adopted-exchange-state', 'flagged', 'cancelled']),
  }),
});

export const tradingEvents = {
  [AgentDecided.type]: AgentDecided,
  [IntentCreated.type]: IntentCreated,
  [IntentApproved.type]: IntentApproved,
  [IntentDenied.type]: IntentDenied,
  [ApprovalRequested.type]: ApprovalRequested,
  [ApprovalResolved.type]: ApprovalResolved,
  [OrderSubmitted.type]: OrderSubmitted,
  [OrderAccepted.type]: OrderAccepted,
  [OrderRejected.type]: OrderRejected,
  [OrderUpdated.type]: OrderUpdated,
  [OrderCancelled.type]: OrderCancelled,
  [OrderCancelRequested.type]: OrderCancelRequested,
  [OrderFailed.type]: OrderFailed,
  [FillRecorded.type]: FillRecorded,
  [PositionUpdated.type]: PositionUpdated,
  [BalanceUpdated.type]: BalanceUpdated,
  [PnlRecorded.type]: PnlRecorded,
  [AgentRegistered.type]: AgentRegistered,
  [AgentConfigured.type]: AgentConfigured,
  [AgentStateChanged.type]: AgentStateChanged,
  [DiscrepancyFound.type]: DiscrepancyFound,
} as const;
