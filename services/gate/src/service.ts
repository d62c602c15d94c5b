/**
 * The permission gate: every agent intent passes here before execution sees it. One
 * environment gate per served environment (`POLLY_ENVIRONMENTS`), each with its own state,
 * consumers and approval timers; live and demo never share anything.
 */
import { setMaxListeners } from 'node:events';
import { connectBus } from '@polly/bus';
import { ONE_DOLLAR, type Environment, micros, parseDollars } from '@polly/contracts';
import { defineService } from '@polly/runtime';
import { GateConfig } from './config';
import { type EnvironmentGate, startEnvironmentGate } from './environment-gate';
import { createMarketLookup } from './market-lookup';
import { createGateMetrics } from './metrics';
import { openSnapshotStore } from './snapshot-store';
import { settingsOf } from './snapshot';
import { type GateSettings, initialState } from './state';

/** The PRD's only hard stop: no buying under $5.00. */
export const MINIMUM_BALANCE = micros(5n * ONE_DOLLAR);

export const gateService = defineService({
  name: 'gate',
  config: GateConfig,
  healthPort: 4506,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    readiness.set('state', false, 'rebuilding state from the streams');
    // Every reader, follower and consumer of every environment listens on the one stop signal.
    setMaxListeners(100, signal);
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'gate', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams();
    const gateMetrics = createGateMetrics(metrics);
    const settings: GateSettings = {
      approvalTimeoutMs: config.POLLY_APPROVAL_TIMEOUT_SECONDS * 1000,
      maxIntentAgeMs: config.POLLY_GATE_MAX_INTENT_AGE_SECONDS * 1000,
      minimumBalance: MINIMUM_BALANCE,
      awaitingOrderMs: 120_000,
    };
    const environmentSettings = (environment: Environment) => ({
      environment,
      tradeMode: environment === 'demo' ? config.POLLY_DEMO_TRADE_MODE : config.POLLY_LIVE_TRADE_MODE,
      tradingEnabledByDefault: environment === 'demo' ? config.POLLY_TRADING_ENABLED_DEFAULT_DEMO : config.POLLY_TRADING_ENABLED_DEFAULT_LIVE,
      paperStartingBalance: parseDollars(config.POLLY_PAPER_STARTING_BALANCE),
      settings,
    });
    const snapshotStore = config.POLLY_GATE_SNAPSHOT_SECONDS > 0 ? await openSnapshotStore(bus) : null;
    const gates: EnvironmentGate[] = [];
    bus.heartbeat({
      service: 'gate',
      instanceId,
      startedAt,
      environments: config.POLLY_ENVIRONMENTS,
      ready: () => readiness.snapshot().ready,
      details: () =>
        Object.fromEntries(
          gates.flatMap((gate) => [
            [`${gate.environment}.tradingEnabled`, gate.state.trading.enabled],
            [`${gate.environment}.pendingApprovals`, gate.state.pendingApprovals.size],
          ]),
        ),
      signal,
    });
    for (const environment of config.POLLY_ENVIRONMENTS) {
      const initial = environmentSettings(environment);
      const state = initialState(initial);
      gates.push(
        await startEnvironmentGate({
          bus,
          state,
          markets: createMarketLookup(bus, environment),
          logger,
          metrics: gateMetrics,
          signal,
          ...(snapshotStore
            ? { snapshots: { store: snapshotStore, settings: settingsOf(state, initial.tradingEnabledByDefault, initial.paperStartingBalance), intervalMs: config.POLLY_GATE_SNAPSHOT_SECONDS * 1000 } }
            : {}),
        }),
      );
    }
    readiness.set('state', true);
    return {
      stop: async () => {
        await Promise.allSettled(gates.map((gate) => gate.stop()));
        await bus.close();
      },
    };
  },
});
