/**
 * Execution for one environment (demo or live), isolated from the other: its own KV buckets,
 * exchange session and keys, kill switch, durable consumers (`execution-{environment}-{purpose}`)
 * and paper book. Built here, started by the service.
 */
import { type Bus, ensureDurable } from '@polly/bus';
import { type Environment, type Micros, type StreamEvent, TradingHalted, createEvent } from '@polly/contracts';
import type { Db } from '@polly/db';
import { DEFAULT_RETRY_TABLE, type KalshiError } from '@polly/kalshi';
import type { Logger, Metrics } from '@polly/runtime';
import { switchRefusal } from '../domain/trading-switch';
import { ExchangeSession } from '../exchange/exchange-session';
import { OrderSender } from '../exchange/order-sender';
import { WritePermits } from '../exchange/write-permits';
import { PaperBook } from '../paper/paper-book';
import { MarketCatalog } from '../store/market-catalog';
import { MarketStates } from '../store/market-states';
import { OrderStore } from '../store/order-store';
import { PositionStore } from '../store/position-store';
import { BalanceReporter } from './balance-reporter';
import { CancelHandler } from './cancel-handler';
import { FillProcessor } from './fill-processor';
import { IntentHandler } from './intent-handler';
import { PnlReporter } from './pnl-reporter';
import { EXECUTION_SOURCE, Publisher } from './publisher';
import { ReportHandler } from './report-handler';
import { SwitchWatcher } from './switch-watcher';

export interface EnvironmentSettings {
  environment: Environment;
  mode: 'live' | 'paper';
  enabledByDefault: boolean;
  restBaseUrl: string;
  secretsDir: string;
  requestTimeoutMs: number;
  startingBalance: Micros;
  maxIntentAgeMs: number;
  pnlIntervalMs: number;
  balanceIntervalMs: number;
}

export interface EnvironmentDependencies {
  bus: Bus;
  db: Db;
  logger: Logger;
  metrics: ExecutionMetrics;
  signal: AbortSignal;
}

export function executionMetrics(metrics: Metrics) {
  return {
    orders: metrics.counter('execution_orders_total', 'order outcomes', ['environment', 'outcome', 'code']),
    attempts: metrics.counter('execution_exchange_attempts_total', 'order-entry requests sent to the exchange', ['environment']),
    unknownReports: metrics.counter('execution_unknown_reports_total', 'exchange reports about orders this environment never placed', ['environment', 'kind']),
    deadLetters: metrics.counter('execution_dead_lettered_total', 'messages moved to the dead-letter subject', ['environment', 'consumer']),
    tradingEnabled: metrics.gauge('execution_trading_enabled', '1 while the kill switch lets orders through', ['environment']),
    inFlight: metrics.gauge('execution_orders_in_flight', 'orders claimed and not yet answered', ['environment']),
    cancelRequests: metrics.counter('execution_cancel_requests_total', "agents' requests to cancel one of their resting orders, by outcome", ['environment', 'outcome']),
    orderSeconds: metrics.histogram('execution_order_seconds', 'intent approved to order outcome (accepted, rejected, failed)', ['environment', 'outcome'], [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30]),
  };
}
export type ExecutionMetrics = ReturnType<typeof executionMetrics>;

