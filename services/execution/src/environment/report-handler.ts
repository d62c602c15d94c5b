/**
 * The exchange's own reports, as ingest publishes them from the private WebSocket channels
 * (`exchange.fill`, `exchange.order`, `exchange.position`), turned into execution's facts:
 * fills attributed to agents, order progress, and the account's position. Also cancellations
 * (from cancel-all, the kill switch, or a paper market closing) and settlements.
 */
import {
  type EventOf,
  type ExchangeFillReceived,
  type ExchangeOrderChanged,
  type ExchangePositionChanged,
  type FillRecorded,
  type MarketLifecycleChanged,
  OrderCancelled,
  OrderUpdated,
  PositionUpdated,
  ZERO_CENTIS,
  ZERO_MICROS,
  formatDollars,
  parseCount,
  parseDollars,
} from '@polly/contracts';
import type { Logger } from '@polly/runtime';
import { marketValue } from '../domain/accounting';
import { type OrderProgress, isClosed, mergeProgress } from '../domain/order-lifecycle';
import { toExchangeDirection } from '../domain/order-mapping';
import type { MarketStates } from '../store/market-states';
import type { OrderRecord, OrderStore } from '../store/order-store';
import type { PositionStore } from '../store/position-store';
import type { BalanceReporter } from './balance-reporter';
import type { FillProcessor } from './fill-processor';
import type { PnlReporter } from './pnl-reporter';
import type { Causation, Publisher } from './publisher';

export interface ReportHandlerOptions {
  orders: OrderStore;
  positions: PositionStore;
  fills: FillProcessor;
  pnl: PnlReporter;
  balance: BalanceReporter;
  markets: MarketStates;
  publisher: Publisher;
  logger: Logger;
  /** Counts reports about orders this environment never placed. */
  onUnknownOrder: (kind: string) => void;
}

const causeOf = (event: { id: string; correlationId: string }): Causation => ({ correlationId: event.correlationId, causationId: event.id });
const timeOf = (exchangeTimestampMs: number | null, fallback: string): string => (exchangeTimestampMs === null ? fallback : new Date(exchangeTimestampMs).toISOString());

const statusOf = (status: string): OrderProgress['status'] => (status === 'resting' || status === 'executed' || status === 'canceled' ? status : undefined);

export class ReportHandler {
  constructor(private readonly options: ReportHandlerOptions) {}

  async onFill(event: EventOf<typeof ExchangeFillReceived>): Promise<void> {
    const { data } = event;
    const result = await this.options.fills.record(
      {
        tradeId: data.tradeId,
        orderId: data.orderId,
        clientOrderId: data.clientOrderId,
        marketTicker: data.marketTicker,
        bookSide: data.bookSide,
        yesPrice: parseDollars(data.yesPrice),
        count: parseCount(data.count),
        fee: parseDollars(data.fee),
        isTaker: data.isTaker,
        filledAt: timeOf(data.exchangeTimestampMs, event.occurredAt),
        source: 'exchange',
      },
      causeOf(event),
    );
    if (result.record === null) this.options.onUnknownOrder('fill');
  }

  private async find(clientOrderId: string | null, orderId: string): Promise<OrderRecord | null> {
    const id = clientOrderId ?? this.options.orders.clientOrderIdOf(orderId);
    return id === undefined ? null : this.options.orders.get(id);
  }

  async onOrder(event: EventOf<typeof ExchangeOrderChanged>): Promise<void> {
    const { data } = event;
    const record = await this.find(data.clientOrderId, data.orderId);
    if (record === null) {
      this.options.onUnknownOrder('order');
      return;
    }
    const status = statusOf(data.status);
    await this.applyProgress(
      record.order.clientOrderId,
      {
        orderId: data.orderId,
        ...(status ? { status } : {}),
        filledCount: parseCount(data.fillCount),
        remainingCount: parseCount(data.remainingCount),
        fees: parseDollars(data.fees),
        fillCost: parseDollars(data.fillCost),
        lastUpdateReason: data.lastUpdateReason,
      },
      timeOf(data.exchangeTimestampMs, event.occurredAt),
      { id: this.options.publisher.id('order', record.order.clientOrderId, 'report', event.id), cause: causeOf(event), reason: data.lastUpdateReason ?? 'canceled by the exchange' },
    );
  }

