/**
 * The gate's decider: `decide(state, input, now)` returns the events to publish, and nothing
 * else happens. Inputs:
 *   - intent:  an agent's `intent.created` → `intent.approved`, `intent.denied`, or
 *              `approval.requested` (SemiAuto buys);
 *   - approve: a human's `approval.approve` → the checks run again, then `approval.resolved`
 *              and `intent.approved` (or a denial with the failing check's code);
 *   - deny:    a human's `approval.deny` → `approval.resolved` + `intent.denied` APPROVAL_DENIED;
 *   - sweep:   after a CONTROL change, an expiry timer or a restart → every overdue approval
 *              expires (APPROVAL_EXPIRED), and while trading is off every pending approval is
 *              cancelled by the kill switch (APPROVAL_CANCELLED).
 *
 * Event ids are derived from what they decide (intent and outcome), so a decision republished
 * after a crash is dropped by the broker's duplicate window instead of being recorded twice.
 */
import { createHash } from 'node:crypto';
import {
  type AnyEvent,
  ApprovalRequested,
  ApprovalResolved,
  type ApproveIntent,
  type DenyIntent,
  type EventDefinition,
  type EventData,
  type EventOf,
  IntentApproved,
  IntentDenied,
  type IntentCreated,
  type TradeIntent,
  createEvent,
  toIsoTimestamp,
} from '@polly/contracts';
import { type Denial, type MarketView, runChecks } from './checks';
import type { GateState, PendingApproval } from './state';

export const GATE_SOURCE = 'gate';

export type GateInput =
  | { kind: 'intent'; event: EventOf<typeof IntentCreated>; market: MarketView }
  | { kind: 'approve'; event: EventOf<typeof ApproveIntent>; market: MarketView }
  | { kind: 'deny'; event: EventOf<typeof DenyIntent> }
  | { kind: 'sweep'; cause: { id: string; correlationId: string } | null };

interface Cause {
  id: string;
  correlationId: string;
}

