/**
 * Test support: the real parts discovery works with — the exchange simulator in-process, a
 * namespaced JetStream, a Postgres database cloned from the migrated template and the real
 * projector — plus ways to read back what discovery published.
 */
import { request as httpRequest } from 'node:http';
import { type AnyEvent, type Environment, encodeSubjectToken } from '@polly/contracts';
import type { ExchangeSimulator } from '@polly/exchange-sim';
import { createKalshiClient } from '@polly/kalshi';
import { MAIN_PROJECTION, PROJECTED_STREAMS, projectorService, readCheckpoint } from '@polly/projector';
import { type ServiceHandle, createLogger, createMetrics, startService } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, eventually } from '@polly/testing';
import type { ListingStatus } from '../config';
import { type MarketPolicy, createPolicy } from '../core/classify';
import { type PlanState, emptyPlan, foldPlan } from '../core/plan';
import { DiscoveryEnvironment, type EnvironmentOptions } from '../environment';
import { createDiscoveryMetrics } from '../metrics';

export const testLogger = () => createLogger({ service: 'discovery', level: process.env.POLLY_TEST_LOG_LEVEL ?? 'silent' });

/** Call an admin endpoint of the simulator (faults, clock). */
export function admin(simulator: ExchangeSimulator, method: string, route: string, body?: unknown): Promise<unknown> {
  const url = new URL(`${simulator.adminUrl}${route}`);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers: payload ? { 'content-type': 'application/json' } : {} }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        if ((response.statusCode ?? 500) >= 300) reject(new Error(`admin ${method} ${route} answered ${response.statusCode}: ${text}`));
        else resolve(text ? JSON.parse(text) : null);
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

export interface Stack {
  bus: TestBus;
  database: TestDatabase;
  /** Open a discovery environment (loads the read models and the plan) without starting its timers. */
  openEnvironment(options?: Partial<Pick<EnvironmentOptions, 'statuses' | 'policy' | 'environment'>> & { restUrl?: string; readTokensPerSecond?: number }): Promise<DiscoveryEnvironment>;
  /** Valid MARKETS events of an environment in stream order: all of them, or of one type (and key). */
  marketsEvents(options?: { environment?: Environment; type?: string; key?: string }): Promise<AnyEvent[]>;
  /** Every valid SYSTEM event of an environment, in stream order. */
  systemEvents(environment?: Environment): Promise<AnyEvent[]>;
  /** The plan as ingest would fold it from the stream. */
  foldedPlan(environment?: Environment): Promise<PlanState>;
  startProjector(): Promise<void>;
  /** Wait until the projector has folded everything on its streams. */
  projectorCaughtUp(timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

export const defaultPolicy = (): MarketPolicy => createPolicy({ watchlistSeries: ['KXBTC15M'] });

/**
 * A fresh namespace and database with the real projector running on them (or started later with
 * `startProjector`, so a measurement of discovery alone does not share the process with it).
 */
export async function startStack(simulator: ExchangeSimulator, options: { projector?: boolean } = {}): Promise<Stack> {
  const bus = await createTestBus();
  const database = await createTestDatabase();
  const logger = testLogger();
  let projector: ServiceHandle<unknown> | undefined;
  const startProjector = async () => {
    projector ??= await startService(projectorService, {
      logger,
      env: { POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL, POLLY_DATABASE_URL: database.connectionString, POLLY_NAMESPACE: bus.namespace, POLLY_HEALTH_PORT: '0' },
    });
  };
  if (options.projector !== false) await startProjector();
  const opened: DiscoveryEnvironment[] = [];
  const read = async (stream: 'MARKETS' | 'SYSTEM', filterSubject: string) => {
    const events: AnyEvent[] = [];
    // A read that stalls on a loaded machine ends rather than outliving the test's own timeout.
    for await (const item of bus.read({ stream, filterSubject, signal: AbortSignal.timeout(60_000) })) if (item.valid) events.push(item.event as AnyEvent);
    return events;
  };
  const marketsSubject = ({ environment = 'demo', type, key }: { environment?: Environment; type?: string; key?: string }) => {
    if (!type) return `markets.${environment}.>`;
    // plan.updated has no key; the other MARKETS events carry the ticker as their last token.
    if (type === 'plan.updated') return `markets.${environment}.plan.updated`;
    return `markets.${environment}.${type}.${key === undefined ? '*' : encodeSubjectToken(key)}`;
  };
  return {
    bus,
    database,
    startProjector,
    async openEnvironment(options = {}) {
      const environment = options.environment ?? 'demo';
      const budget = options.readTokensPerSecond ?? 100;
      const opening = await DiscoveryEnvironment.open({
        environment,
        bus,
        db: database.db,
        client: createKalshiClient({ environment, restBaseUrl: options.restUrl ?? simulator.restUrl, limits: { read: { refillPerSecond: budget, capacity: budget } } }),
        policy: options.policy ?? defaultPolicy(),
        statuses: options.statuses ?? (['unopened', 'open'] as ListingStatus[]),
        intervalMs: 3_600_000,
        retryMs: 3_600_000,
        progressEveryPages: 10,
        logger,
        metrics: createDiscoveryMetrics(createMetrics('discovery')),
      });
      opened.push(opening);
      return opening;
    },
    marketsEvents: (options = {}) => read('MARKETS', marketsSubject(options)),
    systemEvents: (environment = 'demo') => read('SYSTEM', `system.${environment}.>`),
    async foldedPlan(environment = 'demo') {
      const plan = emptyPlan();
      for (const event of await read('MARKETS', marketsSubject({ environment, type: 'plan.updated' }))) if (event.type === 'plan.updated') foldPlan(plan, event.data);
      return plan;
    },
    async projectorCaughtUp(timeoutMs = 120_000) {
      await eventually(
        async () => {
          for (const stream of PROJECTED_STREAMS) {
            if ((await readCheckpoint(database.db, MAIN_PROJECTION.name, stream)) < (await bus.lastSequence(stream))) return false;
          }
          return true;
        },
        { timeoutMs, intervalMs: 250, what: 'the projector to fold every event' },
      );
    },
    async dispose() {
      await Promise.allSettled(opened.map((environment) => environment.stop()));
      await projector?.stop();
      await bus.dispose();
      await database.dispose();
    },
  };
}
