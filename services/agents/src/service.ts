/**
 * The agents service: every agent plugin, in every environment it serves (`POLLY_ENVIRONMENTS`),
 * each agent in its own task. Environments share nothing but the process: their own registry,
 * tasks, inputs and consumers. `createAgentsService` takes the plugins (and, for tests, a clock
 * and the restart policy); `agentsService` runs the built-in ones.
 */
import { setMaxListeners } from 'node:events';
import { connectBus } from '@polly/bus';
import { createDatabase } from '@polly/db';
import { defineService } from '@polly/runtime';
import { AgentsConfig } from './config';
import { DEFAULT_ACTIVATION } from './domain/activation';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './domain/lifecycle';
import { createAgentsMetrics } from './metrics';
import { AGENT_ID_PATTERN, type AnyAgentPlugin } from './plugin';
import { BUILT_IN_PLUGINS } from './plugins';
import { type RunningEnvironment, startEnvironment } from './runtime/start-environment';

export interface AgentsServiceOptions {
  plugins?: readonly AnyAgentPlugin[];
  now?: () => number;
  random?: () => number;
  restartPolicy?: Partial<RestartPolicy>;
}

function checkPlugins(plugins: readonly AnyAgentPlugin[]): void {
  const seen = new Set<string>();
  for (const plugin of plugins) {
    if (!AGENT_ID_PATTERN.test(plugin.agentId)) throw new Error(`agent id "${plugin.agentId}" must be lower-case letters, digits and dashes (at most 24)`);
    if (seen.has(plugin.agentId)) throw new Error(`two plugins share the agent id "${plugin.agentId}"`);
    seen.add(plugin.agentId);
  }
}

export function createAgentsService(options: AgentsServiceOptions = {}) {
  const plugins = options.plugins ?? BUILT_IN_PLUGINS;
  checkPlugins(plugins);
  const now = options.now ?? Date.now;
  return defineService({
    name: 'agents',
    config: AgentsConfig,
    healthPort: 4505,
    async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
      readiness.set('environments', false, 'loading registries');
      setMaxListeners(100, signal);
      const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'agents', namespace: config.POLLY_NAMESPACE, logger, signal });
      await bus.ensureStreams();
      const db = createDatabase({ connectionString: config.POLLY_DATABASE_URL, applicationName: 'agents' });
      const agentsMetrics = createAgentsMetrics(metrics);
      const environments: RunningEnvironment[] = [];
      bus.heartbeat({
        service: 'agents',
        instanceId,
        startedAt,
        environments: config.POLLY_ENVIRONMENTS,
        ready: () => readiness.snapshot().ready,
        details: () =>
          Object.fromEntries(
            environments.flatMap((running) => [
              ...[...running.runtime.records.values()].map((record) => [`${running.runtime.environment}.${record.agentId}`, record.lifecycle] as const),
              [`${running.runtime.environment}.activation`, running.runtime.activation.phase] as const,
            ]),
          ),
        signal,
      });
      try {
        for (const environment of config.POLLY_ENVIRONMENTS) {
          environments.push(
            await startEnvironment(
              {
                environment,
                tradeMode: environment === 'demo' ? config.POLLY_DEMO_TRADE_MODE : config.POLLY_LIVE_TRADE_MODE,
                tradingEnabledByDefault: environment === 'demo' ? config.POLLY_TRADING_ENABLED_DEFAULT_DEMO : config.POLLY_TRADING_ENABLED_DEFAULT_LIVE,
                activation: { ...DEFAULT_ACTIVATION, quietMs: config.POLLY_AGENTS_ACTIVATION_QUIET_SECONDS * 1000 },
                restartPolicy: { ...DEFAULT_RESTART_POLICY, limit: config.POLLY_AGENTS_RESTART_LIMIT, baseDelayMs: config.POLLY_AGENTS_RESTART_BASE_MS, ...options.restartPolicy },
                indexHistoryMinutes: config.POLLY_AGENTS_INDEX_HISTORY_MINUTES,
                intentTimeoutMs: config.POLLY_AGENTS_INTENT_TIMEOUT_SECONDS * 1000,
              },
              { bus, db, plugins, logger, metrics: agentsMetrics, now, random: options.random ?? Math.random, signal },
            ),
          );
        }
      } catch (error) {
        await Promise.allSettled(environments.map((running) => running.stop()));
        await bus.close();
        await db.destroy();
        throw error;
      }
      readiness.set('environments', true);
      return {
        stop: async () => {
          await Promise.allSettled(environments.map((running) => running.stop()));
          await bus.close();
          await db.destroy();
        },
      };
    },
  });
}

export const agentsService = createAgentsService();
