/**
 * From `intent.approved` to an order: claim the client order id (atomic, in KV), validate, look at
 * the kill switch, publish `order.submitted`, place the order (at the exchange, or in the paper
 * book), then publish `order.accepted`, `order.rejected` or `order.failed`.
 *
 * The approved intent is acknowledged once its claim is stored: from then on the claim guarantees
 * the order is driven to an outcome — by this process, or after a crash by the next one, which
 * resumes every claim still `submitting` with the same client order id (a 409 then means the
 * order landed, and it is adopted). A redelivered intent whose claim is `submitting` is resumed
 * the same way; any other reuse of a client order id is denied `DUPLICATE_CLIENT_ORDER_ID`.
 */
import {
  type DenialCode,
  type EventOf,
  type IntentApproved,
  IntentDenied,
  OrderAccepted,
  OrderFailed,
  OrderRejected,
  OrderSubmitted,
  ZERO_CENTIS,
  formatCount,
  formatDollars,
  parseCount,
} from '@polly/contracts';
import type { IdentifiedOrder } from '@polly/kalshi';
import type { Logger } from '@polly/runtime';
import { type OrderProgress, isClosed, mergeProgress, progressOfCreate, withOutcome } from '../domain/order-lifecycle';
import { initialOrderView } from '../domain/order-mapping';
import { type MarketFacts, validateIntent } from '../domain/validation';
import type { OrderSender, SendOutcome } from '../exchange/order-sender';
import type { PaperBook } from '../paper/paper-book';
import type { MarketCatalog } from '../store/market-catalog';
import type { MarketStates } from '../store/market-states';
import type { OrderRecord, OrderStore } from '../store/order-store';
import type { Causation, Publisher } from './publisher';

export interface IntentHandlerOptions {
  mode: 'live' | 'paper';
  orders: OrderStore;
  catalog: MarketCatalog;
  markets: MarketStates;
  sender: OrderSender;
  paper: PaperBook;
  publisher: Publisher;
  /** Why nothing may be sent now (kill switch, keys), or null. */
  refusal: () => { code: DenialCode; message: string } | null;
  /** A 401: the key was refused; trading halts. */
  onUnauthorized: (message: string) => Promise<void>;
  maxIntentAgeMs: number;
  logger: Logger;
  /** Counts an outcome; `approvedAt` (ISO) times it from the approval. */
  observe: (outcome: string, code: string | null, approvedAt: string | null) => void;
  now: () => number;
}

export function claimOf(event: EventOf<typeof IntentApproved>, paper: boolean, at: string): OrderRecord {
  return {
    phase: 'submitting',
    intent: event.data.intent,
    approval: { eventId: event.id, correlationId: event.correlationId, approvedAt: event.occurredAt },
    order: initialOrderView(event.data.intent, { paper, at }),
    attempts: 0,
    applied: { tradeIds: [], count: '0.00', cost: '0.0000', fees: '0.0000' },
  };
}

const causationOf = (record: OrderRecord): Causation => ({ correlationId: record.approval.correlationId, causationId: record.approval.eventId });

