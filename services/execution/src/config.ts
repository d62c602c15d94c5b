/** Execution's configuration: the shared fragments plus trade modes and a few tunables. */
import { DollarsText } from '@polly/contracts';
import { BusConfig, DatabaseConfig, ExchangeConfig, envBoolean, envPositiveInteger } from '@polly/runtime';
import { z } from 'zod';

const TradeMode = z.enum(['live', 'paper']);

export const ExecutionConfig = BusConfig.extend(DatabaseConfig.shape)
  .extend(ExchangeConfig.shape)
  .extend({
    POLLY_DEMO_TRADE_MODE: TradeMode.default('live').describe('live: demo orders go to the demo exchange (play money); paper: they fill against the cached book'),
    POLLY_LIVE_TRADE_MODE: TradeMode.default('paper').describe('paper until you mean it: live orders then go to Kalshi with real money'),
    POLLY_TRADING_ENABLED_DEFAULT_DEMO: envBoolean.default(true).describe('whether demo trading is on before any trading.enable/disable (same default as the gate)'),
    POLLY_TRADING_ENABLED_DEFAULT_LIVE: envBoolean.default(false).describe('whether live trading is on before any trading.enable/disable (same default as the gate)'),
    POLLY_PAPER_STARTING_BALANCE: DollarsText.default('1000.00').describe('the simulated cash of a paper environment, e.g. 1000.00'),
    POLLY_EXECUTION_REQUEST_TIMEOUT_MS: envPositiveInteger.default(10_000).describe('per-attempt timeout of exchange requests'),
    POLLY_EXECUTION_MAX_INTENT_AGE_SECONDS: envPositiveInteger.default(120).describe('approved intents older than this are refused (INTENT_EXPIRED) instead of placed'),
    POLLY_EXECUTION_PNL_INTERVAL_SECONDS: envPositiveInteger.default(60).describe('how often P/L is recorded while positions are open'),
    POLLY_EXECUTION_BALANCE_INTERVAL_MS: envPositiveInteger.default(2000).describe('at most one balance.updated per interval after fills'),
  });
export type ExecutionConfig = z.infer<typeof ExecutionConfig>;
