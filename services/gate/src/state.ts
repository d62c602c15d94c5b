/**
 * What the gate knows about one environment, folded from CONTROL (the trading switch, halts,
 * keys) and TRADING (agents, balance, agent positions, open orders, P/L, approvals, its own
 * decisions). `evolve` is the only writer.
 *
 * `evolve` updates the state in place: one environment gate owns its state alone, and copying
 * maps for every event would make a rebuild over a long history quadratic. `decide` never writes.
 *
 * Events reach `evolve` from several filtered readers (one per subject), so two subjects are not
 * ordered with respect to each other. Where two subjects write the same field (agent.registered
 * and agent.configured both set an agent's mode), the stream sequence decides which is newer.
 * Within one subject the order is the stream's.
 *
 * The state is also stored as a snapshot (snapshot.ts): a change to what it holds, or to what an
 * event does to it, needs SNAPSHOT_VERSION raised, so older snapshots are read from history again.
 */
import {
  type AgentMode,
  type AnyEvent,
  type Centis,
  type Environment,
  type Micros,
  type OrderAction,
  type OrderView,
  type OutcomeSide,
  type TradeIntent,
  parseCount,
  parseDollars,
} from '@polly/contracts';
import { type AgentLimits, parseAgentLimits } from './agent-limits';

export type TradeMode = 'live' | 'paper';

export interface GateSettings {
  /** How long a SemiAuto buy waits for a human. */
  approvalTimeoutMs: number;
  /** An intent older than this when it reaches the gate is stale (it was made from an old book). */
  maxIntentAgeMs: number;
  /** Buys stop below this balance (the PRD's only hard stop: $5.00). */
  minimumBalance: Micros;
  /** How long an approved intent counts toward its agent's exposure before its order shows up. */
  awaitingOrderMs: number;
}

export interface AgentRecord {
  agentId: string;
  agentName: string;
  enabled: boolean;
  mode: AgentMode;
  limits: AgentLimits;
  /** Why the configuration could not be used (the agent is then treated as disabled). */
  configurationProblem: string | null;
  /** Stream sequence of the event that last set mode and enabled. */
  modeSequence: number;
}

export interface PendingApproval {
  approvalId: string;
  intent: TradeIntent;
  expiresAt: number;
  /** The approval.requested envelope, so resolutions keep its correlation. */
  requestedEventId: string;
  correlationId: string;
}

/** A signed count that may still become position: resting orders and approved intents. */
export interface ExposureEntry {
  agentId: string;
  marketTicker: string;
  /** Positive adds YES contracts, negative adds NO contracts. */
  signedCount: Centis;
}

export interface DailyPnl {
  /** UTC day (YYYY-MM-DD) of the newest point. */
  day: string;
  /** Cumulative realized P/L at the newest point. */
  latest: Micros;
  /** Cumulative realized P/L at the end of the day before `day`. */
  baseline: Micros;
}

export interface TradingSwitch {
  enabled: boolean;
  /** Set by trading.halted (a service stopped trading on its own). */
  halt: { code: string; message: string; service: string } | null;
  reason: string | null;
  changedBy: string | null;
}

export interface GateState {
  readonly environment: Environment;
  readonly tradeMode: TradeMode;
  readonly settings: GateSettings;
  trading: TradingSwitch;
  keys: 'never-connected' | 'connected' | 'disconnected';
  balance: Micros | null;
  agents: Map<string, AgentRecord>;
  /** Agent positions by `agentId` + NUL + market ticker (signed: + YES, − NO). */
  positions: Map<string, Centis>;
  /** Non-final orders of agents, by client order id, with their signed remaining count. */
  openOrders: Map<string, ExposureEntry>;
  /** Intents this gate approved whose order has not been seen yet, by client order id. */
  awaitingOrders: Map<string, ExposureEntry & { approvedAt: number }>;
  pnl: Map<string, DailyPnl>;
  pendingApprovals: Map<string, PendingApproval>;
  resolvedApprovals: Set<string>;
  /** Intents already decided (bounded; oldest forgotten first). */
  decidedIntents: Set<string>;
}

/** How many decided intent ids are remembered to ignore redeliveries. */
export const DECIDED_INTENTS_KEPT = 20_000;

export function initialState(options: {
  environment: Environment;
  tradeMode: TradeMode;
  tradingEnabledByDefault: boolean;
  paperStartingBalance: Micros | null;
  settings: GateSettings;
}): GateState {
  return {
    environment: options.environment,
    tradeMode: options.tradeMode,
    settings: options.settings,
    trading: { enabled: options.tradingEnabledByDefault, halt: null, reason: options.tradingEnabledByDefault ? null : 'disabled by default', changedBy: null },
    keys: 'never-connected',
    balance: options.tradeMode === 'paper' ? options.paperStartingBalance : null,
    agents: new Map(),
    positions: new Map(),
    openOrders: new Map(),
    awaitingOrders: new Map(),
    pnl: new Map(),
    pendingApprovals: new Map(),
    resolvedApprovals: new Set(),
    decidedIntents: new Set(),
  };
}

export const positionKey = (agentId: string, marketTicker: string): string => `${agentId}\u0000${marketTicker}`;

/** What filling `count` of this order does to the signed position (+ YES, − NO). */
export function signedDelta(action: OrderAction, side: OutcomeSide, count: Centis): Centis {
  const towardYes = (action === 'buy') === (side === 'yes');
  return (towardYes ? count : -count) as Centis;
}

export const utcDay = (at: string | number): string => new Date(at).toISOString().slice(0, 10);

