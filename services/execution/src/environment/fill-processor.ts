/**
 * One path for every fill, from the exchange's fill channel or the paper fill model: attribute it
 * to its agent through the client order id, add it to the order, the agent's position and the
 * P/L, and publish `fill.recorded`, `order.updated`, `position.updated` and `pnl.recorded`.
 * Each store applies a trade id once, and every event id derives from the trade id, so a
 * redelivered fill changes nothing and publishes nothing new.
 */
import {
  type BookSide,
  type Centis,
  FillRecorded,
  type Micros,
  type OrderAction,
  OrderUpdated,
  type OutcomeSide,
  complement,
  formatCount,
  formatDollars,
  notional,
  parseCount,
  parseDollars,
} from '@polly/contracts';
import { isClosed, mergeProgress, progressOfFills } from '../domain/order-lifecycle';
import { outcomeOfBookSide, sidePrice } from '../domain/order-mapping';
import type { OrderRecord, OrderStore } from '../store/order-store';
import type { PositionStore } from '../store/position-store';
import type { BalanceReporter } from './balance-reporter';
import type { PnlReporter } from './pnl-reporter';
import type { Causation, Publisher } from './publisher';

export interface NormalizedFill {
  tradeId: string;
  orderId: string | null;
  clientOrderId: string | null;
  marketTicker: string;
  bookSide: BookSide;
  yesPrice: Micros;
  count: Centis;
  fee: Micros;
  isTaker: boolean;
  filledAt: string;
  source: 'exchange' | 'paper';
}

export interface FillProcessorOptions {
  orders: OrderStore;
  positions: PositionStore;
  pnl: PnlReporter;
  balance: BalanceReporter;
  publisher: Publisher;
}

/** What the order paid for the leg it bought: the YES price for a bid, the NO price for an ask. */
const legCost = (bookSide: BookSide, yesPrice: Micros, count: Centis): Micros =>
  notional(bookSide === 'bid' ? yesPrice : complement(yesPrice), count, 'ceil');

export function withFillApplied(record: OrderRecord, fill: NormalizedFill, at: string): OrderRecord {
  if (record.applied.tradeIds.includes(fill.tradeId)) return record;
  const applied = {
    count: (parseCount(record.applied.count) + fill.count) as Centis,
    cost: (parseDollars(record.applied.cost) + legCost(fill.bookSide, fill.yesPrice, fill.count)) as Micros,
    fees: (parseDollars(record.applied.fees) + fill.fee) as Micros,
  };
  const order = mergeProgress(record.order, progressOfFills(record.order, applied), at);
  return {
    ...record,
    order,
    phase: record.phase === 'placed' && isClosed(order.status) ? 'final' : record.phase,
    applied: { tradeIds: [...record.applied.tradeIds, fill.tradeId], count: formatCount(applied.count), cost: formatDollars(applied.cost), fees: formatDollars(applied.fees) },
  };
}

export class FillProcessor {
  constructor(private readonly options: FillProcessorOptions) {}

  /**
   * Record one fill. `announce: false` for a fill already on the bus (a reconciliation repair):
   * it updates the order, the position and the P/L without publishing `fill.recorded` again.
   */
  async record(fill: NormalizedFill, cause: Causation, announce = true): Promise<{ agentId: string | null; record: OrderRecord | null }> {
    const { orders, positions, pnl, balance, publisher } = this.options;
    const clientOrderId = fill.clientOrderId ?? (fill.orderId === null ? undefined : orders.clientOrderIdOf(fill.orderId));
    const known = clientOrderId === undefined ? null : await orders.get(clientOrderId);
    const at = fill.filledAt;
    const changed =
      known === null
        ? null
        : await orders.change(
            known.order.clientOrderId,
            (record) => withFillApplied(record, fill, at),
            (next) =>
              publisher.publish(
                OrderUpdated,
                { order: next.order, cause: fill.source === 'paper' ? 'paper' : 'fill' },
                { id: publisher.id('order', next.order.clientOrderId, 'fill', fill.tradeId), cause },
              ),
          );
    const record = changed?.record ?? null;
    const agentId = record?.intent.agentId ?? null;
    const outcome = record ? { action: record.intent.action, side: record.intent.side } : outcomeOfBookSide(fill.bookSide);

    const position = await positions.applyFill(agentId, fill.marketTicker, fill.tradeId, { bookSide: fill.bookSide, yesPrice: fill.yesPrice, count: fill.count, fee: fill.fee }, at);

    if (announce) await this.announce(fill, record, agentId, outcome, cause);
    if (position.record) {
      await pnl.publishPosition(position.record, fill.source === 'paper' ? 'paper' : 'fills', publisher.id('position', fill.tradeId), cause);
    }
    await pnl.publish([agentId], fill.tradeId, cause);
    balance.request();
    return { agentId, record };
  }

  private async announce(fill: NormalizedFill, record: OrderRecord | null, agentId: string | null, outcome: { action: OrderAction; side: OutcomeSide }, cause: Causation): Promise<void> {
    const { publisher } = this.options;
    await publisher.publish(
      FillRecorded,
      {
        fillId: fill.tradeId,
        orderId: fill.orderId ?? record?.order.orderId ?? null,
        clientOrderId: record?.order.clientOrderId ?? null,
        agentId,
        marketTicker: fill.marketTicker,
        action: outcome.action,
        side: outcome.side,
        yesPrice: formatDollars(fill.yesPrice),
        price: formatDollars(sidePrice(outcome.side, fill.yesPrice)),
        count: formatCount(fill.count),
        isTaker: fill.isTaker,
        fee: formatDollars(fill.fee),
        filledAt: fill.filledAt,
        paper: fill.source === 'paper',
        source: fill.source,
      },
      { id: publisher.id('fill', fill.tradeId), cause },
    );
  }
}
