/**
 * Starting one environment's agents: load the registry, holdings and switches, register new
 * plugins, then connect the inputs, each on its own path:
 *   cache notifications (core NATS) + KV reads  → market updates        (MarketFeed)
 *   MARKET_DATA index.updated (history, live)   → index values          (IndexFeed)
 *   TRADING positions, fills, orders, denials, approvals from checkpoint + 1 → holdings book
 *   MARKET_DATA lifecycle, MARKETS state changes (live)                 → market catalog
 *   SYSTEM reconciliation cycles (live)                                 → activation
 *   CONTROL (durable `agents-{environment}-control`)                    → commands
 * CONTROL and SYSTEM are followed from where they stood when their facts were read, so nothing
 * between reading and following is lost.
 * A timer at each minute boundary does the housekeeping (holds, stale intents, reviews).
 */
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import type { Db } from '@polly/db';
import type { Logger } from '@polly/runtime';
import type { ActivationSettings } from '../domain/activation';
import type { EnvironmentSwitches } from '../domain/commands';
import type { RestartPolicy } from '../domain/lifecycle';
import { mergeAgent } from '../domain/registry';
import type { AgentsMetrics } from '../metrics';
import type { AnyAgentPlugin } from '../plugin';
import { EnvironmentRuntime } from './environment-runtime';
import { IndexFeed } from './index-feed';
import { MarketCatalog } from './market-catalog';
import { MarketFeed } from './market-feed';
import { createPublisher } from './publisher';
import { loadAgentFacts, loadControlFacts, loadReadModels, loadReconciliationFacts } from './startup-state';
import { type Follow, follow } from './streams';
import { foldSwitches } from '../domain/commands';

export interface EnvironmentSettings {
  environment: Environment;
  tradeMode: 'live' | 'paper';
  tradingEnabledByDefault: boolean;
  activation: ActivationSettings;
  restartPolicy: RestartPolicy;
  indexHistoryMinutes: number;
  intentTimeoutMs: number;
}

export interface EnvironmentDependencies {
  bus: Bus;
  db: Db;
  plugins: readonly AnyAgentPlugin[];
  logger: Logger;
  metrics: AgentsMetrics;
  now: () => number;
  random: () => number;
  signal: AbortSignal;
}

export interface RunningEnvironment {
  runtime: EnvironmentRuntime;
  marketFeed: MarketFeed;
  indexFeed: IndexFeed;
  stop(): Promise<void>;
}

const TRADING_FILTERS = ['position.updated', 'fill.recorded', 'order', 'intent.denied', 'approval.resolved'];