export class IntentHandler {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly options: IntentHandlerOptions) {}

  private at(): string {
    return new Date(this.options.now()).toISOString();
  }

  /** Handle one approved intent; resolves once the claim is durable (the order continues in the background). */
  async onApproved(event: EventOf<typeof IntentApproved>): Promise<void> {
    const record = claimOf(event, this.options.mode === 'paper', this.at());
    // The market is looked up while the claim is written: both are round trips, neither needs the other.
    const market = this.lookUp(record.intent.marketTicker);
    market.catch(() => undefined);
    const claim = await this.options.orders.claim(record);
    if (claim.created) return this.start(record, false, market);
    const { existing } = claim;
    if (existing.intent.intentId !== event.data.intent.intentId) return this.denyDuplicate(event, existing);
    if (existing.phase === 'submitting') this.start(existing, true);
  }

  private async denyDuplicate(event: EventOf<typeof IntentApproved>, existing: OrderRecord): Promise<void> {
    const { intent } = event.data;
    this.options.observe('duplicate', 'DUPLICATE_CLIENT_ORDER_ID', null);
    await this.options.publisher.publish(
      IntentDenied,
      {
        intentId: intent.intentId,
        agentId: intent.agentId,
        clientOrderId: intent.clientOrderId,
        marketTicker: intent.marketTicker,
        code: 'DUPLICATE_CLIENT_ORDER_ID',
        message: `client order id ${intent.clientOrderId} was already used by intent ${existing.intent.intentId}`,
        details: { previousIntentId: existing.intent.intentId, previousStatus: existing.order.status },
      },
      { id: this.options.publisher.id('duplicate', event.id), cause: { correlationId: event.correlationId, causationId: event.id } },
    );
  }

  /** Resume claims a previous process left `submitting`. */
  resume(records: readonly OrderRecord[]): number {
    const waiting = records.filter((record) => record.phase === 'submitting');
    for (const record of waiting) this.start(record, true);
    return waiting.length;
  }

  private start(record: OrderRecord, resubmission: boolean, market?: Promise<MarketFacts | null>): void {
    const id = record.order.clientOrderId;
    if (this.inFlight.has(id)) return;
    const running = this.place(record, resubmission, market ?? this.lookUp(record.intent.marketTicker))
      .catch((error: unknown) => this.options.logger.error({ error: String(error), clientOrderId: id }, 'order handling failed; it resumes at the next start'))
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, running);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Wait for orders in flight (graceful stop). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /**
   * The market's facts, with the cache's (fresher) status over the read model's. A market both
   * call `initialized` may have opened since (the exchange announces no opening): its status is
   * then the exchange's own.
   */
  private async lookUp(ticker: string): Promise<MarketFacts | null> {
    const [facts, cached] = await Promise.all([this.options.catalog.facts(ticker), this.options.markets.status(ticker).catch(() => null)]);
    if (facts === null) return null;
    const status = cached?.status ?? facts.status;
    if (status !== 'initialized') return { ...facts, status };
    const current = await this.options.catalog.exchangeStatus(ticker).catch(() => null);
    return { ...facts, status: current ?? status };
  }

  private async place(record: OrderRecord, resubmission: boolean, lookup: Promise<MarketFacts | null>): Promise<void> {
    const { intent } = record;
    const market = await lookup;
    const validation = validateIntent({ intent, market, approvedAt: record.approval.approvedAt, now: this.options.now(), maxIntentAgeMs: this.options.maxIntentAgeMs });
    if (!validation.ok) return this.conclude(record, 'rejected', validation.code, validation.message, null, 0);
    const refusal = this.options.refusal();
    if (refusal) return this.conclude(record, 'rejected', refusal.code, refusal.message, null, 0);

    const submitted = this.options.publisher
      .publish(OrderSubmitted, { order: record.order }, { id: this.options.publisher.id('order', record.order.clientOrderId, 'submitted'), cause: causationOf(record) })
      .catch((error: unknown) => this.options.logger.warn({ error: String(error) }, 'order.submitted not published'));
    if (this.options.mode === 'paper') {
      await submitted;
      return this.placePaper(record);
    }
    const outcome = await this.options.sender.send(exchangeOrderOf(record), resubmission);
    await submitted;
    return this.settle(record, outcome);
  }

  private async settle(record: OrderRecord, outcome: SendOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'placed': {
        const progress: OrderProgress = outcome.status
          ? { orderId: outcome.orderId, status: outcome.status, filledCount: outcome.fillCount, remainingCount: outcome.remainingCount }
          : progressOfCreate(record.order, { orderId: outcome.orderId, fillCount: outcome.fillCount, remainingCount: outcome.remainingCount });
        await this.accept(record, progress, outcome.attempts);
        return;
      }
      case 'refused': {
        const { failure } = outcome;
        if (failure.haltTrading) await this.options.onUnauthorized(failure.message);
        return this.conclude(record, failure.event, failure.code, failure.message, failure.exchangeCode, outcome.attempts);
      }
      case 'stopped': {
        if (outcome.attempts === 0) return this.conclude(record, 'rejected', outcome.code, outcome.message, null, 0);
        const landed = outcome.mayHaveLanded ? '; an earlier attempt may have reached the exchange (reconciliation will tell)' : '';
        return this.conclude(record, 'failed', outcome.code, `${outcome.message} after ${outcome.attempts} attempt(s)${landed}`, null, outcome.attempts);
      }
    }
  }

  private async placePaper(record: OrderRecord): Promise<void> {
    const placement = await this.options.paper.place(record);
    if (placement.kind === 'rejected') return this.conclude(record, 'rejected', placement.code, placement.message, placement.exchangeCode, 0);
    const { fill } = placement;
    const at = this.at();
    const accepted = await this.accept(
      record,
      { orderId: placement.orderId, status: placement.status, filledCount: fill?.count ?? ZERO_CENTIS, remainingCount: placement.status === 'resting' ? placement.remaining : ZERO_CENTIS },
      0,
      fill ? { yesPrice: formatDollars(fill.yesPrice), count: formatCount(fill.count), at } : null,
    );
    if (accepted) await this.options.paper.fillTaker(accepted);
    if (placement.status === 'resting') await this.options.paper.track([record.order.marketTicker]);
  }

  private async accept(record: OrderRecord, progress: OrderProgress, attempts: number, paperTaker: OrderRecord['paperTaker'] = null): Promise<OrderRecord | null> {
    const at = this.at();
    const { publisher } = this.options;
    const { record: accepted } = await this.options.orders.change(
      record.order.clientOrderId,
      (current) => {
        const order = mergeProgress(current.order, progress, at);
        return { ...current, order, attempts: Math.max(current.attempts, attempts), phase: isClosed(order.status) ? 'final' : 'placed', ...(paperTaker ? { paperTaker } : {}) };
      },
      (next) => publisher.publish(OrderAccepted, { order: next.order }, { id: publisher.id('order', next.order.clientOrderId, 'accepted'), cause: causationOf(next) }),
    );
    this.options.observe('accepted', null, record.approval.approvedAt);
    return accepted;
  }

  private async conclude(record: OrderRecord, kind: 'rejected' | 'failed', code: DenialCode, message: string, exchangeCode: string | null, attempts: number): Promise<void> {
    const at = this.at();
    const { publisher } = this.options;
    this.options.observe(kind, code, record.approval.approvedAt);
    await this.options.orders.change(
      record.order.clientOrderId,
      (current) => {
        // A report may already have shown the order at the exchange: then it stands.
        const order = current.order.status === 'submitted' ? withOutcome(current.order, kind, code, at) : current.order;
        return { ...current, order, attempts: Math.max(current.attempts, attempts), phase: 'final' };
      },
      async (next) => {
        const { order } = next;
        const cause = causationOf(next);
        const id = (outcome: string) => publisher.id('order', order.clientOrderId, outcome);
        if (order.status === 'rejected') await publisher.publish(OrderRejected, { order, code, message, exchangeCode }, { id: id('rejected'), cause });
        else if (order.status === 'failed') await publisher.publish(OrderFailed, { order, code, message, attempts: next.attempts }, { id: id('failed'), cause });
        else await publisher.publish(OrderAccepted, { order }, { id: id('accepted'), cause });
      },
    );
  }
}

/** The V2 request of a claimed order: side, YES price, count, time in force; self-trade: the taker is cancelled. */
export function exchangeOrderOf(record: OrderRecord): IdentifiedOrder {
  const { order } = record;
  return {
    ticker: order.marketTicker,
    client_order_id: order.clientOrderId,
    side: order.bookSide,
    price: order.yesPrice,
    count: formatCount(parseCount(order.count)),
    time_in_force: order.timeInForce,
    self_trade_prevention_type: 'taker_at_cross',
    post_only: order.postOnly,
    reduce_only: order.reduceOnly,
  };
}