  /**
   * Merge progress into an order and publish `order.cancelled` when it closed unfilled, else
   * `order.updated` — or nothing, for progress that is itself on the bus (a repair).
   */
  async applyProgress(clientOrderId: string, progress: OrderProgress, at: string, publication: { id: string; cause: Causation; reason: string } | null): Promise<OrderRecord | null> {
    const { publisher } = this.options;
    const { record } = await this.options.orders.change(
      clientOrderId,
      (current) => {
        const order = mergeProgress(current.order, progress, at);
        if (order === current.order) return current;
        return { ...current, order, phase: current.phase === 'placed' && isClosed(order.status) ? 'final' : current.phase };
      },
      async (next, previous) => {
        if (publication === null) return;
        const cancelledNow = next.order.status === 'canceled' && previous?.order.status !== 'canceled';
        if (cancelledNow) await publisher.publish(OrderCancelled, { order: next.order, reason: publication.reason }, { id: publication.id, cause: publication.cause });
        else await publisher.publish(OrderUpdated, { order: next.order, cause: 'user-order-channel' }, { id: publication.id, cause: publication.cause });
      },
    );
    return record;
  }

  /** Close an order we cancelled (cancel-all, the kill switch, a closed paper market). */
  async cancelled(record: OrderRecord, reason: string, cause: Causation): Promise<void> {
    await this.applyProgress(record.order.clientOrderId, { status: 'canceled', remainingCount: ZERO_CENTIS, lastUpdateReason: reason }, new Date().toISOString(), {
      id: this.options.publisher.id('order', record.order.clientOrderId, 'cancelled'),
      cause,
      reason,
    });
  }

  /**
   * Reconciliation's repairs (`fill.recorded` source `reconciliation`, `order.updated` cause
   * `reconciliation`) are facts about our orders too: they go into the order records and the
   * agents' positions, so execution's accounting agrees with the read models it repaired.
   */
  async onRepair(event: EventOf<typeof FillRecorded> | EventOf<typeof OrderUpdated>): Promise<void> {
    if (event.type === 'fill.recorded') {
      const { data } = event;
      if (data.source !== 'reconciliation') return;
      const { bookSide } = toExchangeDirection(data.action, data.side, parseDollars(data.price));
      await this.options.fills.record(
        {
          tradeId: data.fillId,
          orderId: data.orderId,
          clientOrderId: data.clientOrderId,
          marketTicker: data.marketTicker,
          bookSide,
          yesPrice: parseDollars(data.yesPrice),
          count: parseCount(data.count),
          fee: parseDollars(data.fee),
          isTaker: data.isTaker,
          filledAt: data.filledAt,
          source: 'exchange',
        },
        causeOf(event),
        false,
      );
      return;
    }
    const { order, cause } = event.data;
    if (cause !== 'reconciliation' || event.source === 'execution') return;
    const record = await this.find(order.clientOrderId, order.orderId ?? '');
    if (record === null) return;
    const status = statusOf(order.status);
    await this.applyProgress(
      record.order.clientOrderId,
      {
        ...(order.orderId ? { orderId: order.orderId } : {}),
        ...(status ? { status } : {}),
        filledCount: parseCount(order.filledCount),
        remainingCount: parseCount(order.remainingCount),
        fees: parseDollars(order.fees),
        fillCost: parseDollars(order.fillCost),
        lastUpdateReason: order.lastUpdateReason,
      },
      event.occurredAt,
      null,
    );
  }

  async onPosition(event: EventOf<typeof ExchangePositionChanged>): Promise<void> {
    const { data } = event;
    const mark = await this.options.markets.mark(data.marketTicker);
    const position = parseCount(data.position);
    const cost = parseDollars(data.positionCost);
    const state = { position, costBasis: cost, realizedPnl: parseDollars(data.realizedPnl), feesPaid: parseDollars(data.feesPaid), cashFlow: ZERO_MICROS, fills: 0, wins: 0, losses: 0 };
    await this.options.publisher.publish(
      PositionUpdated,
      {
        marketTicker: data.marketTicker,
        agentId: null,
        position: data.position,
        costBasis: data.positionCost,
        realizedPnl: data.realizedPnl,
        feesPaid: data.feesPaid,
        markPrice: mark === null ? null : formatDollars(mark),
        unrealizedPnl: mark === null ? null : formatDollars(marketValue(state, mark) - cost),
        source: 'exchange',
      },
      { id: this.options.publisher.id('account-position', event.id), cause: causeOf(event) },
    );
  }

  /** A market determined or settled with a value: every holder's position closes at it. */
  async onLifecycle(event: EventOf<typeof MarketLifecycleChanged>): Promise<string[]> {
    const { data } = event;
    if ((data.eventType !== 'determined' && data.eventType !== 'settled') || data.settlementValue === null) return [];
    const changed = await this.options.positions.settle(data.marketTicker, parseDollars(data.settlementValue), event.occurredAt);
    for (const record of changed) {
      await this.options.pnl.publishPosition(record, 'settlement', this.options.publisher.id('position', 'settlement', data.marketTicker, record.agentId ?? 'none'), causeOf(event));
    }
    if (changed.length > 0) {
      await this.options.pnl.publish(changed.map((record) => record.agentId), `settlement:${data.marketTicker}`, causeOf(event));
      this.options.balance.request();
    }
    return changed.map((record) => record.agentId ?? '');
  }
}
