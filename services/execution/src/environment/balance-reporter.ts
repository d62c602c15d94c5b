/**
 * `balance.updated` after fills, at most once per interval (the last request in an interval is
 * honoured at its end). Live: the exchange's `GET /portfolio/balance`. Paper: the starting
 * balance plus the cash flow of every paper position (costs, proceeds, fees, settlements), and
 * the portfolio value with open positions at their marks.
 */
import { BalanceUpdated, type Micros, centsToMicros, formatDollars, parseDollars } from '@polly/contracts';
import type { RetryTable } from '@polly/kalshi';
import type { Logger } from '@polly/runtime';
import type { ExchangeSession } from '../exchange/exchange-session';
import { withRetries } from '../exchange/order-sender';
import type { PositionStore } from '../store/position-store';
import type { PnlReporter } from './pnl-reporter';
import type { Publisher } from './publisher';

export interface BalanceReporterOptions {
  mode: 'live' | 'paper';
  publisher: Publisher;
  session: ExchangeSession;
  positions: PositionStore;
  pnl: PnlReporter;
  startingBalance: Micros;
  intervalMs: number;
  retryTable: RetryTable;
  sleep: (milliseconds: number) => Promise<void>;
  logger: Logger;
}

export class BalanceReporter {
  private timer: NodeJS.Timeout | null = null;
  private lastAt = 0;

  constructor(private readonly options: BalanceReporterOptions) {}

  /** Ask for a balance soon (throttled). */
  request(): void {
    if (this.timer !== null) return;
    const delay = Math.max(0, this.lastAt + this.options.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastAt = Date.now();
      this.publishNow().catch((error: unknown) => this.options.logger.warn({ error: String(error) }, 'balance not published'));
    }, delay);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The paper cash: starting balance plus every position's cash flow. */
  paperCash(): Micros {
    return this.options.positions.all().reduce((cash, record) => (cash + parseDollars(record.cashFlow)) as Micros, this.options.startingBalance);
  }

  async publishNow(): Promise<void> {
    const { mode, publisher, session } = this.options;
    if (mode === 'paper') {
      const cash = this.paperCash();
      const value = await this.options.pnl.portfolioValue(cash);
      await publisher.publish(BalanceUpdated, { balance: formatDollars(cash), portfolioValue: formatDollars(value), source: 'paper' });
      return;
    }
    if (!session.signed) return;
    const balance = await withRetries(() => session.client.getBalance(), this.options.retryTable, this.options.sleep);
    if (!balance.ok) {
      this.options.logger.warn({ error: balance.error.message, kind: balance.error.kind }, 'balance not read');
      return;
    }
    await publisher.publish(BalanceUpdated, {
      balance: formatDollars(parseDollars(balance.value.balance_dollars)),
      portfolioValue: formatDollars(centsToMicros(balance.value.portfolio_value)),
      source: 'exchange',
    });
  }
}
