/** Builders for the gate's tests: the events the gate folds and the intents it decides. */
import {
  AgentConfigured,
  AgentRegistered,
  type AgentMode,
  type AnyEvent,
  ApproveIntent,
  BalanceUpdated,
  DenyIntent,
  DisableTrading,
  EnableTrading,
  type Environment,
  type EventOf,
  IntentCreated,
  KeysConnected,
  KeysDisconnected,
  type OrderView,
  OrderAccepted,
  PnlRecorded,
  PositionUpdated,
  type TradeIntent,
  TradingHalted,
  createEvent,
  toIsoTimestamp,
} from '@polly/contracts';

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${(counter += 1)}`;
const at = (time: number | string) => ({ source: 'test', id: nextId('event'), occurredAt: new Date(time) });

export const AGENT = { agentId: 'prime', agentName: 'Prime' };
export const MARKET = 'KXBTC15M-26NOV211215-15';

export function registered(
  environment: Environment,
  options: { agentId?: string; mode?: AgentMode; enabled?: boolean; configuration?: Record<string, unknown>; time?: number } = {},
): AnyEvent {
  const agentId = options.agentId ?? AGENT.agentId;
  return createEvent(
    AgentRegistered,
    environment,
    {
      agentId,
      agentName: agentId === AGENT.agentId ? AGENT.agentName : agentId,
      enabled: options.enabled ?? true,
      mode: options.mode ?? 'Auto',
      configuration: options.configuration ?? { environments: ['demo', 'live'], maxPosition: '100.00', maxDailyLoss: '50.00', orderSize: '5.00' },
    },
    at(options.time ?? Date.now()),
  ) as AnyEvent;
}

export const configured = (environment: Environment, mode: AgentMode, enabled = true, agentId = AGENT.agentId): AnyEvent =>
  createEvent(AgentConfigured, environment, { agentId, mode, enabled, commandId: null }, at(Date.now())) as AnyEvent;

export const tradingEnabled = (environment: Environment): AnyEvent => createEvent(EnableTrading, environment, { requestedBy: 'owner' }, at(Date.now())) as AnyEvent;
export const killSwitch = (environment: Environment, reason = 'owner pressed the kill switch'): AnyEvent =>
  createEvent(DisableTrading, environment, { requestedBy: 'owner', cancelResting: false, reason }, at(Date.now())) as AnyEvent;
export const halted = (environment: Environment): AnyEvent =>
  createEvent(TradingHalted, environment, { code: 'UNAUTHORIZED', message: 'the exchange refused the key', service: 'execution' }, at(Date.now())) as AnyEvent;
export const keysConnected = (environment: Environment, balance: string | null = '250.00'): AnyEvent =>
  createEvent(KeysConnected, environment, { keyIdHint: 'abcd', verifiedAt: toIsoTimestamp(Date.now()), balance }, at(Date.now())) as AnyEvent;
export const keysDisconnected = (environment: Environment): AnyEvent => createEvent(KeysDisconnected, environment, { reason: 'owner disconnected' }, at(Date.now())) as AnyEvent;
export const balance = (environment: Environment, dollars: string): AnyEvent =>
  createEvent(BalanceUpdated, environment, { balance: dollars, portfolioValue: null, source: 'exchange' }, at(Date.now())) as AnyEvent;

export const position = (environment: Environment, count: string, options: { agentId?: string | null; marketTicker?: string } = {}): AnyEvent =>
  createEvent(
    PositionUpdated,
    environment,
    {
      marketTicker: options.marketTicker ?? MARKET,
      agentId: options.agentId === undefined ? AGENT.agentId : options.agentId,
      position: count,
      costBasis: '0.0000',
      realizedPnl: '0.0000',
      feesPaid: '0.0000',
      markPrice: null,
      unrealizedPnl: null,
      source: 'fills',
    },
    at(Date.now()),
  ) as AnyEvent;

export const pnl = (environment: Environment, realized: string, pointAt: number | string, agentId = AGENT.agentId): AnyEvent =>
  createEvent(
    PnlRecorded,
    environment,
    { agentId, realizedPnl: realized, unrealizedPnl: '0.0000', totalPnl: realized, feesPaid: '0.0000', fills: 1, wins: 0, losses: 1, at: toIsoTimestamp(pointAt) },
    at(pointAt),
  ) as AnyEvent;

export function restingOrder(environment: Environment, options: { clientOrderId: string; action: 'buy' | 'sell'; side: 'yes' | 'no'; remaining: string; agentId?: string }): AnyEvent {
  const now = toIsoTimestamp(Date.now());
  const order: OrderView = {
    clientOrderId: options.clientOrderId,
    orderId: `exchange-${options.clientOrderId}`,
    agentId: options.agentId ?? AGENT.agentId,
    intentId: null,
    marketTicker: MARKET,
    action: options.action,
    side: options.side,
    bookSide: (options.action === 'buy') === (options.side === 'yes') ? 'bid' : 'ask',
    yesPrice: '0.5000',
    price: '0.5000',
    count: options.remaining,
    filledCount: '0.00',
    remainingCount: options.remaining,
    status: 'resting',
    timeInForce: 'good_till_canceled',
    postOnly: false,
    reduceOnly: false,
    paper: false,
    fillCost: '0.0000',
    fees: '0.0000',
    lastUpdateReason: null,
    errorCode: null,
    createdAt: now,
    updatedAt: now,
  };
  return createEvent(OrderAccepted, environment, { order }, at(Date.now())) as AnyEvent;
}

export interface IntentOptions {
  action?: 'buy' | 'sell';
  side?: 'yes' | 'no';
  count?: string;
  price?: string;
  agentId?: string;
  marketTicker?: string;
  createdAt?: number;
  intentId?: string;
}

export function tradeIntent(options: IntentOptions = {}): TradeIntent {
  const intentId = options.intentId ?? nextId('intent');
  const createdAt = toIsoTimestamp(options.createdAt ?? Date.now());
  const agentId = options.agentId ?? AGENT.agentId;
  const marketTicker = options.marketTicker ?? MARKET;
  return {
    intentId,
    decisionId: `decision-${intentId}`,
    agentId,
    agentName: agentId === AGENT.agentId ? AGENT.agentName : agentId,
    clientOrderId: `${agentId}-${(options.createdAt ?? Date.now()).toString(36)}-${intentId.replace(/\W/g, '').slice(-6).padStart(6, '0')}`,
    marketTicker,
    action: options.action ?? 'buy',
    side: options.side ?? 'yes',
    price: options.price ?? '0.5000',
    count: options.count ?? '5.00',
    timeInForce: 'good_till_canceled',
    postOnly: false,
    reduceOnly: false,
    estimatedFee: '0.0900',
    confidence: 0.7,
    reasoning: 'yes flow dominates this minute',
    marketSnapshot: { marketTicker, yesBid: '0.4900', yesAsk: '0.5100', noBid: '0.4900', noAsk: '0.5100', lastPrice: '0.5000', volume: '120.00', stale: false, observedAt: createdAt },
    createdAt,
  };
}

export const intentCreated = (environment: Environment, options: IntentOptions = {}): EventOf<typeof IntentCreated> =>
  createEvent(IntentCreated, environment, tradeIntent(options), { source: 'agents', id: nextId('intent-event'), occurredAt: new Date(options.createdAt ?? Date.now()) });

export const approve = (environment: Environment, approvalId: string): EventOf<typeof ApproveIntent> =>
  createEvent(ApproveIntent, environment, { requestedBy: 'owner', approvalId }, at(Date.now()));

export const deny = (environment: Environment, approvalId: string, reason: string | null = 'not this one'): EventOf<typeof DenyIntent> =>
  createEvent(DenyIntent, environment, { requestedBy: 'owner', approvalId, reason }, at(Date.now()));
