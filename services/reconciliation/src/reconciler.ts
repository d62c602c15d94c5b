/**
 * When cycles run, for one environment: at start, on `keys.connected` (new keys may be a new
 * account: agents wait for this startup cycle), every interval, and on `reconciliation.requested`
 * (ingest asks after each WebSocket reconnect; a human may ask). One cycle at a time: triggers
 * that arrive while a cycle runs are folded into one more cycle after it.
 *
 * No cycle runs without keys in the secrets folder, or in paper mode (paper orders never reach
 * the exchange); that is reported as a skipped cycle (log, metric, heartbeat), not as an error.
 */
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import type { Db } from '@polly/db';
import { type KalshiClient, createKalshiClient } from '@polly/kalshi';
import { type Logger, readKeyPair } from '@polly/runtime';
import { type CycleReport, type CycleSettings, type Trigger, runCycle } from './cycle';
import { localReader } from './local';
import type { ReconciliationMetrics } from './metrics';

export interface ReconcilerOptions {
  environment: Environment;
  tradeMode: 'live' | 'paper';
  secretsDir: string;
  restBaseUrl: string;
  bus: Bus;
  db: Db;
  logger: Logger;
  metrics: ReconciliationMetrics;
  settings: CycleSettings;
  intervalMs: number;
  signal: AbortSignal;
}

export interface Reconciler {
  readonly environment: Environment;
  /** Ask for a cycle; resolves when a cycle that started after this request has ended. */
  request(trigger: Trigger, reason: string): Promise<CycleReport | null>;
  /** The last outcome, for heartbeats. */
  status(): string;
  stop(): Promise<void>;
}

export function startReconciler(options: ReconcilerOptions): Reconciler {
  const { environment, bus, logger, metrics, signal } = options;
  const local = localReader(options.db, environment);
  let client: { keyId: string; privateKeyPem: string; kalshi: KalshiClient } | undefined;
  let previousCycleStartedAt: number | null = null;
  let lastStatus = 'no cycle yet';
  let running: Promise<CycleReport | null> | null = null;
  let queued: { trigger: Trigger; reasons: string[]; done: Promise<CycleReport | null>; release: (report: CycleReport | null) => void } | null = null;

  const kalshiFor = (keyId: string, privateKeyPem: string): KalshiClient => {
    if (client?.keyId !== keyId || client.privateKeyPem !== privateKeyPem) {
      client = { keyId, privateKeyPem, kalshi: createKalshiClient({ environment, restBaseUrl: options.restBaseUrl, keyId, privateKeyPem }) };
    }
    return client.kalshi;
  };

  const cycle = async (trigger: Trigger, reason: string): Promise<CycleReport | null> => {
    if (options.tradeMode === 'paper') {
      lastStatus = 'skipped: paper mode';
      metrics.cycles.inc({ environment, trigger, outcome: 'skipped-paper' });
      logger.info({ environment, trigger, reason }, 'no reconciliation cycle: paper mode never reaches the exchange');
      return null;
    }
    const keys = readKeyPair(options.secretsDir, environment);
    if (!keys) {
      lastStatus = 'skipped: no keys';
      metrics.cycles.inc({ environment, trigger, outcome: 'skipped-no-keys' });
      logger.info({ environment, trigger, reason }, 'no reconciliation cycle: no keys are connected for this environment');
      return null;
    }
    const report = await runCycle(
      {
        environment,
        kalshi: kalshiFor(keys.keyId, keys.privateKeyPem),
        local,
        publish: (event) => bus.publish(event),
        tradingSequence: () => bus.lastSequence('TRADING'),
        settings: options.settings,
        previousCycleStartedAt,
      },
      trigger,
    );
    const outcome = report.error ? 'failed' : report.discrepancies.length === 0 ? 'clean' : 'discrepancies';
    metrics.cycles.inc({ environment, trigger, outcome });
    metrics.cycleSeconds.observe({ environment }, report.durationMs / 1000);
    for (const discrepancy of report.discrepancies) metrics.discrepancies.inc({ environment, kind: discrepancy.kind, resolution: discrepancy.resolution });
    if (!report.error) previousCycleStartedAt = report.startedAt;
    lastStatus = `${outcome} at ${new Date(report.startedAt).toISOString()}`;
    const summary = { environment, cycleId: report.cycleId, trigger, reason, discrepancies: report.discrepancies.length, projectionCaughtUp: report.projectionCaughtUp, durationMs: report.durationMs };
    if (!report.error && !report.projectionCaughtUp) logger.warn(summary, 'the read models lagged the stream during the cycle; recent changes are left for the next one');
    if (report.error) logger.warn({ ...summary, error: report.error }, 'reconciliation cycle failed');
    else logger.info(summary, 'reconciliation cycle completed');
    return report;
  };

  const safely = (trigger: Trigger, reason: string) =>
    cycle(trigger, reason).catch((error: unknown) => {
      lastStatus = `error: ${String(error)}`;
      metrics.cycles.inc({ environment, trigger, outcome: 'failed' });
      logger.error({ environment, trigger, error }, 'reconciliation cycle could not run');
      return null;
    });

  const request = (trigger: Trigger, reason: string): Promise<CycleReport | null> => {
    if (signal.aborted) return Promise.resolve(null);
    if (!running) {
      running = safely(trigger, reason).finally(() => {
        running = null;
        const next = queued;
        queued = null;
        if (next) void request(next.trigger, next.reasons.join('; ')).then(next.release);
      });
      return running;
    }
    if (queued) {
      queued.reasons.push(reason);
      return queued.done;
    }
    let release: (report: CycleReport | null) => void = () => undefined;
    const done = new Promise<CycleReport | null>((resolve) => (release = resolve));
    queued = { trigger, reasons: [reason], done, release };
    return done;
  };

  const timer = setInterval(() => void request('schedule', `every ${Math.round(options.intervalMs / 60_000)} minutes`), options.intervalMs);
  timer.unref();

  const deadLettered = (reason: string, subject: string) => logger.warn({ environment, subject, reason }, 'dead-lettered a message');
  const consumers = [
    bus.consume({
      stream: 'CONTROL',
      durable: `reconciliation-${environment}-keys`,
      filterSubject: `control.${environment}.keys.>`,
      deliverPolicy: 'new',
      signal,
      onDeadLetter: deadLettered,
      handle: async ({ event }) => {
        // New keys may be a new account: a startup cycle, which agents wait for before activating.
        if (event.type === 'keys.connected') void request('startup', 'keys connected');
        return { kind: 'ack' };
      },
    }),
    bus.consume({
      stream: 'SYSTEM',
      durable: `reconciliation-${environment}-requests`,
      filterSubject: `system.${environment}.reconciliation.requested`,
      deliverPolicy: 'new',
      signal,
      onDeadLetter: deadLettered,
      handle: async ({ event }) => {
        if (event.type === 'reconciliation.requested') void request(event.data.trigger, event.data.reason);
        return { kind: 'ack' };
      },
    }),
  ].map((consumer) =>
    consumer.catch((error: unknown) => {
      if (!signal.aborted) logger.error({ environment, error }, 'trigger consumer stopped');
    }),
  );

  return {
    environment,
    request,
    status: () => lastStatus,
    stop: async () => {
      clearInterval(timer);
      await Promise.allSettled([...consumers, running]);
    },
  };
}
