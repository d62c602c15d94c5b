/**
 * Cancel every resting order of the environment's account: list them (`status=resting`), then
 * cancel them in batches no larger than the write bucket allows. Cancels only remove risk, so
 * they go out whatever the kill switch says (they are what the kill switch asks for).
 */
import { type Centis, parseCount } from '@polly/contracts';
import type { Order, RetryTable } from '@polly/kalshi';
import type { ExchangeSession } from './exchange-session';
import { withRetries } from './order-sender';

export interface CancelledOrder {
  orderId: string;
  clientOrderId: string | null;
  marketTicker: string;
  reducedBy: Centis;
}

export interface CancelReport {
  found: number;
  cancelled: CancelledOrder[];
  failures: string[];
}

export async function cancelRestingOrders(session: ExchangeSession, table: RetryTable, sleep: (milliseconds: number) => Promise<void>): Promise<CancelReport> {
  const resting: Order[] = [];
  const failures: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await withRetries(() => session.client.getOrdersPage({ status: 'resting', limit: 1000, ...(cursor ? { cursor } : {}) }), table, sleep);
    if (!page.ok) {
      failures.push(`listing resting orders failed: ${page.error.message}`);
      break;
    }
    resting.push(...page.value.orders.filter((order) => order.status === 'resting'));
    cursor = page.value.cursor || undefined;
  } while (cursor);

  const { limits, buckets } = session.client;
  const perBatch = Math.max(1, Math.floor(buckets.write.capacity / limits.cancelCost));
  const cancelled: CancelledOrder[] = [];
  for (let start = 0; start < resting.length; start += perBatch) {
    const batch = resting.slice(start, start + perBatch);
    const answer = await withRetries(
      () => session.client.batchCancelOrders(batch.map((order) => ({ order_id: order.order_id, market_ticker: order.ticker }))),
      table,
      sleep,
    );
    if (!answer.ok) {
      failures.push(`cancelling ${batch.length} orders failed: ${answer.error.message}`);
      continue;
    }
    for (const item of answer.value.orders) {
      const order = batch.find((candidate) => candidate.order_id === item.order_id);
      if (item.error) failures.push(`order ${item.order_id}: ${item.error.message ?? item.error.code ?? 'not cancelled'}`);
      else if (order) cancelled.push({ orderId: item.order_id, clientOrderId: order.client_order_id || null, marketTicker: order.ticker, reducedBy: parseCount(item.reduced_by) });
    }
  }
  return { found: resting.length, cancelled, failures };
}
