/**
 * Fills: the exchange's fills in the window the cycle fetched against the fill ids we recorded.
 * Fill ids are the exchange's (`fill_id`, equal to `trade_id`), the id execution records too.
 *
 * Invariants:
 *   F1. Every remote fill whose id we have not recorded is one `missing-fill`, repaired by a
 *       `fill.recorded` with source `reconciliation` (the projector inserts a fill id once, so
 *       a fill that execution records meanwhile is not counted twice).
 *   F2. A missing fill is attributed to the agent, client order id and outcome terms of the local
 *       order with its exchange order id, or, for a local order that never learnt its exchange id
 *       (execution died while the order was in flight), of the local order whose client order id
 *       the exchange's order carries; without either it is an unattributed buy of the side its
 *       book side buys (a bid buys YES, an ask buys NO), as execution records unknown fills.
 *   F3. A local fill the exchange did not list is not a discrepancy: the listing is a window.
 *   F4. Fills at or after `inFlightSince` are left for the next cycle.
 *   F5. Shuffled or duplicated inputs give the same result; recording every repair's fill id
 *       and diffing again gives no discrepancy.
 */
import { type EventData, type FillRecorded, type OrderView, complement, formatDollars, parseDollars } from '@polly/contracts';
import { type Discrepancy, type RemoteFill, type RemoteOrder, byText, compareDiscrepancies, sortedValues, uniqueBy } from './model';

export interface FillDiffInput {
  localFillIds: readonly string[];
  remoteFills: readonly RemoteFill[];
  /** Local orders, to attribute fills by exchange order id. */
  localOrders: readonly OrderView[];
  /** The exchange's orders the cycle read, to join a fill to a local order that has no exchange id yet by client order id. */
  remoteOrders?: readonly RemoteOrder[];
  inFlightSince: number;
}

export function fillFromRemote(fill: RemoteFill, order: OrderView | undefined): EventData<typeof FillRecorded> {
  const side = order?.side ?? (fill.bookSide === 'bid' ? 'yes' : 'no');
  return {
    fillId: fill.fillId,
    orderId: fill.orderId,
    clientOrderId: order?.clientOrderId ?? null,
    agentId: order?.agentId ?? null,
    marketTicker: fill.marketTicker,
    action: order?.action ?? 'buy',
    side,
    yesPrice: fill.yesPrice,
    price: side === 'yes' ? fill.yesPrice : formatDollars(complement(parseDollars(fill.yesPrice))),
    count: fill.count,
    isTaker: fill.isTaker,
    fee: fill.fee,
    filledAt: fill.filledAt,
    paper: false,
    source: 'reconciliation',
  };
}

export function diffFills(input: FillDiffInput): Discrepancy[] {
  const recorded = new Set(input.localFillIds);
  const newest = (a: OrderView, b: OrderView) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || byText(a, b);
  const orders = uniqueBy(
    input.localOrders.filter((order) => order.orderId !== null && !order.paper),
    (order) => order.orderId as string,
    newest,
  );
  const withoutExchangeId = uniqueBy(
    input.localOrders.filter((order) => order.orderId === null && !order.paper),
    (order) => order.clientOrderId,
    newest,
  );
  const clientIdOf = new Map<string, string>();
  for (const order of input.remoteOrders ?? []) if (order.clientOrderId !== null) clientIdOf.set(order.orderId, order.clientOrderId);
  const localOrderOf = (orderId: string): OrderView | undefined => {
    const clientOrderId = clientIdOf.get(orderId);
    return orders.get(orderId) ?? (clientOrderId === undefined ? undefined : withoutExchangeId.get(clientOrderId));
  };
  const remote = uniqueBy(input.remoteFills, (fill) => fill.fillId, byText);
  const discrepancies: Discrepancy[] = [];
  for (const fill of sortedValues(remote)) {
    if (recorded.has(fill.fillId) || Date.parse(fill.filledAt) >= input.inFlightSince) continue;
    const repair = fillFromRemote(fill, localOrderOf(fill.orderId));
    discrepancies.push({
      kind: 'missing-fill',
      marketTicker: fill.marketTicker,
      orderId: fill.orderId,
      clientOrderId: repair.clientOrderId,
      local: null,
      remote: { fillId: fill.fillId, bookSide: fill.bookSide, yesPrice: fill.yesPrice, count: fill.count, fee: fill.fee, filledAt: fill.filledAt },
      resolution: 'adopted-exchange-state',
      repair: { event: 'fill.recorded', fill: repair },
    });
  }
  return discrepancies.sort(compareDiscrepancies);
}
