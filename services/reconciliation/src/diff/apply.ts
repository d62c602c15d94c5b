/**
 * What the repairs do to the read models, the way the projector folds them: `order.updated`
 * replaces the order row (keyed by client order id), `fill.recorded` inserts a fill id once,
 * `position.updated` replaces the account's row for the market. The property tests use it to
 * show that a repaired local state has nothing left to reconcile.
 */
import type { OrderView } from '@polly/contracts';
import type { Discrepancy, LocalPosition } from './model';

export interface LocalState {
  orders: OrderView[];
  fillIds: string[];
  positions: LocalPosition[];
}

export function applyRepairs(state: LocalState, discrepancies: readonly Discrepancy[], at: string): LocalState {
  const orders = new Map(state.orders.map((order) => [order.clientOrderId, order]));
  const fillIds = new Set(state.fillIds);
  const positions = new Map(state.positions.map((position) => [position.marketTicker, position]));
  for (const { repair } of discrepancies) {
    if (repair.event === 'order.updated') orders.set(repair.order.clientOrderId, repair.order);
    else if (repair.event === 'fill.recorded') fillIds.add(repair.fill.fillId);
    else {
      const { marketTicker, position, costBasis, realizedPnl, feesPaid } = repair.position;
      positions.set(marketTicker, { marketTicker, position, costBasis, realizedPnl, feesPaid, updatedAt: at });
    }
  }
  return { orders: [...orders.values()], fillIds: [...fillIds], positions: [...positions.values()] };
}
