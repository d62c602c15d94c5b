/**
 * The cockpit's picture of the trading system, and the pure folds that keep it current from the
 * `/events` feed between reads of the state. The control API is the source of truth: after a
 * reconnect everything is read again, so these folds only need to be right for the messages in
 * between. Each fold returns a new value for one slice (or the same one when nothing changed).
 */
import type { FeedStatus } from '../api/event-stream';
import type { ApprovalOutcome, OrderView } from '../api/event-schemas';
import type { Agent, Approval, Decision, Environment, PnlPoint, Position, Reconciliation, SystemState, TradeIntent } from '../api/schemas';
import { instant } from '../clock';

export type Connection =
  | { state: 'locating' }
  | { state: 'offline'; reason: string }
  | { state: 'unreachable'; reason: string }
  | { state: 'online' };

export interface ApprovalView {
  approvalId: string;
  agentId: string;
  intent: TradeIntent;
  requestedAt: number;
  expiresAt: number;
  /** Set when the gate resolved it (approved, denied, expired, cancelled by the kill switch). */
  resolution: { outcome: ApprovalOutcome; reason: string | null; at: number } | null;
  /** The order execution placed for it, as the latest order event describes it. */
  order: OrderView | null;
}

export interface DecisionMark {
  decisionId: string;
  agentId: string;
  outcome: string;
  at: number;
}

export interface BalanceView {
  balance: string | null;
  portfolioValue: string | null;
}

export interface TradingState {
  connection: Connection;
  feed: FeedStatus;
  environment: Environment | null;
  /** The active environment's system state. */
  system: SystemState | null;
  /** Every served environment's system state (keys, connection), for the key rows. */
  systems: Partial<Record<Environment, SystemState>>;
  agents: Agent[];
  approvals: ApprovalView[];
  /** P/L points per agent id ("account" is the whole environment), oldest first. */
  pnl: ReadonlyMap<string, PnlPoint[]>;
  /** Whether the last P/L read hit its row limit (the line is then cut short). */
  pnlTruncated: boolean;
  decisions: DecisionMark[];
  /** The earliest time the decision history is known to be complete from. */
  decisionsSince: number | null;
  positions: Position[];
  balance: BalanceView | null;
  reconciliation: Reconciliation | null;
}

export type Slice = Exclude<keyof TradingState, 'pnlTruncated' | 'decisionsSince'>;

export function initialTradingState(): TradingState {
  return {
    connection: { state: 'locating' },
    feed: 'closed',
    environment: null,
    system: null,
    systems: {},
    agents: [],
    approvals: [],
    pnl: new Map(),
    pnlTruncated: false,
    decisions: [],
    decisionsSince: null,
    positions: [],
    balance: null,
    reconciliation: null,
  };
}

/** Pending approvals as read from `/state/approvals`, merged with what is already on screen. */
export function approvalsFromRead(current: readonly ApprovalView[], pending: readonly Approval[]): ApprovalView[] {
  const known = new Map(current.map((approval) => [approval.approvalId, approval]));
  const fresh = pending.map<ApprovalView>((row) => ({
    approvalId: row.approval_id,
    agentId: row.agent_id,
    intent: row.intent,
    requestedAt: instant(row.requested_at),
    expiresAt: instant(row.expires_at),
    resolution: known.get(row.approval_id)?.resolution ?? null,
    order: known.get(row.approval_id)?.order ?? null,
  }));
  const freshIds = new Set(fresh.map((approval) => approval.approvalId));
  // Cards resolved moments ago stay, so the person sees what happened to them.
  const resolved = current.filter((approval) => approval.resolution !== null && !freshIds.has(approval.approvalId));
  return [...fresh, ...resolved];
}

export function withApprovalRequested(current: readonly ApprovalView[], approvalId: string, intent: TradeIntent, requestedAt: number, expiresAt: number): ApprovalView[] {
  if (current.some((approval) => approval.approvalId === approvalId)) return [...current];
  return [...current, { approvalId, agentId: intent.agentId, intent, requestedAt, expiresAt, resolution: null, order: null }];
}

/**
 * Approval cards in board order: the one that expires first first. A new request (which expires
 * last) joins the end, so the cards a person is reading never move under the pointer.
 */
