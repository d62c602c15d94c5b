/**
 * Orders: our read model against the exchange. The exchange wins.
 *
 * Inputs: local orders (every non-final order, plus any order the exchange's answers name),
 * the exchange's resting orders, and the exchange's answers about local open orders that were
 * not resting (looked up one by one). Paper orders never reach the exchange and are ignored.
 *
 * Invariants:
 *   O1. A local and a remote order are the same order when their exchange order ids agree, or,
 *       when the local order has no order id yet, when their client order ids agree.
 *   O2. A remote resting order that matches no local order is an `unknown-order`: flagged and
 *       adopted into the read model as it stands at the exchange (attributed to an agent only
 *       when its client order id has the agents' format and names a known agent).
 *   O3. A matched pair that differs in order id, status, count, price, filled or remaining
 *       count is an `order-mismatch`; the repair is the local order with the exchange's state
 *       (the local order's agent, intent and outcome terms are kept).
 *   O4. A local open order (submitted or resting) the exchange does not know is a
 *       `missing-order`: it becomes `canceled` if it had an exchange order id (it existed and is
 *       gone), `failed` if it never had one (it never landed).
 *   O5. Anything that changed at or after `inFlightSince` (local updates, remote creations) is
 *       left alone: it may be in flight, and the next cycle looks again.
 *   O6. At most one discrepancy per order, sorted by a total order: shuffled or duplicated
 *       inputs give the same result.
 *   O7. Applying every repair to the local orders and diffing again against the same exchange
 *       answers gives no discrepancy.
 */
import { type OrderStatus, type OrderView, complement, formatDollars, parseCount, parseDollars } from '@polly/contracts';
import { type Discrepancy, type Facts, type RemoteOrder, byText, compareDiscrepancies, sortedValues, uniqueBy } from './model';

export interface OrderDiffInput {
  local: readonly OrderView[];
  remoteResting: readonly RemoteOrder[];
  /** The exchange's answers about local open orders that were not in the resting list. */
  remoteLookups: readonly RemoteOrder[];
  /** Agent ids an unknown order's client id may be attributed to. */
  knownAgents: readonly string[];
  inFlightSince: number;
  /** When the cycle runs: the repairs' update time. */
  at: string;
}

const OPEN: ReadonlySet<OrderStatus> = new Set(['submitted', 'resting']);
/** The agents' client order ids: `<agentId>-<base36 ms time>-<6 random base36 chars>`. */
const AGENT_CLIENT_ORDER_ID = /^(.+)-[0-9a-z]+-[0-9a-z]{6}$/;
const CLIENT_ORDER_ID = /^[-\w:+=/]{1,64}$/;

const sameCount = (a: string, b: string) => parseCount(a) === parseCount(b);
const samePrice = (a: string, b: string) => parseDollars(a) === parseDollars(b);
const priceOfSide = (side: OrderView['side'], yesPrice: string) => (side === 'yes' ? yesPrice : formatDollars(complement(parseDollars(yesPrice))));
const isBefore = (time: string | null, limit: number) => time === null || Date.parse(time) < limit;

/** Which remote answer to trust when the exchange named an order twice: resting first, then the most filled. */
function preferRemote(a: RemoteOrder, b: RemoteOrder): number {
  const rank = (order: RemoteOrder) => (order.status === 'resting' ? 1 : 0);
  return rank(a) - rank(b) || Number(parseCount(a.filledCount) - parseCount(b.filledCount)) || byText(a, b);
}

function preferLocal(a: OrderView, b: OrderView): number {
  return Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || byText(a, b);
}

export const orderFacts = (order: OrderView): Facts => ({
  orderId: order.orderId,
  status: order.status,
  count: order.count,
  yesPrice: order.yesPrice,
  filledCount: order.filledCount,
  remainingCount: order.remainingCount,
  updatedAt: order.updatedAt,
});

const remoteFacts = (order: RemoteOrder): Facts => ({
  orderId: order.orderId,
  status: order.status,
  count: order.count,
  yesPrice: order.yesPrice,
  filledCount: order.filledCount,
  remainingCount: order.remainingCount,
  createdAt: order.createdAt,
});

function differs(local: OrderView, remote: RemoteOrder): boolean {
  return (
    local.orderId !== remote.orderId ||
    local.status !== remote.status ||
    !sameCount(local.count, remote.count) ||
    !samePrice(local.yesPrice, remote.yesPrice) ||
    !sameCount(local.filledCount, remote.filledCount) ||
    !sameCount(local.remainingCount, remote.remainingCount)
  );
}

/** The local order with the exchange's state (O3). */
export function adoptState(local: OrderView, remote: RemoteOrder, at: string): OrderView {
  return {
    ...local,
    orderId: remote.orderId,
    bookSide: remote.bookSide,
    yesPrice: remote.yesPrice,
    price: priceOfSide(local.side, remote.yesPrice),
    count: remote.count,
    filledCount: remote.filledCount,
    remainingCount: remote.remainingCount,
    status: remote.status,
    fillCost: remote.fillCost,
    fees: remote.fees,
    lastUpdateReason: remote.lastUpdateReason ?? 'reconciliation',
    updatedAt: at,
  };
}

