import type { OrderView } from '../api/event-schemas';
import { agent, at, clock, intent, pnlPoint } from '../testing/fixtures';
import {
  approvalsFromRead,
  approvalsInOrder,
  decisionsFromRead,
  lastDecisionAt,
  resolvedCardMilliseconds,
  withApprovalOrder,
  withApprovalRequested,
  withApprovalResolved,
  withDecision,
  withoutFinishedApprovals,
  withPnlPoint,
  type ApprovalView,
} from './state';

const order = (overrides: Partial<OrderView> = {}): OrderView => ({
  clientOrderId: 'prime-1',
  orderId: null,
  agentId: 'prime',
  intentId: 'intent-1',
  marketTicker: 'KXHIGHNY-26NOV21-B31.5',
  action: 'buy',
  side: 'yes',
  price: '0.4200',
  count: '10.00',
  filledCount: '0.00',
  remainingCount: '10.00',
  status: 'submitted',
  fillCost: '0.0000',
  fees: '0.0000',
  errorCode: null,
  updatedAt: at(1000),
  ...overrides,
});

const requested = (): ApprovalView[] => withApprovalRequested([], 'intent-1', intent(), clock, clock + 60_000);

describe('when an approval is requested', () => {
  it('adds the card once', () => {
    const approvals = requested();
    expect(approvals.map((approval) => approval.approvalId)).toEqual(['intent-1']);
    expect(withApprovalRequested(approvals, 'intent-1', intent(), clock, clock + 60_000)).toHaveLength(1);
  });

  it('orders cards by expiry, so a new request never moves the ones being read', () => {
    const two = withApprovalRequested(requested(), 'intent-2', intent({ intentId: 'intent-2' }), clock + 5000, clock + 65_000);
    const three = withApprovalRequested(two, 'intent-0', intent({ intentId: 'intent-0' }), clock - 5000, clock + 55_000);
    expect(approvalsInOrder(three).map((approval) => approval.approvalId)).toEqual(['intent-0', 'intent-1', 'intent-2']);
  });
});

describe('when the gate resolves it', () => {
  it('records the outcome once', () => {
    const denied = withApprovalResolved(requested(), 'intent-1', 'denied', 'not now', clock + 5000);
    expect(denied[0]?.resolution).toEqual({ outcome: 'denied', reason: 'not now', at: clock + 5000 });
    expect(withApprovalResolved(denied, 'intent-1', 'expired', null, clock + 9000)[0]?.resolution?.outcome).toBe('denied');
  });

  it('follows the order execution placed for it, never stepping back in time', () => {
    const approved = withApprovalResolved(requested(), 'intent-1', 'approved', null, clock + 1000);
    const filled = withApprovalOrder(approved, order({ status: 'executed', filledCount: '10.00', updatedAt: at(3000) }));
    expect(filled[0]?.order?.status).toBe('executed');
    expect(withApprovalOrder(filled, order({ status: 'resting', updatedAt: at(2000) }))[0]?.order?.status).toBe('executed');
    expect(withApprovalOrder(filled, order({ intentId: 'someone-else' }))).toBe(filled);
  });
});

describe('resolved cards', () => {
  it('stay a while so the person sees what happened, then leave', () => {
    const denied = withApprovalResolved(requested(), 'intent-1', 'denied', null, clock);
    expect(withoutFinishedApprovals(denied, clock + resolvedCardMilliseconds - 1)).toBe(denied);
    expect(withoutFinishedApprovals(denied, clock + resolvedCardMilliseconds)).toEqual([]);
  });

  it('stay while an approved order is still working', () => {
    const approved = withApprovalOrder(withApprovalResolved(requested(), 'intent-1', 'approved', null, clock), order({ status: 'resting', updatedAt: at(1000) }));
    expect(withoutFinishedApprovals(approved, clock + 60_000)).toHaveLength(1);
  });

  it('survive a fresh read of the pending list', () => {
    const denied = withApprovalResolved(requested(), 'intent-1', 'denied', null, clock);
    expect(approvalsFromRead(denied, []).map((approval) => approval.resolution?.outcome)).toEqual(['denied']);
  });
});

describe('decisions', () => {
  it('come from the read oldest first and take live ones in order, once', () => {
    const read = decisionsFromRead([
      { decision_id: 'b', agent_id: 'prime', market_ticker: null, outcome: 'hold', reason_code: 'X', explanation: '', decided_at: at(2000) },
      { decision_id: 'a', agent_id: 'prime', market_ticker: null, outcome: 'intent', reason_code: 'X', explanation: '', decided_at: at(1000) },
    ]);
    expect(read.map((mark) => mark.decisionId)).toEqual(['a', 'b']);
    const next = withDecision(read, { decisionId: 'c', agentId: 'prime', outcome: 'hold', at: clock + 1500 });
    expect(next.map((mark) => mark.decisionId)).toEqual(['a', 'c', 'b']);
    expect(withDecision(next, { decisionId: 'c', agentId: 'prime', outcome: 'hold', at: clock + 1500 })).toBe(next);
    expect(lastDecisionAt(agent({ last_decision_at: at(500) }), next)).toBe(clock + 2000);
    expect(lastDecisionAt(agent({ last_decision_at: null }), [])).toBeNull();
  });
});

describe('P/L points', () => {
  it('join their agent’s line in time order', () => {
    const lines = withPnlPoint(new Map([['prime', [pnlPoint(0, '1.000000'), pnlPoint(2000, '2.000000')]]]), 'prime', pnlPoint(1000, '1.500000'));
    expect(lines.get('prime')?.map((point) => point.total_pnl)).toEqual(['1.000000', '1.500000', '2.000000']);
    expect(withPnlPoint(lines, 'peritia', pnlPoint(0, '0.500000')).get('peritia')).toHaveLength(1);
  });
});
