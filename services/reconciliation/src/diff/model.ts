/**
 * The shapes the diff functions compare: our read models on one side (orders as `OrderView`,
 * account positions, fill ids), the exchange's answers on the other (normalised from the REST
 * bodies: exact, canonically formatted dollar and count text), and what a difference produces:
 * a discrepancy with the repair that makes the local side agree with the exchange.
 */
import type { BookSide, EventData, FillRecorded, OrderView, PositionUpdated } from '@polly/contracts';

export type RemoteOrderStatus = 'resting' | 'canceled' | 'executed';

export interface RemoteOrder {
  orderId: string;
  /** Empty client ids are normalised to null. */
  clientOrderId: string | null;
  marketTicker: string;
  bookSide: BookSide;
  /** The V2 price: always the YES price. */
  yesPrice: string;
  status: RemoteOrderStatus;
  count: string;
  filledCount: string;
  remainingCount: string;
  fillCost: string;
  fees: string;
  createdAt: string | null;
  updatedAt: string | null;
  lastUpdateReason: string | null;
}

export interface RemoteFill {
  fillId: string;
  orderId: string;
  marketTicker: string;
  bookSide: BookSide;
  yesPrice: string;
  count: string;
  fee: string;
  isTaker: boolean;
  filledAt: string;
}

/** The exchange's position in one market, or our `positions` row with holder `account`. */
export interface AccountPosition {
  marketTicker: string;
  /** Signed: positive = YES contracts, negative = NO contracts. */
  position: string;
  costBasis: string;
  realizedPnl: string;
  feesPaid: string;
}

export interface LocalPosition extends AccountPosition {
  updatedAt: string;
}

export type DiscrepancyKind = 'unknown-order' | 'missing-order' | 'order-mismatch' | 'missing-fill' | 'position-mismatch';
export type Resolution = 'adopted-exchange-state' | 'flagged' | 'cancelled';

export type Repair =
  | { event: 'order.updated'; order: OrderView }
  | { event: 'fill.recorded'; fill: EventData<typeof FillRecorded> }
  | { event: 'position.updated'; position: EventData<typeof PositionUpdated> };

/** A flat record of what each side said (it becomes the discrepancy event's local/remote). */
export type Facts = Record<string, string | number | boolean | null>;

export interface Discrepancy {
  kind: DiscrepancyKind;
  marketTicker: string | null;
  orderId: string | null;
  clientOrderId: string | null;
  local: Facts | null;
  remote: Facts | null;
  resolution: Resolution;
  repair: Repair;
}

/** A total order on discrepancies, so results never depend on the order of the inputs. */
export function compareDiscrepancies(a: Discrepancy, b: Discrepancy): number {
  const key = (item: Discrepancy) => [item.kind, item.marketTicker ?? '', item.orderId ?? '', item.clientOrderId ?? '', JSON.stringify(item.repair)].join('\u0000');
  const left = key(a);
  const right = key(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Keep one item per key: the one `prefer` ranks highest (a total order, so shuffles agree). */
export function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string, prefer: (a: T, b: T) => number): Map<string, T> {
  const kept = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    const known = kept.get(key);
    if (known === undefined || prefer(item, known) > 0) kept.set(key, item);
  }
  return kept;
}

/** A total order by JSON text: the tie-breaker of last resort. */
export function byText<T>(a: T, b: T): number {
  const left = JSON.stringify(a);
  const right = JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Ascending by key, for deterministic iteration. */
export const sortedValues = <T>(map: Map<string, T>): T[] => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
