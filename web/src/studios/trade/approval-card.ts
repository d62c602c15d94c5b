/**
 * An approval card: the series card an agent wants to buy in, raised to the top of the board with
 * the agent's reasoning, the intended order (side, price, count, cost and fee), a countdown ring
 * to expiry and Approve / Deny. After the gate resolves it the card tells the rest of the story:
 * denied, expired, cancelled by the kill switch, or approved and then the order's progress until
 * it is filled (or cancelled, or failed).
 */
import type { Market, Series } from '../../trading/api/schemas';
import { formatCountdown } from '../../trading/clock';
import { formatCents, formatContracts, formatUsd, notionalCost, parseCentis, parseMicros } from '../../trading/money';
import type { ApprovalView } from '../../trading/session/state';
import { fillBadge } from './series-card';

export type ApprovalCardState = 'pending' | 'sending' | 'approved' | 'filled' | 'resting' | 'denied' | 'expired' | 'cancelled' | 'failed';

/** What the card says about where the approval (and its order) stands. Pure. */
export function approvalStatus(approval: ApprovalView, sending: 'approve' | 'deny' | null, now: number): { state: ApprovalCardState; text: string } {
  const resolution = approval.resolution;
  if (!resolution) {
    if (sending) return { state: 'sending', text: sending === 'approve' ? 'Approving…' : 'Denying…' };
    return approval.expiresAt <= now ? { state: 'expired', text: 'Expiring…' } : { state: 'pending', text: 'Awaiting your call' };
  }
  switch (resolution.outcome) {
    case 'denied':
      return { state: 'denied', text: `Denied${resolution.reason ? `: ${resolution.reason}` : ''}` };
    case 'expired':
      return { state: 'expired', text: 'Expired: nothing bought' };
    case 'cancelled':
      return { state: 'cancelled', text: `Cancelled${resolution.reason ? `: ${resolution.reason}` : ''}` };
    case 'approved':
      break;
  }
  const order = approval.order;
  if (!order) return { state: 'approved', text: 'Approved · sending the order' };
  const filled = parseCentis(order.filledCount);
  const count = parseCentis(order.count);
  switch (order.status) {
    case 'executed':
      return { state: 'filled', text: `Order filled ${formatContracts(filled)} @ ${formatCents(parseMicros(order.price))}` };
    case 'resting':
      return { state: 'resting', text: `Order resting · ${formatContracts(filled)}/${formatContracts(count)} filled` };
    case 'submitted':
      return { state: 'approved', text: 'Order submitted' };
    case 'canceled':
      return { state: filled > 0n ? 'filled' : 'failed', text: `Order cancelled · ${formatContracts(filled)}/${formatContracts(count)} filled` };
    case 'rejected':
    case 'failed':
      return { state: 'failed', text: `Order ${order.status}${order.errorCode ? `: ${order.errorCode}` : ''}` };
  }
}

interface Parts {
  badge: HTMLElement;
  badgeText: HTMLElement;
  badgeFrequency: HTMLElement;
  agent: HTMLElement;
  title: HTMLElement;
  countdown: HTMLElement;
  arc: SVGCircleElement;
  countdownText: HTMLElement;
  order: HTMLElement;
  reasoning: HTMLElement;
  status: HTMLElement;
  approve: HTMLButtonElement;
  deny: HTMLButtonElement;
}

const parts = new WeakMap<HTMLElement, Parts>();

function partsOf(card: HTMLElement): Parts {
  const known = parts.get(card);
  if (known) return known;
  const find = <Found extends Element>(selector: string): Found => {
    const element = card.querySelector<Found>(selector);
    if (!element) throw new Error(`approval card template lacks ${selector}`);
    return element;
  };
  const found: Parts = {
    badge: find('[data-badge]'),
    badgeText: find('[data-badge-text]'),
    badgeFrequency: find('[data-badge-frequency]'),
    agent: find('[data-agent-chip]'),
    title: find('[data-title]'),
    countdown: find('[data-countdown]'),
    arc: find('[data-countdown-arc]'),
    countdownText: find('[data-countdown-text]'),
    order: find('[data-order]'),
    reasoning: find('[data-reasoning]'),
    status: find('[data-approval-status]'),
    approve: find('[data-approve]'),
    deny: find('[data-deny]'),
  };
  parts.set(card, found);
  return found;
}

/** "Highest temperature in NYC — 31° to 32°": the series, then the outcome the market asks about. */
export function approvalTitle(ticker: string, market: Market | null, series: Series | null): string {
  if (!market) return ticker;
  const outcome = market.yes_sub_title || market.subtitle;
  if (series && outcome) return `${series.title} — ${outcome}`;
  return market.title || ticker;
}

/** "Buy YES · 10 @ 56¢ · cost $5.60 · fee ≤ $0.02" */
export function orderLine(approval: ApprovalView): string {
  const { intent } = approval;
  const price = parseMicros(intent.price);
  const count = parseCentis(intent.count);
  return `${intent.action === 'buy' ? 'Buy' : 'Sell'} ${intent.side.toUpperCase()} · ${formatContracts(count)} @ ${formatCents(price)} · cost ${formatUsd(notionalCost(price, count))} · fee ≤ ${formatUsd(parseMicros(intent.estimatedFee))}`;
}

export function fillApprovalCard(card: HTMLElement, approval: ApprovalView, market: Market | null, series: Series | null, sending: 'approve' | 'deny' | null, now: number): void {
  const part = partsOf(card);
  const { intent } = approval;
  card.dataset['approval'] = approval.approvalId;
  card.dataset['agent'] = approval.agentId;
  if (series) fillBadge(part.badge, part.badgeText, part.badgeFrequency, series);
  part.agent.textContent = intent.agentName;
  const title = approvalTitle(intent.marketTicker, market, series);
  if (part.title.textContent !== title) part.title.textContent = title;
  part.title.title = market ? `${market.title} (${intent.marketTicker})` : intent.marketTicker;
  part.order.textContent = orderLine(approval);
  part.reasoning.textContent = `“${intent.reasoning}” · confidence ${Math.round(intent.confidence * 100)}%`;
  part.reasoning.title = intent.reasoning;
  const left = Math.max(0, approval.expiresAt - now);
  const total = Math.max(1, approval.expiresAt - approval.requestedAt);
  const open = approval.resolution === null;
  part.countdown.hidden = !open;
  part.countdownText.textContent = formatCountdown(left);
  part.arc.style.strokeDashoffset = String(100 - Math.min(100, (left / total) * 100));
  part.countdown.toggleAttribute('data-urgent', left < 10_000);
  part.countdown.setAttribute('aria-label', `${formatCountdown(left)} left to decide`);
  const status = approvalStatus(approval, sending, now);
  card.dataset['state'] = status.state;
  part.status.textContent = status.text;
  part.approve.disabled = sending !== null || !open;
  part.deny.disabled = sending !== null || !open;
  card.setAttribute('aria-label', `${intent.agentName} asks to ${intent.action} ${intent.side} in ${title}`);
}

export function approvalButtons(card: HTMLElement): { approve: HTMLButtonElement; deny: HTMLButtonElement } {
  const part = partsOf(card);
  return { approve: part.approve, deny: part.deny };
}
