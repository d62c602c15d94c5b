/**
 * Places one order at the exchange, applying the retry table attempt by attempt, with the kill
 * switch looked at immediately before each attempt (including retries). Every attempt carries the
 * same client order id, so the exchange never holds two orders for one intent.
 *
 * Recovery: when an attempt may have landed without an answer (timeout, dropped connection, 5xx,
 * unreadable 2xx), or when this is a resubmission after a restart, a later 409 "order already
 * exists" means the order is there: it is looked up by client order id and adopted.
 */
import { type Centis, parseCount } from '@polly/contracts';
import { type IdentifiedOrder, type KalshiError, type KalshiResult, type Order, type PlacedOrder, type RetryTable, decideRetry } from '@polly/kalshi';
import { type FinalFailure, failureClassOf, finalFailure, mayHaveLanded } from '../domain/failures';
import type { ExchangeSession } from './exchange-session';
import type { WritePermits } from './write-permits';

export type SendOutcome =
  | { kind: 'placed'; orderId: string; fillCount: Centis; remainingCount: Centis; status: Order['status'] | null; attempts: number; recovered: boolean }
  | { kind: 'refused'; failure: FinalFailure; attempts: number }
  | { kind: 'stopped'; code: FinalFailure['code']; message: string; attempts: number; mayHaveLanded: boolean };

type Attempt =
  | { sent: false; refusal: { code: FinalFailure['code']; message: string } }
  | { sent: true; result: KalshiResult<PlacedOrder> };

export interface OrderSenderOptions {
  session: ExchangeSession;
  permits: WritePermits;
  /** Why nothing may be sent now (the kill switch, keys missing), or null. */
  refusal: () => { code: FinalFailure['code']; message: string } | null;
  retryTable: RetryTable;
  sleep: (milliseconds: number) => Promise<void>;
  onAttempt?: (attempt: number) => void;
}

/** Run a read (or cancel) with the retry table; no kill switch: these never open risk. */
export async function withRetries<T>(call: () => Promise<KalshiResult<T>>, table: RetryTable, sleep: (milliseconds: number) => Promise<void>): Promise<KalshiResult<T>> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await call();
    if (result.ok) return result;
    const decision = decideRetry(failureClassOf(result.error), attempt, table);
    if (decision.action === 'stop') return { ok: false, error: { ...result.error, attempts: attempt } };
    await sleep(decision.delayMs);
  }
}

export class OrderSender {
  constructor(private readonly options: OrderSenderOptions) {}

  async send(order: IdentifiedOrder, resubmission: boolean): Promise<SendOutcome> {
    const { permits, session, retryTable, sleep } = this.options;
    let attempts = 0;
    let landed = resubmission;
    for (;;) {
      const attempt = await permits.run(session.client.limits.defaultCost, async (): Promise<Attempt> => {
        const refusal = this.options.refusal();
        if (refusal) return { sent: false, refusal };
        attempts += 1;
        this.options.onAttempt?.(attempts);
        return { sent: true, result: await session.client.createOrder(order) };
      });
      if (!attempt.sent) return { kind: 'stopped', ...attempt.refusal, attempts, mayHaveLanded: landed && attempts > 0 };
      const { result } = attempt;
      if (result.ok) {
        const { value } = result;
        return {
          kind: 'placed',
          orderId: value.order_id,
          fillCount: parseCount(value.fill_count),
          remainingCount: parseCount(value.remaining_count),
          status: null,
          attempts,
          recovered: value.recovered,
        };
      }
      const error: KalshiError = { ...result.error, attempts };
      if (error.status === 409 && landed) {
        const found = await this.find(order.ticker, order.client_order_id);
        if (found) {
          return {
            kind: 'placed',
            orderId: found.order_id,
            fillCount: parseCount(found.fill_count_fp),
            remainingCount: parseCount(found.remaining_count_fp),
            status: found.status,
            attempts,
            recovered: true,
          };
        }
      }
      if (mayHaveLanded(error)) landed = true;
      const decision = decideRetry(failureClassOf(error), attempts, retryTable);
      if (decision.action === 'stop') return { kind: 'refused', failure: finalFailure(error), attempts };
      await sleep(decision.delayMs);
    }
  }

  /** The order carrying `clientOrderId` in `ticker`, read page by page (null when absent or unreadable). */
  async find(ticker: string, clientOrderId: string): Promise<Order | null> {
    const { session, retryTable, sleep } = this.options;
    let cursor: string | undefined;
    do {
      const page = await withRetries(() => session.client.getOrdersPage({ ticker, limit: 1000, ...(cursor ? { cursor } : {}) }), retryTable, sleep);
      if (!page.ok) return null;
      const found = page.value.orders.find((candidate) => candidate.client_order_id === clientOrderId);
      if (found) return found;
      cursor = page.value.cursor || undefined;
    } while (cursor);
    return null;
  }
}
