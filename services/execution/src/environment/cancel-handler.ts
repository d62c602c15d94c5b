/**
 * The cancels execution carries out for one environment: every resting order at once
 * (`orders.cancel-all`, `trading.disable` with `cancelResting`), and one order an agent withdraws
 * (`order.cancel-requested`). Cancels only remove risk, so neither the kill switch nor an agent's
 * mode is consulted. In paper mode the paper book's orders are closed instead. Each cancelled
 * order of ours becomes `order.cancelled` through the report handler.
 */
import type { EventOf, OrderCancelRequested } from '@polly/contracts';
import { DEFAULT_RETRY_TABLE } from '@polly/kalshi';
import type { Logger } from '@polly/runtime';
import { cancelRefusal } from '../domain/cancel-request';
import { cancelRestingOrders } from '../exchange/cancel-resting';
import type { ExchangeSession } from '../exchange/exchange-session';
import { withRetries } from '../exchange/order-sender';
import type { PaperBook } from '../paper/paper-book';
import type { OrderStore } from '../store/order-store';
import type { ReportHandler } from './report-handler';

export interface CancelHandlerOptions {
  mode: 'live' | 'paper';
  session: ExchangeSession;
  orders: OrderStore;
  reports: ReportHandler;
  paper: PaperBook;
  logger: Logger;
  sleep(milliseconds: number): Promise<void>;
  /** How an agent's cancel request ended: `cancelled`, a refusal, or `exchange-refused`. */
  onRequest(outcome: string): void;
}

type Cause = { id: string; correlationId: string };

const causationOf = (cause: Cause) => ({ correlationId: cause.correlationId, causationId: cause.id });

export class CancelHandler {
  constructor(private readonly options: CancelHandlerOptions) {}

  /** Cancel every resting order of the environment (paper: the paper book's). */
  async cancelAll(reason: string, cause: Cause): Promise<void> {
    const { orders, reports, paper, session, logger } = this.options;
    const causation = causationOf(cause);
    if (this.options.mode === 'paper') {
      for (const record of paper.restingOrders()) await reports.cancelled(record, reason, causation);
      return;
    }
    const report = await cancelRestingOrders(session, DEFAULT_RETRY_TABLE, this.options.sleep);
    for (const cancelled of report.cancelled) {
      const record = cancelled.clientOrderId === null ? null : await orders.get(cancelled.clientOrderId);
      if (record) await reports.cancelled(record, reason, causation);
    }
    const log = report.failures.length > 0 ? logger.warn.bind(logger) : logger.info.bind(logger);
    log({ reason, found: report.found, cancelled: report.cancelled.length, failures: report.failures.slice(0, 10) }, 'resting orders cancelled');
  }

  /** An agent withdraws one of its resting orders (paper: from the paper book). */
  async onRequested(event: EventOf<typeof OrderCancelRequested>): Promise<void> {
    const { orders, reports, session, logger } = this.options;
    const { agentId, clientOrderId, marketTicker, reasonCode } = event.data;
    const record = await orders.get(clientOrderId);
    const refusal = cancelRefusal(record?.order ?? null, { agentId, marketTicker });
    if (record === null || refusal !== null) {
      this.options.onRequest(refusal ?? 'unknown-order');
      logger.info({ agentId, clientOrderId, marketTicker, refusal, status: record?.order.status ?? null }, 'cancel request not carried out');
      return;
    }
    if (this.options.mode === 'live') {
      const orderId = record.order.orderId as string;
      const answer = await withRetries(() => session.client.cancelOrder(orderId, { marketTicker }), DEFAULT_RETRY_TABLE, this.options.sleep);
      if (!answer.ok) {
        // Most often it filled or was cancelled in between: its own reports say which.
        this.options.onRequest('exchange-refused');
        logger.warn({ agentId, clientOrderId, orderId, code: answer.error.code ?? null, status: answer.error.status ?? null, message: answer.error.message }, 'the exchange did not cancel an order an agent withdrew');
        return;
      }
    }
    await reports.cancelled(record, `cancelled by ${agentId}: ${reasonCode}`, causationOf(event));
    this.options.onRequest('cancelled');
  }
}