export async function startEnvironment(settings: EnvironmentSettings, dependencies: EnvironmentDependencies): Promise<RunningEnvironment> {
  const { environment } = settings;
  const { bus, db, logger, metrics, now, signal } = dependencies;
  const invalid = (source: string) => (reason: string) => {
    metrics.invalidInputs.inc({ environment, source });
    logger.warn({ environment, source, reason }, 'invalid input skipped');
  };
  const followerStopped = (what: string) => (error: unknown) => {
    if (!signal.aborted) logger.error({ environment, what, error: String(error) }, 'a stream follower stopped');
  };

  // Where CONTROL and SYSTEM stood when their facts were read: later messages are followed.
  const controlSequence = await bus.lastSequence('CONTROL');
  const systemSequence = await bus.lastSequence('SYSTEM');
  const controlDurable = `agents-${environment}-control`;
  const firstRun = !(await bus.manager.consumers.info(bus.stream('CONTROL'), controlDurable).then(() => true, () => false));
  const snapshot = await loadReadModels(db, environment);
  const control = await loadControlFacts(bus, environment);
  let switches: EnvironmentSwitches = {
    environment,
    tradeMode: settings.tradeMode,
    trading: { enabled: settings.tradingEnabledByDefault, reason: settings.tradingEnabledByDefault ? null : `trading in ${environment} is off until the owner enables it` },
    keys: 'never-connected',
  };
  if (control.tradingSwitch) switches = foldSwitches(switches, control.tradingSwitch.event);
  if (control.keys) switches = foldSwitches(switches, control.keys.event);

  const catalog = new MarketCatalog(db, environment, now);
  const publisher = createPublisher(bus, environment, now);
  let indexFeed: IndexFeed | null = null;
  let marketFeed: MarketFeed | null = null;
  const runtime = new EnvironmentRuntime(
    {
      environment,
      plugins: dependencies.plugins,
      publisher,
      logger,
      metrics,
      now,
      random: dependencies.random,
      activation: settings.activation,
      restartPolicy: settings.restartPolicy,
      intentTimeoutMs: settings.intentTimeoutMs,
      indexHistory: () => indexFeed?.recent() ?? [],
      review: async (ticker, agentId) => marketFeed?.review(ticker, agentId),
    },
    switches,
  );

  const agentIds = new Set([...dependencies.plugins.map((plugin) => plugin.agentId), ...snapshot.agents.map((row) => row.agent_id)]);
  const records = new Map();
  // Agents no mode or flag change was ever recorded for: the only ones activation at start may touch.
  const neverConfigured = new Set<string>();
  for (const agentId of agentIds) {
    const facts = await loadAgentFacts(bus, environment, agentId);
    const merged = mergeAgent(agentId, snapshot.agents.find((row) => row.agent_id === agentId), facts);
    if (merged) records.set(agentId, merged);
    if (facts.configured === null) neverConfigured.add(agentId);
  }
  await runtime.adopt(records, control.tradingSwitch?.sequence ?? 0, control.keys?.sequence ?? 0);
  runtime.book.load(snapshot.holdings, now(), snapshot.tradingCheckpoint);
  runtime.noteReconciliationAtStart(await loadReconciliationFacts(bus, environment, now()));
  await catalog.loadWatchlist();

  const followers: Array<Promise<void>> = [];
  const startFollow = (options: Follow, onEvent: Parameters<typeof follow>[3], source: string) =>
    followers.push(follow(bus, options, signal, onEvent, invalid(source)).catch(followerStopped(options.filter)));
  for (const filter of TRADING_FILTERS) {
    startFollow({ stream: 'TRADING', filter: `trading.${environment}.${filter}.>`, start: { sequence: snapshot.tradingCheckpoint + 1 } }, (event, sequence) => runtime.book.apply(event, sequence), 'trading');
  }
  startFollow({ stream: 'MARKET_DATA', filter: `md.${environment}.lifecycle.changed.>`, start: 'new' }, (event) => catalog.apply(event), 'lifecycle');
  startFollow({ stream: 'MARKETS', filter: `markets.${environment}.market.state-changed.>`, start: 'new' }, (event) => catalog.apply(event), 'markets');
  startFollow({ stream: 'SYSTEM', filter: `system.${environment}.reconciliation.>`, start: { sequence: systemSequence + 1 } }, (event) => void runtime.onReconciliation(event), 'system');

  indexFeed = new IndexFeed({
    bus,
    environment,
    historyMinutes: settings.indexHistoryMinutes,
    freshMs: 10_000,
    now,
    deliver: (observation, fresh) => {
      metrics.indexValues.inc({ environment, index: observation.indexId });
      runtime.deliverIndex(observation, fresh);
    },
    onInvalid: invalid('index'),
    onError: followerStopped('index'),
  });
  followers.push(indexFeed.start(signal));
  marketFeed = new MarketFeed({
    bus,
    environment,
    catalog,
    now,
    wanted: (ticker, series) => runtime.wanted(ticker, series),
    deliver: (view, trades, trigger, only) => runtime.deliverMarket(view, trades, trigger, only),
    onInvalid: invalid('cache'),
    onError: (error) => logger.warn({ environment, error: String(error) }, 'market read failed'),
  });
  marketFeed.start();

  await runtime.activateOnStart(neverConfigured);

  followers.push(
    bus
      .consume({
        stream: 'CONTROL',
        durable: controlDurable,
        filterSubject: `control.${environment}.>`,
        deliverPolicy: 'all',
        signal,
        onDeadLetter: invalid('control'),
        handle: async ({ event, streamSequence }) => {
          // On the very first run, history before the start is already in the state read above
          // (switches and keys by last message, agents by their own facts): only later commands act.
          const outcome = firstRun && streamSequence <= controlSequence ? 'ignored' : await runtime.onControl(event, streamSequence);
          metrics.commands.inc({ environment, type: event.type, outcome });
          if (outcome === 'unknown-agent') logger.warn({ environment, type: event.type }, 'a command named an agent this environment does not have');
        },
      })
      .catch(followerStopped('control')),
  );

  let minuteTimer: NodeJS.Timeout | undefined;
  const scheduleMinute = () => {
    minuteTimer = setTimeout(() => {
      runtime.minute();
      scheduleMinute();
    }, 60_000 - (now() % 60_000) + 5);
    minuteTimer.unref();
  };
  scheduleMinute();

  return {
    runtime,
    marketFeed,
    indexFeed,
    stop: async () => {
      clearTimeout(minuteTimer);
      marketFeed?.stop();
      await runtime.stop();
      await Promise.allSettled(followers);
    },
  };
}