const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export class EnvironmentExecution {
  readonly session: ExchangeSession;
  readonly switchWatcher: SwitchWatcher;
  private readonly publisher: Publisher;
  private readonly permits: WritePermits;
  private readonly markets: MarketStates;
  private readonly logger: Logger;
  private orders!: OrderStore;
  private positions!: PositionStore;
  private intents!: IntentHandler;
  private reports!: ReportHandler;
  private paper!: PaperBook;
  private cancels!: CancelHandler;
  private balance!: BalanceReporter;
  private pnl!: PnlReporter;
  private consumers: Promise<void>[] = [];
  private pnlTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly settings: EnvironmentSettings,
    private readonly dependencies: EnvironmentDependencies,
  ) {
    const { environment } = settings;
    this.logger = dependencies.logger.child({ environment, mode: settings.mode });
    this.publisher = new Publisher(dependencies.bus, environment);
    this.markets = new MarketStates(dependencies.bus, environment);
    this.session = new ExchangeSession({
      environment,
      restBaseUrl: settings.restBaseUrl,
      secretsDir: settings.secretsDir,
      timeoutMs: settings.requestTimeoutMs,
      onUnauthorized: (error: KalshiError) => void this.halt(`the exchange refused the key (${error.operation}: ${error.message})`),
    });
    this.permits = new WritePermits(() => this.session.client.buckets.write);
    this.switchWatcher = new SwitchWatcher(dependencies.bus, environment, settings.enabledByDefault, (state) => {
      dependencies.metrics.tradingEnabled.set({ environment }, state.enabled ? 1 : 0);
      if (!state.enabled) this.permits.flush();
      this.logger.warn({ enabled: state.enabled, cause: state.cause, reason: state.reason }, 'kill switch changed');
    }, this.logger);
  }

  /** Why nothing may be sent now: the kill switch, or (live mode) no key pair. */
  refusal() {
    const stopped = switchRefusal(this.switchWatcher.state);
    if (stopped) return stopped;
    if (this.settings.mode === 'live' && !this.session.signed) {
      return { code: 'KEYS_NOT_LOADED' as const, message: `no ${this.settings.environment} key pair is connected` };
    }
    return null;
  }

  /** Stop trading on our own (a 401): at once here, then for everyone through CONTROL `trading.halted`. */
  async halt(message: string): Promise<void> {
    if (!this.switchWatcher.state.enabled) return;
    const event = createEvent(TradingHalted, this.settings.environment, { code: 'UNAUTHORIZED', message, service: EXECUTION_SOURCE }, { source: EXECUTION_SOURCE });
    this.switchWatcher.applyLocal({ id: event.id, type: 'trading.halted', occurredAt: event.occurredAt, reason: `UNAUTHORIZED: ${message}` });
    this.logger.error({ reason: message }, 'trading halted: the exchange refused the key');
    await this.dependencies.bus.publish(event).catch((error: unknown) => this.logger.error({ error: String(error) }, 'trading.halted not published'));
  }

  async start(): Promise<void> {
    const { bus, db, metrics, signal } = this.dependencies;
    const { environment, mode } = this.settings;
    const onInvalid = (key: string, error: Error) => this.logger.error({ key, error: error.message }, 'unreadable record skipped');
    [this.orders, this.positions] = await Promise.all([OrderStore.open(bus, environment), PositionStore.open(bus, environment)]);
    const [open] = await Promise.all([this.orders.load(onInvalid), this.positions.load(onInvalid)]);

    const keys = this.session.reload();
    if (keys.signed) await this.applyAccountLimits();
    await this.switchWatcher.start(signal);
    metrics.tradingEnabled.set({ environment }, this.switchWatcher.state.enabled ? 1 : 0);

    const catalog = new MarketCatalog(db, environment, () => this.session.client);
    this.pnl = new PnlReporter(this.positions, this.markets, this.publisher);
    this.balance = new BalanceReporter({
      mode,
      publisher: this.publisher,
      session: this.session,
      positions: this.positions,
      pnl: this.pnl,
      startingBalance: this.settings.startingBalance,
      intervalMs: this.settings.balanceIntervalMs,
      retryTable: DEFAULT_RETRY_TABLE,
      sleep,
      logger: this.logger,
    });
    const fills = new FillProcessor({ orders: this.orders, positions: this.positions, pnl: this.pnl, balance: this.balance, publisher: this.publisher });
    this.reports = new ReportHandler({
      orders: this.orders,
      positions: this.positions,
      fills,
      pnl: this.pnl,
      balance: this.balance,
      markets: this.markets,
      publisher: this.publisher,
      logger: this.logger,
      onUnknownOrder: (kind) => metrics.unknownReports.inc({ environment, kind }),
    });
    this.paper = new PaperBook({
      orders: this.orders,
      markets: this.markets,
      catalog,
      fills,
      logger: this.logger,
      onClosed: (record, reason) => this.reports.cancelled(record, reason, { correlationId: record.approval.correlationId, causationId: null }),
    });
    this.cancels = new CancelHandler({
      mode,
      session: this.session,
      orders: this.orders,
      reports: this.reports,
      paper: this.paper,
      logger: this.logger,
      sleep,
      onRequest: (outcome) => metrics.cancelRequests.inc({ environment, outcome }),
    });
    const sender = new OrderSender({
      session: this.session,
      permits: this.permits,
      refusal: () => this.refusal(),
      retryTable: DEFAULT_RETRY_TABLE,
      sleep,
      onAttempt: () => metrics.attempts.inc({ environment }),
    });
    this.intents = new IntentHandler({
      mode,
      orders: this.orders,
      catalog,
      markets: this.markets,
      sender,
      paper: this.paper,
      publisher: this.publisher,
      refusal: () => this.refusal(),
      onUnauthorized: (message) => this.halt(message),
      maxIntentAgeMs: this.settings.maxIntentAgeMs,
      logger: this.logger,
      observe: (outcome, code, approvedAt) => {
        metrics.orders.inc({ environment, outcome, code: code ?? '' });
        if (approvedAt !== null) metrics.orderSeconds.observe({ environment, outcome }, Math.max(0, Date.now() - Date.parse(approvedAt)) / 1000);
        metrics.inFlight.set({ environment }, this.intents.pending);
      },
      now: Date.now,
    });

    const resumed = this.intents.resume(open);
    for (const record of open.filter((candidate) => candidate.order.paper && candidate.phase !== 'submitting')) await this.paper.fillTaker(record);
    await this.paper.track(this.paper.restingOrders().map((record) => record.order.marketTicker));
    await this.startConsumers();
    this.pnlTimer = setInterval(() => {
      this.pnl.publishOpen().catch((error: unknown) => this.logger.warn({ error: String(error) }, 'P/L not recorded'));
    }, this.settings.pnlIntervalMs);
    this.balance.request();
    this.logger.info({ openOrders: open.length, resumed, signed: keys.signed, keyHint: this.session.keyHint, tradingEnabled: this.switchWatcher.state.enabled }, 'environment started');
  }

  private async applyAccountLimits(): Promise<void> {
    const limits = await this.session.client.applyAccountLimits();
    if (limits.ok) this.logger.info({ tier: limits.value.usage_tier, write: limits.value.write }, 'token buckets sized to the account');
    else this.logger.warn({ error: limits.error.message }, 'account limits not read; Basic tier assumed');
  }

  /**
   * A durable consumer `execution-{environment}-{purpose}`. A new one starts with the messages
   * published after it was created (never replaying history into the exchange), so it is created
   * before `start` returns: what is published once the service is ready is never missed.
   */
  private async consume<S extends 'TRADING' | 'CONTROL' | 'MARKET_DATA'>(stream: S, purpose: string, filterSubject: string, handle: (event: StreamEvent<S>) => Promise<void>): Promise<void> {
    const { bus, signal, metrics } = this.dependencies;
    const { environment } = this.settings;
    const durable = `execution-${environment}-${purpose}`;
    const options = {
      stream,
      durable,
      filterSubject,
      deliverPolicy: 'new' as const,
      signal,
      onDeadLetter: (reason: string, subject: string) => {
        metrics.deadLetters.inc({ environment, consumer: purpose });
        this.logger.warn({ durable, subject, reason }, 'dead-lettered a message');
      },
    };
    await ensureDurable(bus, options);
    const running = bus
      .consume({
        ...options,
        handle: async ({ event }) => {
          if (event.environment === environment) await handle(event);
        },
      })
      .catch((error: unknown) => {
        if (!signal.aborted) this.logger.error({ durable, error: String(error) }, 'consumer stopped');
      });
    this.consumers.push(running);
  }

  private async startConsumers(): Promise<void> {
    const { environment } = this.settings;
    await this.consume('TRADING', 'intents', `trading.${environment}.intent.approved.>`, async (event) => {
      if (event.type === 'intent.approved') await this.intents.onApproved(event);
    });
    await this.consume('TRADING', 'reports', `trading.${environment}.exchange.>`, async (event) => {
      if (event.type === 'exchange.fill') await this.reports.onFill(event);
      else if (event.type === 'exchange.order') await this.reports.onOrder(event);
      else if (event.type === 'exchange.position') await this.reports.onPosition(event);
    });
    await this.consume('TRADING', 'cancel-requests', `trading.${environment}.order.cancel-requested.>`, async (event) => {
      if (event.type === 'order.cancel-requested') await this.cancels.onRequested(event);
    });
    // Reconciliation's repairs (two consumers: one filter subject each, as nats-server 2.9 allows).
    await this.consume('TRADING', 'repaired-fills', `trading.${environment}.fill.recorded.>`, async (event) => {
      if (event.type === 'fill.recorded') await this.reports.onRepair(event);
    });
    await this.consume('TRADING', 'repaired-orders', `trading.${environment}.order.updated.>`, async (event) => {
      if (event.type === 'order.updated') await this.reports.onRepair(event);
    });
    await this.consume('CONTROL', 'control', `control.${environment}.>`, async (event) => {
      if (event.type === 'orders.cancel-all') await this.cancels.cancelAll('cancel-all', event);
      else if (event.type === 'trading.disable' && event.data.cancelResting) await this.cancels.cancelAll('kill-switch', event);
      else if (event.type === 'keys.connected') {
        if (this.session.reload().signed) await this.applyAccountLimits();
        this.balance.request();
      } else if (event.type === 'keys.disconnected') this.session.clear();
    });
    await this.consume('MARKET_DATA', 'lifecycle', `md.${environment}.lifecycle.changed.>`, async (event) => {
      if (event.type !== 'lifecycle.changed') return;
      await this.reports.onLifecycle(event);
      if (event.data.eventType === 'determined' || event.data.eventType === 'settled' || event.data.eventType === 'deactivated') {
        for (const record of this.paper.restingOrders(event.data.marketTicker)) {
          await this.reports.cancelled(record, `market ${event.data.eventType}`, { correlationId: event.correlationId, causationId: event.id });
        }
      }
    });
  }

  details(): Record<string, string | number | boolean | null> {
    const prefix = this.settings.environment;
    return {
      [`${prefix}Mode`]: this.settings.mode,
      [`${prefix}TradingEnabled`]: this.switchWatcher.state.enabled,
      [`${prefix}KeysLoaded`]: this.session.signed,
      [`${prefix}OrdersInFlight`]: this.intents?.pending ?? 0,
    };
  }

  async stop(): Promise<void> {
    if (this.pnlTimer !== null) clearInterval(this.pnlTimer);
    this.balance?.stop();
    this.paper?.stop();
    await this.intents?.drain();
    await Promise.allSettled(this.consumers);
  }
}
