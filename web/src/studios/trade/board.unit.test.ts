import type { OrderView } from '../../trading/api/event-schemas';
import type { ApprovalView } from '../../trading/session/state';
import { clock, intent, market, series } from '../../trading/testing/fixtures';
import { approvalStatus, approvalTitle, orderLine } from './approval-card';
import { badgeText, badgeTone, frequencyMark } from './series-card';
import { windowFor } from './series-grid';

const approval = (overrides: Partial<ApprovalView> = {}): ApprovalView => ({
  approvalId: 'intent-1',
  agentId: 'prime',
  intent: intent(),
  requestedAt: clock,
  expiresAt: clock + 60_000,
  resolution: null,
  order: null,
  ...overrides,
});
const order = (status: OrderView['status'], filledCount: string): OrderView => ({
  clientOrderId: 'prime-1', orderId: 'x', agentId: 'prime', intentId: 'intent-1', marketTicker: 'M', action: 'buy', side: 'yes', price: '0.4200', count: '10.00',
  filledCount, remainingCount: '0.00', status, fillCost: '4.2000', fees: '0.0200', errorCode: status === 'failed' ? 'MARKET_NOT_OPEN' : null, updatedAt: new Date(clock).toISOString(),
});

describe('the grid window', () => {
  it('covers six rows from one above the first in view, never past the end', () => {
    expect(windowFor(0, 180, 20)).toEqual({ start: 0, end: 6 });
    expect(windowFor(900, 180, 20)).toEqual({ start: 4, end: 10 });
    expect(windowFor(10_000, 180, 20)).toEqual({ start: 14, end: 20 });
    expect(windowFor(0, 180, 2)).toEqual({ start: 0, end: 2 });
  });
});

describe('an approval card', () => {
  it('states the intended order: side, count, price, cost and fee', () => {
    expect(orderLine(approval())).toBe('Buy YES · 10 @ 42¢ · cost $4.20 · fee ≤ $0.02');
  });

  it('names the series and the outcome', () => {
    expect(approvalTitle('T', market(), series())).toBe('Highest temperature in NYC — 31° to 32°');
    expect(approvalTitle('T', null, null)).toBe('T');
  });

  it.each<[string, Partial<ApprovalView>, string, string]>([
    ['waiting', {}, 'pending', 'Awaiting your call'],
    ['past its expiry', { expiresAt: clock - 1 }, 'expired', 'Expiring…'],
    ['denied', { resolution: { outcome: 'denied', reason: 'no', at: clock } }, 'denied', 'Denied: no'],
    ['expired', { resolution: { outcome: 'expired', reason: null, at: clock } }, 'expired', 'Expired: nothing bought'],
    ['cancelled by the kill switch', { resolution: { outcome: 'cancelled', reason: 'kill switch', at: clock } }, 'cancelled', 'Cancelled: kill switch'],
    ['approved, no order yet', { resolution: { outcome: 'approved', reason: null, at: clock } }, 'approved', 'Approved · sending the order'],
    ['approved and filled', { resolution: { outcome: 'approved', reason: null, at: clock }, order: order('executed', '10.00') }, 'filled', 'Order filled 10 @ 42¢'],
    ['approved, not filled', { resolution: { outcome: 'approved', reason: null, at: clock }, order: order('canceled', '0.00') }, 'failed', 'Order cancelled · 0/10 filled'],
    ['approved, refused', { resolution: { outcome: 'approved', reason: null, at: clock }, order: order('failed', '0.00') }, 'failed', 'Order failed: MARKET_NOT_OPEN'],
  ])('when %s says so', (_name, overrides, state, text) => {
    expect(approvalStatus(approval(overrides), null, clock)).toEqual({ state, text });
  });

  it('shows that an answer is on its way', () => {
    expect(approvalStatus(approval(), 'approve', clock)).toEqual({ state: 'sending', text: 'Approving…' });
  });
});

describe('badges', () => {
  it('use a short tag, else the title’s initials, and Kalshi’s frequency marks', () => {
    expect(badgeText({ tags: ['BTC', 'Simulated'], title: 'Bitcoin' })).toBe('BTC');
    expect(badgeText({ tags: ['Weather'], title: 'Highest temperature in NYC' })).toBe('HT');
    expect(frequencyMark('fifteen_min')).toBe('15');
    expect(frequencyMark('one_off')).toBe('');
    expect(badgeTone('Climate and Weather')).toBe('weather');
  });
});
