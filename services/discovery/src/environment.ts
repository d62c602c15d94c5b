/**
 * Discovery for one environment, isolated from the other: its own exchange client and read
 * budget, catalogue, plan, lifecycle consumer and cycle timer. Opening it loads what is already
 * known (read models and the plan on MARKETS); starting it runs a cycle at once and then every
 * interval (sooner after a failed cycle), and follows lifecycle events in between.
 */
import type { Bus } from '@polly/bus';
import { type Environment, DiscoveryCompleted, DiscoveryProgressed, createEvent } from '@polly/contracts';
import type { Db } from '@polly/db';
import type { KalshiClient } from '@polly/kalshi';
import type { Logger } from '@polly/runtime';
import { Catalogue } from './catalogue';
import type { ListingStatus } from './config';
import type { MarketPolicy } from './core/classify';
import { DISCOVERY_SOURCE } from './core/envelope';
import { type CycleReport, runCycle } from './cycle';
import { handleLifecycle } from './lifecycle-handler';
import type { DiscoveryMetrics } from './metrics';
import type { ProgressListener, ProgressSnapshot } from './progress';
import { loadCatalogue, loadPlan } from './store';
import { pause } from './support';

export interface EnvironmentOptions {
  environment: Environment;
  bus: Bus;
  db: Db;
  client: KalshiClient;
  policy: MarketPolicy;
  statuses: readonly ListingStatus[];
  intervalMs: number;
  retryMs: number;
  progressEveryPages: number;
  logger: Logger;
  metrics: DiscoveryMetrics;
  /** Called after every cycle (readiness, tests). */
  onCycle?: (report: CycleReport) => void;
}

export class DiscoveryEnvironment {
  private readonly abort = new AbortController();
  private running: Promise<CycleReport> | undefined;
  private loops: Promise<unknown>[] = [];
  private cycles = 0;
  lastReport: CycleReport | undefined;

  private constructor(
    private readonly options: EnvironmentOptions,
    readonly catalogue: Catalogue,
  ) {}

  /** Load what is known: the read models (series, events, markets) and the plan from MARKETS. */
  static async open(options: EnvironmentOptions): Promise<DiscoveryEnvironment> {
    const started = Date.now();
    const [known, plan] = await Promise.all([loadCatalogue(options.db, options.environment), loadPlan(options.bus, options.environment)]);
    const catalogue = new Catalogue(
      {
        environment: options.environment,
        bus: options.bus,
        client: options.client,
        policy: options.policy,
        metrics: options.metrics,
        logger: options.logger,
        reloadPlan: () => loadPlan(options.bus, options.environment),
      },
      known,
      plan,
    );
    options.logger.info(
      { environment: options.environment, series: known.series.size, events: known.events.size, markets: known.markets.size, planRevision: plan.revision, planSize: plan.members.size, elapsedMs: Date.now() - started },
      'discovery loaded what is known',
    );
    return new DiscoveryEnvironment(options, catalogue);
  }

  get environment(): Environment {
    return this.options.environment;
  }

  /** Follow lifecycle events (durable consumer on md.<env>.lifecycle.changed.>). */
  startLifecycle(): void {
    const { environment, bus, logger, metrics } = this.options;
    const consumer = bus
      .consume({
        stream: 'MARKET_DATA',
        durable: `discovery-lifecycle-${environment}`,
        filterSubject: `md.${environment}.lifecycle.changed.>`,
        deliverPolicy: 'new',
        batchSize: 64,
        signal: this.abort.signal,
        onDeadLetter: (reason, subject) => {
          metrics.deadLetters.inc({ environment });
          logger.warn({ environment, subject, reason }, 'dead-lettered a lifecycle event');
        },
        handle: async ({ event, deliveryCount }) => {
          if (event.type !== 'lifecycle.changed') return { kind: 'ack' };
          metrics.lifecycle.inc({ environment, event_type: event.data.eventType });
          return handleLifecycle(this.catalogue, event, deliveryCount);
        },
      })
      .catch((error: unknown) => {
        if (!this.abort.signal.aborted) logger.error({ environment, error }, 'lifecycle consumer stopped');
      });
    this.loops.push(consumer);
  }

