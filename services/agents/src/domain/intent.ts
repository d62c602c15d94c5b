/**
 * From a plugin's order to a `TradeIntent` (pure): check the order, put its price on the
 * market's grid, estimate the taker fee and attach the book the agent saw.
 *
 * The grid is checked in YES terms, because that is the price execution sends (V2): buy YES at
 * p and sell YES at p are YES price p; buy NO at q and sell NO at q are YES price 1 − q. A price
 * off the grid is moved the way that never costs more: a buy's own price down, a sell's up.
 *
 * Client order ids are `<agentId>-<base36 ms time>-<6 random base36 chars>` (Kalshi allows up
 * to 64 of [-\w:+=/]), unique without coordination and sortable by time per agent.
 */
import { type Micros, ONE_DOLLAR, type TradeIntent, formatCount, formatDollars, micros } from '@polly/contracts';
import { isOnGrid, snapToGrid } from '@polly/market';
import { takerFeeFor } from './holdings';
import type { Decision, MarketView } from '../plugin';

export type OrderDecision = Extract<Decision, { outcome: 'order' }>;

export interface IntentIdentity {
  agentId: string;
  agentName: string;
  intentId: string;
  decisionId: string;
  clientOrderId: string;
}

export type IntentOutcome = { ok: true; intent: TradeIntent; snappedFrom: Micros | null } | { ok: false; reasonCode: string; explanation: string };

const BASE36_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `random` gives numbers in [0, 1) (injected so tests are deterministic). */
export function newClientOrderId(agentId: string, now: number, random: () => number = Math.random): string {
  let suffix = '';
  for (let index = 0; index < 6; index += 1) suffix += BASE36_DIGITS[Math.floor(random() * 36) % 36];
  return `${agentId}-${now.toString(36)}-${suffix}`;
}

const toYes = (side: 'yes' | 'no', price: Micros): Micros => (side === 'yes' ? price : micros(ONE_DOLLAR - price));

export function buildIntent(decision: OrderDecision, market: MarketView, identity: IntentIdentity, now: number): IntentOutcome {
  const { order } = decision;
  if (order.count <= 0n) return { ok: false, reasonCode: 'ORDER_INVALID', explanation: `the order count ${formatCount(order.count)} is not above zero` };
  if (order.price <= 0n || order.price >= ONE_DOLLAR) {
    return { ok: false, reasonCode: 'ORDER_INVALID', explanation: `the price ${formatDollars(order.price)} is not between $0 and $1` };
  }
  if (market.priceGrid === null || market.priceGrid.length === 0) {
    return { ok: false, reasonCode: 'PRICE_GRID_UNKNOWN', explanation: `the price grid of ${market.marketTicker} is not known yet` };
  }
  let price = order.price;
  let snappedFrom: Micros | null = null;
  const yesPrice = toYes(order.side, order.price);
  if (!isOnGrid(yesPrice, market.priceGrid)) {
    // Buying YES or selling NO: a lower YES price costs less; selling YES or buying NO: a higher one.
    const lowerIsBetter = (order.action === 'buy') === (order.side === 'yes');
    const snapped = snapToGrid(yesPrice, market.priceGrid, lowerIsBetter ? 'down' : 'up');
    snappedFrom = order.price;
    price = toYes(order.side, snapped);
  }
  const intent: TradeIntent = {
    intentId: identity.intentId,
    decisionId: identity.decisionId,
    agentId: identity.agentId,
    agentName: identity.agentName,
    clientOrderId: identity.clientOrderId,
    marketTicker: market.marketTicker,
    action: order.action,
    side: order.side,
    price: formatDollars(price),
    count: formatCount(order.count),
    timeInForce: order.timeInForce,
    postOnly: order.postOnly,
    reduceOnly: order.reduceOnly,
    estimatedFee: formatDollars(takerFeeFor(market, price, order.count)),
    confidence: Math.min(1, Math.max(0, Number.isFinite(decision.confidence) ? decision.confidence : 0)),
    reasoning: decision.explanation.slice(0, 2000),
    marketSnapshot: market.snapshot,
    createdAt: new Date(now).toISOString(),
  };
  return { ok: true, intent, snappedFrom };
}
