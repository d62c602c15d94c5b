/**
 * Realistic, deterministic TRADING event histories for projector tests and the rebuild
 * benchmark: agents register, decide, create intents; the gate approves, denies or asks a human;
 * orders are submitted, accepted, filled or cancelled; positions, balances and P/L follow.
 */
import {
  AgentDecided,
  AgentRegistered,
  AgentStateChanged,
  type AnyEvent,
  ApprovalRequested,
  ApprovalResolved,
  BalanceUpdated,
  type Environment,
  FillRecorded,
  IntentApproved,
  IntentCreated,
  IntentDenied,
  OrderAccepted,
  OrderCancelled,
  OrderSubmitted,
  OrderUpdated,
  type OrderView,
  PnlRecorded,
  PositionUpdated,
  type TradeIntent,
  createEvent,
  formatCount,
  formatDollars,
  micros,
  centis,
} from '@polly/contracts';
import { type Random, seededRandom } from './random';

export interface TradingHistoryOptions {
  events: number;
  seed?: number;
  environments?: readonly Environment[];
  /** Event ids are prefixed so separate histories never collide. */
  idPrefix?: string;
  startAt?: Date;
}

const agents = [
  { agentId: 'prime', agentName: 'Prime' },
  { agentId: 'peritia', agentName: 'Peritia' },
];

function marketTicker(random: Random): string {
  const minute = random.pick(['00', '15', '30', '45']);
  return random.chance(0.6) ? `KXBTC15M-26NOV21${random.integer(10, 23)}${minute}-${minute}` : `KXHIGHNY-26NOV${random.integer(10, 30)}-B${random.integer(40, 80)}.5`;
}