  /** A cycle at once, then every interval (after a failure, after the retry delay). */
  startSchedule(): void {
    const loop = (async () => {
      while (!this.abort.signal.aborted) {
        const report = await this.runCycle().catch((error: unknown) => {
          this.options.logger.error({ environment: this.environment, error }, 'discovery cycle failed');
          return undefined;
        });
        const delay = report?.ok ? this.options.intervalMs : this.options.retryMs;
        if (!(await pause(delay, this.abort.signal))) break;
      }
    })();
    this.loops.push(loop);
  }

  /** Run one cycle now (or join the one already running). */
  runCycle(): Promise<CycleReport> {
    this.running ??= this.cycle().finally(() => (this.running = undefined));
    return this.running;
  }

  private async cycle(): Promise<CycleReport> {
    const { environment, logger, metrics } = this.options;
    this.cycles += 1;
    const cycleId = `${environment}-${new Date().toISOString().replace(/[-:.]/g, '')}-${this.cycles}`;
    logger.info({ environment, cycleId, statuses: this.options.statuses }, 'discovery cycle started');
    const report = await runCycle(cycleId, {
      catalogue: this.catalogue,
      client: this.options.client,
      statuses: this.options.statuses,
      progressEveryPages: this.options.progressEveryPages,
      listener: this.progressListener(),
      now: () => Date.now(),
      signal: this.abort.signal,
    }).catch((error: unknown) => {
      // Not the exchange (that ends a cycle early with a report): publishing or the bus failed.
      metrics.cycles.inc({ environment, outcome: 'error' });
      throw error;
    });
    this.lastReport = report;
    metrics.cycles.inc({ environment, outcome: report.ok ? 'completed' : 'failed' });
    const summary = {
      environment,
      cycleId,
      pages: report.pages,
      series: report.listed.series,
      events: report.listed.events,
      markets: report.listed.markets,
      changed: report.changed,
      fetched: report.fetched,
      vanished: report.vanished,
      byState: report.byState,
      planRevisions: report.planRevisions,
      planSize: report.planSize,
      retries: report.retries,
      restarts: report.restarts,
      elapsedMs: report.durationMs,
    };
    if (report.ok) {
      metrics.cycleDuration.observe({ environment }, report.durationMs / 1000);
      metrics.lastCycleSeconds.set({ environment }, report.durationMs / 1000);
      metrics.lastCycleAt.set({ environment }, Math.floor(Date.now() / 1000));
      logger.info(summary, 'discovery cycle completed');
      await this.publishSystem(
        createEvent(
          DiscoveryCompleted,
          environment,
          {
            cycleId,
            series: report.listed.series,
            events: report.listed.events,
            markets: report.listed.markets,
            byState: report.byState,
            pages: report.pages,
            retries: report.retries,
            restarts: report.restarts,
            durationMs: report.durationMs,
          },
          { id: `discovery:${environment}:completed:${cycleId}`, source: DISCOVERY_SOURCE },
        ),
      );
    } else {
      logger.warn({ ...summary, error: report.error }, 'discovery cycle ended early; what was read is kept, the rest waits for the next cycle');
    }
    this.options.onCycle?.(report);
    return report;
  }

  private progressListener(): ProgressListener {
    const { environment, logger, metrics } = this.options;
    return {
      counted: (phase, delta) => {
        if (delta.pages > 0) metrics.pages.inc({ environment, phase }, delta.pages);
        if (delta.items > 0) metrics.items.inc({ environment, phase }, delta.items);
        if (delta.retries > 0) metrics.retries.inc({ environment }, delta.retries);
        if (delta.restarts > 0) metrics.restarts.inc({ environment }, delta.restarts);
      },
      reported: (snapshot: ProgressSnapshot) => {
        logger.info({ environment, ...snapshot }, 'discovery progress');
        void this.publishSystem(
          createEvent(DiscoveryProgressed, environment, snapshot, {
            id: `discovery:${environment}:progress:${snapshot.cycleId}:${snapshot.phase}:${snapshot.pages}:${snapshot.retries}:${snapshot.restarts}`,
            source: DISCOVERY_SOURCE,
          }),
        );
      },
    };
  }

  private async publishSystem(event: Parameters<Bus['publish']>[0]): Promise<void> {
    await this.options.bus.publish(event).catch((error: unknown) => this.options.logger.warn({ environment: this.environment, error: String(error) }, 'system event not published'));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.loops, ...(this.running ? [this.running] : [])]);
  }
}
