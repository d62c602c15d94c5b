/**
 * Whether an agent's request to cancel one of its orders can be carried out, pure: the order
 * must be known, the agent's own, in the named market, and resting at the exchange (or in the
 * paper book) with an exchange order id. Cancels only remove risk, so neither the kill switch
 * nor the agent's mode is consulted.
 */
import type { OrderView } from '@polly/contracts';

export type CancelRefusal = 'unknown-order' | 'not-the-agents-order' | 'other-market' | 'not-resting';

export function cancelRefusal(order: OrderView | null, request: { agentId: string; marketTicker: string }): CancelRefusal | null {
  if (order === null) return 'unknown-order';
  if (order.agentId !== request.agentId) return 'not-the-agents-order';
  if (order.marketTicker !== request.marketTicker) return 'other-market';
  if (order.status !== 'resting' || order.orderId === null) return 'not-resting';
  return null;
}
