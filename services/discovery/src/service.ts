/**
 * The discovery service: finds every series, event and market of each environment it serves,
 * stores them with their internal state (MARKETS → projector → read models) and owns the
 * subscription plan ingest follows.
 *
 * Environments are isolated: each has its own exchange client and read budget, state and timers.
 * Market data is public, so discovery signs nothing; still, the live environment does nothing
 * until live keys are connected (CONTROL `keys.connected`), and stops on `keys.disconnected`.
 */
import { connectBus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import { createDatabase } from '@polly/db';
import { createKalshiClient } from '@polly/kalshi';
import { type Readiness, defineService, exchangeEndpoints, readKeyPair } from '@polly/runtime';
import type { Logger } from '@polly/runtime';
import { DiscoveryConfig } from './config';
import { createPolicy } from './core/classify';
import { DiscoveryEnvironment, type EnvironmentOptions } from './environment';
import { createDiscoveryMetrics } from './metrics';

/** Environments that wait for their keys before doing anything. */
const NEEDS_KEYS: ReadonlySet<Environment> = new Set(['live']);

/** Delay before an environment that could not start (database or NATS not ready) tries again. */
const RESTART_DELAY_MS = 5000;

/** Starts and stops one environment's discovery as its keys come and go. */
class EnvironmentSlot {
  private current: DiscoveryEnvironment | undefined;
  private transition: Promise<void> = Promise.resolve();
  /** What the last request asked for: a failed start is retried only while it still stands. */
  private wanted = false;

  constructor(
    private readonly environment: Environment,
    private readonly options: () => EnvironmentOptions,
    private readonly readiness: Readiness,
    private readonly logger: Logger,
    private readonly signal: AbortSignal,
  ) {}

  get active(): DiscoveryEnvironment | undefined {
    return this.current;
  }

  /** Bring the slot to `wanted` (running or not), one transition at a time. */
  settle(wanted: boolean, why: string): Promise<void> {
    this.wanted = wanted;
    this.transition = this.transition.then(async () => {
      if (wanted && !this.current && !this.signal.aborted) {
        this.logger.info({ environment: this.environment, why }, 'discovery starting');
        this.readiness.set(`discovery-${this.environment}`, false, 'loading what is known, then the first cycle');
        const opened = await DiscoveryEnvironment.open(this.options());
        opened.startLifecycle();
        opened.startSchedule();
        this.current = opened;
      } else if (!wanted && this.current) {
        this.logger.info({ environment: this.environment, why }, 'discovery stopping');
        const stopping = this.current;
        this.current = undefined;
        await stopping.stop();
      }
      if (!wanted) this.readiness.set(`discovery-${this.environment}`, true, `idle: ${why}`);
    }).catch((error: unknown) => {
      this.logger.error({ environment: this.environment, error, retryInMs: RESTART_DELAY_MS }, 'discovery could not start; trying again');
      this.readiness.set(`discovery-${this.environment}`, false, `failed to start: ${String(error)}`);
      setTimeout(() => {
        if (this.wanted && !this.current && !this.signal.aborted) void this.settle(true, 'retrying a failed start');
      }, RESTART_DELAY_MS).unref();
    });
    return this.transition;
  }
}

export const discoveryService = defineService({
  name: 'discovery',
  config: DiscoveryConfig,
  healthPort: 4503,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    readiness.set('bus', false, 'connecting to NATS');
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'discovery', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams();
    readiness.set('bus', true);
    const db = createDatabase({ connectionString: config.POLLY_DATABASE_URL, applicationName: 'discovery', maxConnections: 2 });
    const discoveryMetrics = createDiscoveryMetrics(metrics);
    const policy = createPolicy({
      watchlistSeries: config.POLLY_DISCOVERY_WATCHLIST_SERIES,
      ignoredSeries: config.POLLY_DISCOVERY_IGNORED_SERIES,
      ignoredCategories: config.POLLY_DISCOVERY_IGNORED_CATEGORIES,
    });
    const budget = config.POLLY_DISCOVERY_READ_TOKENS_PER_SECOND;

    const slots = new Map<Environment, EnvironmentSlot>();
    for (const environment of config.POLLY_ENVIRONMENTS) {
      const options = (): EnvironmentOptions => ({
        environment,
        bus,
        db,
        // A fresh client each start: its own read bucket, sized to discovery's share of the budget.
        client: createKalshiClient({
          environment,
          restBaseUrl: exchangeEndpoints(config, environment).restBaseUrl,
          limits: { read: { refillPerSecond: budget, capacity: budget } },
        }),
        policy,
        statuses: config.POLLY_DISCOVERY_STATUSES,
        intervalMs: config.POLLY_DISCOVERY_INTERVAL_SECONDS * 1000,
        retryMs: config.POLLY_DISCOVERY_RETRY_SECONDS * 1000,
        progressEveryPages: config.POLLY_DISCOVERY_PROGRESS_PAGES,
        logger,
        metrics: discoveryMetrics,
        onCycle: (report) => {
          if (report.ok) readiness.set(`discovery-${environment}`, true, `last cycle ${report.cycleId}: ${report.listed.markets} markets in ${report.durationMs} ms`);
        },
      });
      slots.set(environment, new EnvironmentSlot(environment, options, readiness, logger, signal));
    }

    const keysPresent = (environment: Environment) => Boolean(readKeyPair(config.POLLY_SECRETS_DIR, environment));
    const subscriptions: Array<{ unsubscribe(): void }> = [];
    for (const [environment, slot] of slots) {
      if (!NEEDS_KEYS.has(environment)) {
        void slot.settle(true, 'market data is public');
        continue;
      }
      // CONTROL says when keys are connected or disconnected; the secrets folder says whether they are there.
      const subscription = bus.connection.subscribe(bus.subject(`control.${environment}.keys.>`), {
        callback: (error) => {
          if (error) return logger.warn({ environment, error: String(error) }, 'keys subscription error');
          const present = keysPresent(environment);
          void slot.settle(present, present ? 'keys connected' : 'keys disconnected');
        },
      });
      subscriptions.push(subscription);
      void slot.settle(keysPresent(environment), keysPresent(environment) ? 'keys present at start' : `waiting for ${environment} keys to be connected`);
    }

    bus.heartbeat({
      service: 'discovery',
      instanceId,
      startedAt,
      environments: config.POLLY_ENVIRONMENTS,
      ready: () => readiness.snapshot().ready,
      details: () => {
        const details: Record<string, string | number | boolean | null> = {};
        for (const [environment, slot] of slots) {
          const active = slot.active;
          details[`${environment}.running`] = Boolean(active);
          details[`${environment}.markets`] = active ? active.catalogue.known.markets.size : null;
          details[`${environment}.planMarkets`] = active ? active.catalogue.plan.members.size : null;
          details[`${environment}.lastCycleMs`] = active?.lastReport?.durationMs ?? null;
        }
        return details;
      },
      signal,
    });

    return {
      stop: async () => {
        for (const subscription of subscriptions) subscription.unsubscribe();
        await Promise.allSettled([...slots.values()].map((slot) => slot.settle(false, 'service stopping')));
        await db.destroy();
        await bus.close();
      },
    };
  },
});
