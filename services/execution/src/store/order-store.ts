/**
 * The orders execution has seen, in the KV bucket `execution-orders-{environment}`, keyed by
 * client order id. Claiming an id is an atomic `create`, so an id is used once, across restarts.
 * A record carries the intent (to resume an order a crash interrupted), the order's current view,
 * and the fills applied to it (trade ids, so a redelivered fill is never counted twice).
 *
 * Phases: `submitting` (claimed; the exchange may or may not have it), `placed` (the exchange or
 * the paper book holds it), `final` (closed: executed, canceled, rejected or failed).
 * Open orders are also kept in memory, by client order id and by exchange order id, for fills
 * that name only the order id.
 */
import type { Bus } from '@polly/bus';
import { CountText, DollarsText, type Environment, OrderView, Timestamp, TradeIntent, parseCount } from '@polly/contracts';
import { z } from 'zod';
import { isClosed } from '../domain/order-lifecycle';
import { kvToken } from './keys';
import { RecordBucket, type Stored } from './record-bucket';

export const OrderRecord = z.object({
  phase: z.enum(['submitting', 'placed', 'final']),
  intent: TradeIntent,
  approval: z.object({ eventId: z.string(), correlationId: z.string(), approvedAt: Timestamp }),
  order: OrderView,
  /** Exchange requests sent for this order so far. */
  attempts: z.number().int().nonnegative(),
  applied: z.object({ tradeIds: z.array(z.string()), count: CountText, cost: DollarsText, fees: DollarsText }),
  /** Paper: the taker fill of the placement, written with the acceptance so a crash cannot lose it. */
  paperTaker: z.object({ yesPrice: DollarsText, count: CountText, at: Timestamp }).nullable().optional(),
});
export type OrderRecord = z.infer<typeof OrderRecord>;

export const ordersBucket = (environment: Environment): string => `execution-orders-${environment}`;

/** Closed, and every fill the exchange reported for it is applied. */
const settled = (record: OrderRecord): boolean =>
  record.phase === 'final' && isClosed(record.order.status) && parseCount(record.applied.count) >= parseCount(record.order.filledCount);

const RECENT_ORDER_IDS = 20_000;

export class OrderStore {
  private readonly open = new Map<string, OrderRecord>();
  private readonly byOrderId = new Map<string, string>();

  constructor(private readonly bucket: RecordBucket<OrderRecord>) {}

  static async open(bus: Bus, environment: Environment): Promise<OrderStore> {
    const kv = await bus.bucketKeyValue(ordersBucket(environment), { history: 1 });
    return new OrderStore(new RecordBucket(kv, OrderRecord));
  }

  private remember(record: OrderRecord): void {
    const id = record.order.clientOrderId;
    if (settled(record)) this.open.delete(id);
    else this.open.set(id, record);
    if (record.order.orderId !== null && !this.byOrderId.has(record.order.orderId)) {
      this.byOrderId.set(record.order.orderId, id);
      // Late fills of recently closed orders still find their order; older ids are forgotten.
      if (this.byOrderId.size > RECENT_ORDER_IDS) this.byOrderId.delete(this.byOrderId.keys().next().value as string);
    }
  }

  /** Claim a client order id. When it was claimed before, the stored record instead. */
  async claim(record: OrderRecord): Promise<{ created: true } | { created: false; existing: OrderRecord }> {
    const result = await this.bucket.create(kvToken(record.order.clientOrderId), record);
    if (!result.created) return { created: false, existing: result.existing.value };
    this.remember(record);
    return { created: true };
  }

  async get(clientOrderId: string): Promise<OrderRecord | null> {
    return (await this.bucket.get(kvToken(clientOrderId)))?.value ?? null;
  }

  /** The client order id of an exchange order id this process has seen. */
  clientOrderIdOf(orderId: string): string | undefined {
    return this.byOrderId.get(orderId);
  }

  /** Change a record with compare-and-set; `change` returns the same record to write nothing; `beforeWrite` publishes. */
  async change(
    clientOrderId: string,
    change: (record: OrderRecord) => OrderRecord,
    beforeWrite?: (next: OrderRecord, previous: OrderRecord | null) => Promise<void>,
  ): Promise<{ record: OrderRecord | null; changed: boolean }> {
    const result = await this.bucket.change(kvToken(clientOrderId), (current) => (current === null ? null : change(current)), beforeWrite);
    if (result.value) this.remember(result.value);
    return { record: result.value, changed: result.changed };
  }

  /** Open orders in memory (not closed, or closed with fills still to apply). */
  openOrders(): OrderRecord[] {
    return [...this.open.values()];
  }

  /** Load every unsettled record into memory (at start); returns them. */
  async load(onInvalid: (key: string, error: Error) => void): Promise<OrderRecord[]> {
    for await (const { value } of this.bucket.entries(onInvalid)) {
      if (value.order.orderId !== null) this.byOrderId.set(value.order.orderId, value.order.clientOrderId);
      if (!settled(value)) this.open.set(value.order.clientOrderId, value);
    }
    return this.openOrders();
  }
}

export type { Stored };