export function approvalsInOrder(approvals: readonly ApprovalView[]): ApprovalView[] {
  return [...approvals].sort((a, b) => a.expiresAt - b.expiresAt || (a.approvalId < b.approvalId ? -1 : 1));
}

export function withApprovalResolved(current: readonly ApprovalView[], approvalId: string, outcome: ApprovalOutcome, reason: string | null, at: number): ApprovalView[] {
  return current.map((approval) =>
    approval.approvalId === approvalId && approval.resolution === null ? { ...approval, resolution: { outcome, reason, at } } : approval,
  );
}

/** An order event for an approved intent (the approval id is the intent id). */
export function withApprovalOrder(current: readonly ApprovalView[], order: OrderView): ApprovalView[] {
  if (!order.intentId || !current.some((approval) => approval.approvalId === order.intentId)) return current as ApprovalView[];
  return current.map((approval) => {
    if (approval.approvalId !== order.intentId) return approval;
    // Order events can arrive out of order across subjects; never step back from a final state.
    const previous = approval.order;
    if (previous && instant(previous.updatedAt) > instant(order.updatedAt)) return approval;
    return { ...approval, order };
  });
}

export const finalOrderStatuses = new Set(['executed', 'canceled', 'rejected', 'failed']);

/** How long a resolved card stays on screen after its last change. */
export const resolvedCardMilliseconds = 12_000;

/** Drop resolved approvals whose story has ended (resolution and, if approved, a final order). */
export function withoutFinishedApprovals(current: readonly ApprovalView[], now: number): ApprovalView[] {
  const kept = current.filter((approval) => {
    if (!approval.resolution) return true;
    const waitingForOrder = approval.resolution.outcome === 'approved' && (!approval.order || !finalOrderStatuses.has(approval.order.status));
    if (waitingForOrder) return now - approval.resolution.at < 5 * 60_000;
    const lastChange = Math.max(approval.resolution.at, approval.order ? instant(approval.order.updatedAt) : 0);
    return now - lastChange < resolvedCardMilliseconds;
  });
  return kept.length === current.length ? (current as ApprovalView[]) : kept;
}

/** Keep the newest `limit` decision marks, newest last. */
export const decisionHistoryLimit = 4000;

export function decisionsFromRead(rows: readonly Decision[]): DecisionMark[] {
  return rows
    .map((row) => ({ decisionId: row.decision_id, agentId: row.agent_id, outcome: row.outcome, at: instant(row.decided_at) }))
    .sort((a, b) => a.at - b.at);
}

export function withDecision(current: readonly DecisionMark[], mark: DecisionMark): DecisionMark[] {
  if (current.some((existing) => existing.decisionId === mark.decisionId)) return current as DecisionMark[];
  const next = [...current, mark];
  if (next.length > 1 && (next.at(-2)?.at ?? 0) > mark.at) next.sort((a, b) => a.at - b.at);
  return next.length > decisionHistoryLimit ? next.slice(next.length - decisionHistoryLimit) : next;
}

export function withPnlPoint(current: ReadonlyMap<string, PnlPoint[]>, agentId: string, point: PnlPoint): Map<string, PnlPoint[]> {
  const next = new Map(current);
  const points = [...(next.get(agentId) ?? [])];
  const at = instant(point.at);
  if (points.some((existing) => existing.at === point.at && existing.total_pnl === point.total_pnl)) return next;
  let index = points.length;
  while (index > 0 && instant(points[index - 1]?.at ?? '') > at) index -= 1;
  points.splice(index, 0, point);
  next.set(agentId, points);
  return next;
}

/** An agent's last decision time, taking the newest of its row and the decisions seen live. */
export function lastDecisionAt(agent: Agent, decisions: readonly DecisionMark[]): number | null {
  const fromRow = agent.last_decision_at ? instant(agent.last_decision_at) : null;
  let fromFeed: number | null = null;
  for (let index = decisions.length - 1; index >= 0; index -= 1) {
    const mark = decisions[index];
    if (mark?.agentId === agent.agent_id) {
      fromFeed = mark.at;
      break;
    }
  }
  if (fromRow === null) return fromFeed;
  return fromFeed === null ? fromRow : Math.max(fromRow, fromFeed);
}