function remember(state: GateState, intentId: string): void {
  state.decidedIntents.delete(intentId);
  state.decidedIntents.add(intentId);
  if (state.decidedIntents.size > DECIDED_INTENTS_KEPT) {
    const oldest = state.decidedIntents.values().next().value;
    if (oldest !== undefined) state.decidedIntents.delete(oldest);
  }
}

const FINAL_ORDER_STATUSES = new Set(['executed', 'canceled', 'rejected', 'failed']);

function trackOrder(state: GateState, order: OrderView): void {
  state.awaitingOrders.delete(order.clientOrderId);
  const remaining = parseCount(order.remainingCount);
  if (order.agentId === null || FINAL_ORDER_STATUSES.has(order.status) || remaining <= 0n) {
    state.openOrders.delete(order.clientOrderId);
    return;
  }
  state.openOrders.set(order.clientOrderId, {
    agentId: order.agentId,
    marketTicker: order.marketTicker,
    signedCount: signedDelta(order.action, order.side, remaining),
  });
}

function foldPnl(state: GateState, agentId: string, realized: Micros, at: string): void {
  const day = utcDay(at);
  const known = state.pnl.get(agentId);
  if (!known) state.pnl.set(agentId, { day, latest: realized, baseline: 0n as Micros });
  else if (day === known.day) known.latest = realized;
  else if (day > known.day) state.pnl.set(agentId, { day, latest: realized, baseline: known.latest });
  // A point from an earlier day than the newest one changes nothing about today.
}

function setAgent(state: GateState, sequence: number, data: { agentId: string; mode: AgentMode; enabled: boolean }, registration?: { agentName: string; configuration: Record<string, unknown> }): void {
  let agent = state.agents.get(data.agentId);
  if (!agent) {
    if (!registration) return; // configured before registered: the registration carries everything
    agent = {
      agentId: data.agentId,
      agentName: registration.agentName,
      enabled: data.enabled,
      mode: data.mode,
      limits: parseAgentLimits({}).limits,
      configurationProblem: null,
      modeSequence: -1,
    };
    state.agents.set(data.agentId, agent);
  }
  if (registration) {
    const parsed = parseAgentLimits(registration.configuration);
    agent.agentName = registration.agentName;
    agent.limits = parsed.limits;
    agent.configurationProblem = parsed.problem;
  }
  if (sequence >= agent.modeSequence) {
    agent.mode = data.mode;
    agent.enabled = data.enabled;
    agent.modeSequence = sequence;
  }
}

/** Fold one event into the state (events the gate does not use are ignored). */
export function evolve(state: GateState, event: AnyEvent, sequence: number): GateState {
  switch (event.type) {
    case 'trading.enable':
      state.trading = { enabled: true, halt: null, reason: null, changedBy: event.data.requestedBy };
      break;
    case 'trading.disable':
      state.trading = { enabled: false, halt: null, reason: event.data.reason || 'kill switch', changedBy: event.data.requestedBy };
      break;
    case 'trading.halted':
      state.trading = { enabled: false, halt: { ...event.data }, reason: `${event.data.code}: ${event.data.message}`, changedBy: event.data.service };
      break;
    case 'keys.connected':
      state.keys = 'connected';
      if (state.balance === null && event.data.balance !== null) state.balance = parseDollars(event.data.balance);
      break;
    case 'keys.disconnected':
      state.keys = 'disconnected';
      break;
    case 'agent.registered':
      setAgent(state, sequence, event.data, { agentName: event.data.agentName, configuration: event.data.configuration });
      break;
    case 'agent.configured':
      setAgent(state, sequence, event.data);
      break;
    case 'balance.updated':
      state.balance = parseDollars(event.data.balance);
      break;
    case 'position.updated':
      if (event.data.agentId !== null) state.positions.set(positionKey(event.data.agentId, event.data.marketTicker), parseCount(event.data.position));
      break;
    case 'pnl.recorded':
      if (event.data.agentId !== 'account') foldPnl(state, event.data.agentId, parseDollars(event.data.realizedPnl), event.data.at);
      break;
    case 'order.submitted':
    case 'order.accepted':
    case 'order.rejected':
    case 'order.updated':
    case 'order.cancelled':
    case 'order.failed':
      trackOrder(state, event.data.order);
      break;
    case 'intent.approved': {
      const intent = event.data.intent;
      remember(state, intent.intentId);
      if (!state.openOrders.has(intent.clientOrderId)) {
        state.awaitingOrders.set(intent.clientOrderId, {
          agentId: intent.agentId,
          marketTicker: intent.marketTicker,
          signedCount: signedDelta(intent.action, intent.side, parseCount(intent.count)),
          approvedAt: Date.parse(event.occurredAt),
        });
      }
      break;
    }
    case 'intent.denied':
      remember(state, event.data.intentId);
      break;
    case 'approval.requested':
      remember(state, event.data.intent.intentId);
      if (!state.resolvedApprovals.has(event.data.approvalId) && !state.pendingApprovals.has(event.data.approvalId)) {
        state.pendingApprovals.set(event.data.approvalId, {
          approvalId: event.data.approvalId,
          intent: event.data.intent,
          expiresAt: Date.parse(event.data.expiresAt),
          requestedEventId: event.id,
          correlationId: event.correlationId,
        });
      }
      break;
    case 'approval.resolved':
      state.pendingApprovals.delete(event.data.approvalId);
      state.resolvedApprovals.add(event.data.approvalId);
      break;
    default:
      break;
  }
  return state;
}

/** Forget approved intents whose order never showed up (execution refused them before submitting). */
export function forgetStaleAwaiting(state: GateState, now: number): void {
  for (const [clientOrderId, entry] of state.awaitingOrders) {
    if (now - entry.approvedAt > state.settings.awaitingOrderMs) state.awaitingOrders.delete(clientOrderId);
  }
}