/** The agent an unknown order belongs to, read from its client order id (O2). */
export function agentOfClientOrderId(clientOrderId: string | null, knownAgents: ReadonlySet<string>): string | null {
  const match = clientOrderId === null ? null : AGENT_CLIENT_ORDER_ID.exec(clientOrderId);
  return match?.[1] !== undefined && knownAgents.has(match[1]) ? match[1] : null;
}

/** An order we never recorded, as the exchange describes it (a bid buys YES, an ask buys NO). */
export function orderFromRemote(remote: RemoteOrder, knownAgents: ReadonlySet<string>, at: string): OrderView {
  const side = remote.bookSide === 'bid' ? 'yes' : 'no';
  const clientOrderId = remote.clientOrderId !== null && CLIENT_ORDER_ID.test(remote.clientOrderId) ? remote.clientOrderId : `exchange-${remote.orderId}`.slice(0, 64);
  return {
    clientOrderId,
    orderId: remote.orderId,
    agentId: agentOfClientOrderId(remote.clientOrderId, knownAgents),
    intentId: null,
    marketTicker: remote.marketTicker,
    action: 'buy',
    side,
    bookSide: remote.bookSide,
    yesPrice: remote.yesPrice,
    price: priceOfSide(side, remote.yesPrice),
    count: remote.count,
    filledCount: remote.filledCount,
    remainingCount: remote.remainingCount,
    status: remote.status,
    timeInForce: 'good_till_canceled',
    postOnly: false,
    reduceOnly: false,
    paper: false,
    fillCost: remote.fillCost,
    fees: remote.fees,
    lastUpdateReason: remote.lastUpdateReason ?? 'reconciliation',
    errorCode: null,
    createdAt: remote.createdAt ?? at,
    updatedAt: at,
  };
}

/** A local open order the exchange does not know (O4). */
function gone(local: OrderView, at: string): OrderView {
  return {
    ...local,
    status: local.orderId === null ? 'failed' : 'canceled',
    remainingCount: '0.00',
    errorCode: local.orderId === null ? 'NOT_FOUND' : local.errorCode,
    lastUpdateReason: 'reconciliation: not at the exchange',
    updatedAt: at,
  };
}

export function diffOrders(input: OrderDiffInput): Discrepancy[] {
  const knownAgents = new Set(input.knownAgents);
  const local = uniqueBy(
    input.local.filter((order) => !order.paper),
    (order) => order.clientOrderId,
    preferLocal,
  );
  const byOrderId = new Map<string, OrderView>();
  for (const order of local.values()) if (order.orderId !== null) byOrderId.set(order.orderId, order);
  const remote = uniqueBy([...input.remoteResting, ...input.remoteLookups], (order) => order.orderId, preferRemote);

  const discrepancies: Discrepancy[] = [];
  const matched = new Set<string>();
  for (const order of sortedValues(remote)) {
    const byClientId = order.clientOrderId === null ? undefined : local.get(order.clientOrderId);
    const mine = byOrderId.get(order.orderId) ?? (byClientId && byClientId.orderId === null ? byClientId : undefined);
    const identity = { marketTicker: order.marketTicker, orderId: order.orderId };
    if (!mine) {
      if (order.status !== 'resting' || !isBefore(order.createdAt, input.inFlightSince)) continue;
      const candidate = orderFromRemote(order, knownAgents, input.at);
      // A client id that names another local order is never overwritten: the stranger is kept under its exchange id.
      const adopted = local.has(candidate.clientOrderId) ? { ...candidate, clientOrderId: `exchange-${order.orderId}`.slice(0, 64) } : candidate;
      discrepancies.push({ kind: 'unknown-order', ...identity, clientOrderId: adopted.clientOrderId, local: null, remote: remoteFacts(order), resolution: 'flagged', repair: { event: 'order.updated', order: adopted } });
      continue;
    }
    matched.add(mine.clientOrderId);
    if (!isBefore(mine.updatedAt, input.inFlightSince) || !differs(mine, order)) continue;
    discrepancies.push({
      kind: 'order-mismatch',
      ...identity,
      clientOrderId: mine.clientOrderId,
      local: orderFacts(mine),
      remote: remoteFacts(order),
      resolution: 'adopted-exchange-state',
      repair: { event: 'order.updated', order: adoptState(mine, order, input.at) },
    });
  }
  for (const order of sortedValues(local)) {
    if (matched.has(order.clientOrderId) || !OPEN.has(order.status) || !isBefore(order.updatedAt, input.inFlightSince)) continue;
    discrepancies.push({
      kind: 'missing-order',
      marketTicker: order.marketTicker,
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      local: orderFacts(order),
      remote: null,
      resolution: 'adopted-exchange-state',
      repair: { event: 'order.updated', order: gone(order, input.at) },
    });
  }
  return discrepancies.sort(compareDiscrepancies);
}