/** Generate `events` TRADING events (a few more may be added to finish the last story). */
export function tradingHistory(options: TradingHistoryOptions): AnyEvent[] {
  const random = seededRandom(options.seed ?? 1);
  const environments = options.environments ?? ['demo', 'live'];
  const prefix = options.idPrefix ?? 'history';
  const events: AnyEvent[] = [];
  let clock = (options.startAt ?? new Date('2026-11-21T12:00:00Z')).getTime();
  let counter = 0;
  const nextId = () => `${prefix}-${(counter += 1)}`;
  const at = () => new Date((clock += random.integer(5, 900))).toISOString();
  const emit = (event: AnyEvent) => events.push(event);
  const realized = new Map<string, bigint>();

  for (const environment of environments) {
    for (const agent of agents) {
      emit(createEvent(AgentRegistered, environment, { ...agent, enabled: true, mode: 'SemiAuto', configuration: { maxPosition: '50.00' } }, { source: 'agents', id: nextId(), occurredAt: at() }));
      emit(createEvent(AgentStateChanged, environment, { ...agent, from: 'INITIALIZING', to: 'ACTIVE', reason: 'keys connected', lastDecisionAt: null }, { source: 'agents', id: nextId(), occurredAt: at() }));
    }
  }

  while (events.length < options.events) {
    const environment = random.pick(environments);
    const agent = random.pick(agents);
    const ticker = marketTicker(random);
    const decisionId = nextId();
    const intentId = nextId();
    const clientOrderId = `${prefix}-order-${counter}`;
    const price = micros(BigInt(random.integer(5, 95)) * 10_000n);
    const count = centis(BigInt(random.integer(1, 20)) * 100n);
    const trade = random.chance(0.7);
    emit(
      createEvent(
        AgentDecided,
        environment,
        {
          decisionId,
          ...agent,
          marketTicker: ticker,
          outcome: trade ? 'intent' : 'hold',
          reasonCode: trade ? 'FLOW_DOMINANT' : 'FLOW_BALANCED',
          explanation: trade ? 'yes flow dominates' : 'no clear majority',
          inputs: { yesVolume: random.integer(0, 500), noVolume: random.integer(0, 500), stale: false },
          intentId: trade ? intentId : null,
        },
        { source: 'agents', id: nextId(), occurredAt: at() },
      ),
    );
    if (!trade) continue;
    const side = random.chance(0.5) ? 'yes' : 'no';
    const intent: TradeIntent = {
      intentId,
      decisionId,
      ...agent,
      clientOrderId,
      marketTicker: ticker,
      action: 'buy',
      side,
      price: formatDollars(price),
      count: formatCount(count),
      timeInForce: 'good_till_canceled',
      postOnly: false,
      reduceOnly: false,
      estimatedFee: '0.0200',
      confidence: 0.6,
      reasoning: 'majority flow',
      marketSnapshot: { marketTicker: ticker, yesBid: '0.4000', yesAsk: '0.4200', noBid: '0.5800', noAsk: '0.6000', lastPrice: '0.4100', volume: '120.00', stale: false, observedAt: at() },
      createdAt: at(),
    };
    emit(createEvent(IntentCreated, environment, intent, { source: 'agents', id: nextId(), occurredAt: at() }));
    const route = random.next();
    if (route < 0.15) {
      emit(createEvent(IntentDenied, environment, { intentId, agentId: agent.agentId, clientOrderId, marketTicker: ticker, code: 'MAX_POSITION_EXCEEDED', message: 'position cap', details: { cap: '50.00' } }, { source: 'gate', id: nextId(), occurredAt: at() }));
      continue;
    }
    if (route < 0.35) {
      emit(createEvent(ApprovalRequested, environment, { approvalId: intentId, intent, expiresAt: new Date(clock + 60_000).toISOString() }, { source: 'gate', id: nextId(), occurredAt: at() }));
      const approved = random.chance(0.6);
      emit(createEvent(ApprovalResolved, environment, { approvalId: intentId, intentId, agentId: agent.agentId, outcome: approved ? 'approved' : 'expired', resolvedBy: approved ? 'human' : 'timeout', reason: null }, { source: 'gate', id: nextId(), occurredAt: at() }));
      if (!approved) continue;
    }
    emit(createEvent(IntentApproved, environment, { intent, route: route < 0.35 ? 'approved-by-human' : 'auto' }, { source: 'gate', id: nextId(), occurredAt: at() }));
    const createdAt = at();
    const order: OrderView = {
      clientOrderId,
      orderId: null,
      agentId: agent.agentId,
      intentId,
      marketTicker: ticker,
      action: 'buy',
      side,
      bookSide: side === 'yes' ? 'bid' : 'ask',
      yesPrice: formatDollars(side === 'yes' ? price : micros(1_000_000n - price)),
      price: formatDollars(price),
      count: formatCount(count),
      filledCount: '0.00',
      remainingCount: formatCount(count),
      status: 'submitted',
      timeInForce: 'good_till_canceled',
      postOnly: false,
      reduceOnly: false,
      paper: environment === 'demo',
      fillCost: '0.0000',
      fees: '0.0000',
      lastUpdateReason: null,
      errorCode: null,
      createdAt,
      updatedAt: createdAt,
    };
    emit(createEvent(OrderSubmitted, environment, { order }, { source: 'execution', id: nextId(), occurredAt: at() }));
    const accepted = { ...order, orderId: `exchange-${clientOrderId}`, status: 'resting' as const, updatedAt: at() };
    emit(createEvent(OrderAccepted, environment, { order: accepted }, { source: 'execution', id: nextId(), occurredAt: at() }));
    if (random.chance(0.25)) {
      emit(createEvent(OrderCancelled, environment, { order: { ...accepted, status: 'canceled', remainingCount: '0.00', updatedAt: at() }, reason: 'expired' }, { source: 'execution', id: nextId(), occurredAt: at() }));
      continue;
    }
    const cost = (price * count) / 100n;
    const filled = { ...accepted, status: 'executed' as const, filledCount: formatCount(count), remainingCount: '0.00', fillCost: formatDollars(micros(cost)), fees: '0.0200', lastUpdateReason: 'Trade', updatedAt: at() };
    emit(createEvent(FillRecorded, environment, { fillId: `${clientOrderId}-fill`, orderId: accepted.orderId, clientOrderId, agentId: agent.agentId, marketTicker: ticker, action: 'buy', side, yesPrice: order.yesPrice, price: order.price, count: order.count, isTaker: true, fee: '0.0200', filledAt: at(), paper: order.paper, source: order.paper ? 'paper' : 'exchange' }, { source: 'execution', id: nextId(), occurredAt: at() }));
    emit(createEvent(OrderUpdated, environment, { order: filled, cause: 'fill' }, { source: 'execution', id: nextId(), occurredAt: at() }));
    const signedCount = side === 'yes' ? count : -count;
    emit(createEvent(PositionUpdated, environment, { marketTicker: ticker, agentId: agent.agentId, position: formatCount(signedCount), costBasis: formatDollars(micros(cost)), realizedPnl: '0.0000', feesPaid: '0.0200', markPrice: order.price, unrealizedPnl: '0.0000', source: 'fills' }, { source: 'execution', id: nextId(), occurredAt: at() }));
    const key = `${environment}:${agent.agentId}`;
    const pnl = (realized.get(key) ?? 0n) + BigInt(random.integer(-200_000, 250_000));
    realized.set(key, pnl);
    emit(createEvent(PnlRecorded, environment, { agentId: agent.agentId, realizedPnl: formatDollars(micros(pnl)), unrealizedPnl: '0.0000', totalPnl: formatDollars(micros(pnl)), feesPaid: '0.0200', fills: 1, wins: pnl > 0n ? 1 : 0, losses: pnl > 0n ? 0 : 1, at: at() }, { source: 'execution', id: nextId(), occurredAt: at() }));
    emit(createEvent(BalanceUpdated, environment, { balance: formatDollars(micros(1_000_000_000n + pnl)), portfolioValue: null, source: 'paper' }, { source: 'execution', id: nextId(), occurredAt: at() }));
  }
  return events;
}
