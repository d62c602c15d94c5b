/** The agents' configuration, validated at start. */
import { z } from 'zod';
import { BusConfig, DatabaseConfig, ExchangeConfig, envBoolean } from '@polly/runtime';

const TradeMode = z.enum(['live', 'paper']);

export const AgentsConfig = BusConfig.extend(DatabaseConfig.shape)
  .extend(ExchangeConfig.pick({ POLLY_ENVIRONMENTS: true }).shape)
  .extend({
    POLLY_DEMO_TRADE_MODE: TradeMode.default('live').describe('paper: demo needs no keys to trade (agents activate at start); live: they activate on keys.connected'),
    POLLY_LIVE_TRADE_MODE: TradeMode.default('paper').describe('paper: live needs no keys to trade (agents activate at start); live: they activate on keys.connected'),
    POLLY_TRADING_ENABLED_DEFAULT_DEMO: envBoolean.default(true).describe('whether demo trading is on before any trading.enable/disable command (the gate reads the same)'),
    POLLY_TRADING_ENABLED_DEFAULT_LIVE: envBoolean.default(false).describe('whether live trading is on before any trading.enable/disable command (the gate reads the same)'),
    POLLY_AGENTS_ACTIVATION_QUIET_SECONDS: z.coerce.number().positive().default(30).describe('how long agents wait for a reconciliation cycle to start before activating without one'),
    POLLY_AGENTS_RESTART_LIMIT: z.coerce.number().int().nonnegative().default(5).describe('restarts of a failing agent within 10 minutes before it stays in ERROR'),
    POLLY_AGENTS_RESTART_BASE_MS: z.coerce.number().int().positive().default(1000).describe('delay before the first restart of a failed agent (doubling each time)'),
    POLLY_AGENTS_INDEX_HISTORY_MINUTES: z.coerce.number().int().positive().max(240).default(30).describe('minutes of index history read back at start to warm up volatility estimates'),
    POLLY_AGENTS_INTENT_TIMEOUT_SECONDS: z.coerce.number().positive().default(120).describe('an intent with no answer from the gate or execution after this long stops counting as working'),
  });
export type AgentsConfig = z.infer<typeof AgentsConfig>;
