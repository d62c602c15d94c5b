/**
 * How an order's view moves as facts arrive: the create response, `user_orders` reports, fills,
 * cancels. Reports can arrive in any order (the WebSocket often beats the REST answer), so every
 * merge is monotonic: filled counts, fees and costs only grow, the remaining count only shrinks,
 * and a closed order (executed or canceled) never reopens. The exchange wins over a local outcome:
 * an order marked `failed` or `rejected` that the exchange reports as existing takes its status.
 */
import {
  type Centis,
  type Micros,
  type OrderStatus,
  type OrderView,
  ZERO_CENTIS,
  centis,
  formatCount,
  formatDollars,
  maxBigint,
  minBigint,
  parseCount,
  parseDollars,
} from '@polly/contracts';

export interface OrderProgress {
  orderId?: string;
  status?: 'resting' | 'executed' | 'canceled';
  filledCount?: Centis;
  remainingCount?: Centis;
  fees?: Micros;
  fillCost?: Micros;
  lastUpdateReason?: string | null;
}

const rank: Record<OrderStatus, number> = { submitted: 0, rejected: 0, failed: 0, resting: 1, executed: 2, canceled: 2 };

export const isClosed = (status: OrderStatus): boolean => rank[status] === 2 || status === 'rejected' || status === 'failed';

/** Merge a fact about the order; returns the same object when nothing changed. */
export function mergeProgress(order: OrderView, progress: OrderProgress, at: string): OrderView {
  const filled = maxBigint(parseCount(order.filledCount), progress.filledCount ?? ZERO_CENTIS);
  // A local outcome (rejected, failed) zeroed the remaining count; the exchange's report replaces it.
  const overruled = (order.status === 'rejected' || order.status === 'failed') && progress.status !== undefined;
  const currentRemaining = overruled ? parseCount(order.count) : parseCount(order.remainingCount);
  let remaining = progress.remainingCount === undefined ? currentRemaining : minBigint(currentRemaining, progress.remainingCount);
  // Whatever filled is no longer remaining, whichever report said so first.
  remaining = minBigint(remaining, centis(maxBigint(ZERO_CENTIS, parseCount(order.count) - filled)));
  let status = order.status;
  if (progress.status !== undefined && rank[progress.status] >= rank[status]) status = progress.status;
  if (remaining === 0n && status === 'resting') status = filled === parseCount(order.count) ? 'executed' : 'canceled';
  const next: OrderView = {
    ...order,
    orderId: progress.orderId ?? order.orderId,
    filledCount: formatCount(filled),
    remainingCount: formatCount(remaining),
    status,
    fees: formatDollars(maxBigint(parseDollars(order.fees), progress.fees ?? parseDollars(order.fees))),
    fillCost: formatDollars(maxBigint(parseDollars(order.fillCost), progress.fillCost ?? parseDollars(order.fillCost))),
    lastUpdateReason: progress.lastUpdateReason === undefined ? order.lastUpdateReason : progress.lastUpdateReason ?? order.lastUpdateReason,
    // The exchange's word replaces a local failure code once the order is known to exist.
    errorCode: (status === 'rejected' || status === 'failed') ? order.errorCode : null,
  };
  return sameOrder(order, next) ? order : { ...next, updatedAt: at };
}

function sameOrder(left: OrderView, right: OrderView): boolean {
  return (
    left.orderId === right.orderId &&
    left.filledCount === right.filledCount &&
    left.remainingCount === right.remainingCount &&
    left.status === right.status &&
    left.fees === right.fees &&
    left.fillCost === right.fillCost &&
    left.lastUpdateReason === right.lastUpdateReason &&
    left.errorCode === right.errorCode
  );
}

/** What the create answer says: the exchange's id, what filled at once, what rests. */
export function progressOfCreate(order: OrderView, created: { orderId: string; fillCount: Centis; remainingCount: Centis }): OrderProgress {
  const count = parseCount(order.count);
  const status = created.remainingCount > 0n ? 'resting' : created.fillCount >= count ? 'executed' : 'canceled';
  return { orderId: created.orderId, status, filledCount: created.fillCount, remainingCount: created.remainingCount };
}

/** A local outcome (refused before or by the exchange, or failed after retries). */
export function withOutcome(order: OrderView, status: 'rejected' | 'failed', code: string, at: string): OrderView {
  return { ...order, status, errorCode: code, remainingCount: '0.00', updatedAt: at };
}

/** Totals of the fills applied to an order so far. */
export interface AppliedFills {
  count: Centis;
  cost: Micros;
  fees: Micros;
}

/**
 * The order as its applied fills describe it. A `user_orders` report may have said the same
 * already; merging takes the larger numbers, so the two sources never add up twice.
 */
export function progressOfFills(order: OrderView, applied: AppliedFills): OrderProgress {
  return {
    filledCount: applied.count,
    remainingCount: centis(maxBigint(ZERO_CENTIS, parseCount(order.count) - applied.count)),
    fees: applied.fees,
    fillCost: applied.cost,
  };
}