/** A stable event id: the same decision about the same thing always gets the same id. */
export function decisionId(kind: string, ...parts: string[]): string {
  return `gate:${kind}:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
}

function emit<D extends EventDefinition>(state: GateState, definition: D, data: EventData<D>, id: string, now: number, cause: Cause | null): AnyEvent {
  return createEvent(definition, state.environment, data, {
    source: GATE_SOURCE,
    id,
    occurredAt: new Date(now),
    correlationId: cause?.correlationId ?? id,
    causationId: cause?.id ?? null,
  }) as AnyEvent;
}

function denied(state: GateState, intent: TradeIntent, denial: Denial, now: number, cause: Cause): AnyEvent {
  return emit(
    state,
    IntentDenied,
    {
      intentId: intent.intentId,
      agentId: intent.agentId,
      clientOrderId: intent.clientOrderId,
      marketTicker: intent.marketTicker,
      code: denial.code,
      message: denial.message,
      details: denial.details,
    },
    decisionId('denied', state.environment, intent.intentId),
    now,
    cause,
  );
}

function approved(state: GateState, intent: TradeIntent, route: EventData<typeof IntentApproved>['route'], now: number, cause: Cause): AnyEvent {
  return emit(state, IntentApproved, { intent, route }, decisionId('approved', state.environment, intent.intentId), now, cause);
}

type Resolution = Pick<EventData<typeof ApprovalResolved>, 'outcome' | 'resolvedBy' | 'reason'>;

/** End an approval: the resolution, and for anything but an approval the intent's denial. */
function resolve(state: GateState, pending: PendingApproval, resolution: Resolution, denial: Denial | null, now: number, cause: Cause | null): AnyEvent[] {
  const chain = cause ?? { id: pending.requestedEventId, correlationId: pending.correlationId };
  const resolvedEvent = emit(
    state,
    ApprovalResolved,
    { approvalId: pending.approvalId, intentId: pending.intent.intentId, agentId: pending.intent.agentId, ...resolution },
    decisionId('resolved', state.environment, pending.approvalId),
    now,
    chain,
  );
  return denial ? [resolvedEvent, denied(state, pending.intent, denial, now, { id: resolvedEvent.id, correlationId: chain.correlationId })] : [resolvedEvent];
}

function decideIntent(state: GateState, input: Extract<GateInput, { kind: 'intent' }>, now: number): AnyEvent[] {
  const intent = input.event.data;
  if (state.decidedIntents.has(intent.intentId) || state.pendingApprovals.has(intent.intentId) || state.resolvedApprovals.has(intent.intentId)) return [];
  const verdict = runChecks(state, intent, input.market, now, true);
  if ('code' in verdict) return [denied(state, intent, verdict, now, input.event)];
  const { agent } = verdict;
  if (agent.mode === 'SemiAuto' && intent.action === 'buy') {
    const approval = emit(
      state,
      ApprovalRequested,
      { approvalId: intent.intentId, intent, expiresAt: toIsoTimestamp(now + state.settings.approvalTimeoutMs) },
      decisionId('requested', state.environment, intent.intentId),
      now,
      input.event,
    );
    return [approval];
  }
  return [approved(state, intent, agent.mode === 'SemiAuto' ? 'sell-without-approval' : 'auto', now, input.event)];
}

const expiredDenial = (pending: PendingApproval): Denial => ({
  code: 'APPROVAL_EXPIRED',
  message: `nobody answered approval ${pending.approvalId} before ${toIsoTimestamp(pending.expiresAt)}`,
  details: { expiresAt: toIsoTimestamp(pending.expiresAt) },
});

function decideApprove(state: GateState, input: Extract<GateInput, { kind: 'approve' }>, now: number): AnyEvent[] {
  const pending = state.pendingApprovals.get(input.event.data.approvalId);
  if (!pending) return [];
  if (now >= pending.expiresAt) return resolve(state, pending, { outcome: 'expired', resolvedBy: 'timeout', reason: 'approved after it expired' }, expiredDenial(pending), now, input.event);
  const verdict = runChecks(state, pending.intent, input.market, now, false);
  const approvedBy = input.event.data.requestedBy;
  if ('code' in verdict) {
    return resolve(state, pending, { outcome: 'denied', resolvedBy: 'human', reason: `approved by ${approvedBy}, but ${verdict.code}: ${verdict.message}` }, verdict, now, input.event);
  }
  const [resolution] = resolve(state, pending, { outcome: 'approved', resolvedBy: 'human', reason: `approved by ${approvedBy}` }, null, now, input.event);
  return [resolution as AnyEvent, approved(state, pending.intent, 'approved-by-human', now, input.event)];
}

function decideDeny(state: GateState, input: Extract<GateInput, { kind: 'deny' }>, now: number): AnyEvent[] {
  const pending = state.pendingApprovals.get(input.event.data.approvalId);
  if (!pending) return [];
  const { requestedBy, reason } = input.event.data;
  const why = reason ? `denied by ${requestedBy}: ${reason}` : `denied by ${requestedBy}`;
  return resolve(state, pending, { outcome: 'denied', resolvedBy: 'human', reason: why }, { code: 'APPROVAL_DENIED', message: why, details: { deniedBy: requestedBy } }, now, input.event);
}

function decideSweep(state: GateState, input: Extract<GateInput, { kind: 'sweep' }>, now: number): AnyEvent[] {
  const events: AnyEvent[] = [];
  const pendingOldestFirst = [...state.pendingApprovals.values()].sort((a, b) => a.expiresAt - b.expiresAt || a.approvalId.localeCompare(b.approvalId));
  for (const pending of pendingOldestFirst) {
    if (now >= pending.expiresAt) {
      events.push(...resolve(state, pending, { outcome: 'expired', resolvedBy: 'timeout', reason: null }, expiredDenial(pending), now, null));
    } else if (!state.trading.enabled) {
      const reason = state.trading.reason ?? 'trading disabled';
      events.push(
        ...resolve(state, pending, { outcome: 'cancelled', resolvedBy: 'kill-switch', reason }, { code: 'APPROVAL_CANCELLED', message: `cancelled by the kill switch: ${reason}`, details: { reason } }, now, input.cause),
      );
    }
  }
  return events;
}

export function decide(state: GateState, input: GateInput, now: number): AnyEvent[] {
  switch (input.kind) {
    case 'intent':
      return decideIntent(state, input, now);
    case 'approve':
      return decideApprove(state, input, now);
    case 'deny':
      return decideDeny(state, input, now);
    case 'sweep':
      return decideSweep(state, input, now);
  }
}
