/** The gate's configuration, validated at start. */
import { z } from 'zod';
import { DollarsText } from '@polly/contracts';
import { BusConfig, ExchangeConfig, envBoolean } from '@polly/runtime';

const TradeMode = z.enum(['live', 'paper']);

export const GateConfig = BusConfig.extend(ExchangeConfig.pick({ POLLY_ENVIRONMENTS: true }).shape).extend({
  POLLY_APPROVAL_TIMEOUT_SECONDS: z.coerce.number().positive().max(86_400).default(60).describe('how long a SemiAuto buy waits for a human before it expires'),
  POLLY_TRADING_ENABLED_DEFAULT_DEMO: envBoolean.default(true).describe('whether demo trading is on before any trading.enable/disable command was ever given'),
  POLLY_TRADING_ENABLED_DEFAULT_LIVE: envBoolean.default(false).describe('whether live trading is on before any trading.enable/disable command was ever given'),
  POLLY_DEMO_TRADE_MODE: TradeMode.default('live').describe('live: demo orders go to the demo exchange (play money); paper: filled against the cached book'),
  POLLY_LIVE_TRADE_MODE: TradeMode.default('paper').describe('live: real orders with real money; paper: filled against the cached book'),
  POLLY_PAPER_STARTING_BALANCE: DollarsText.default('1000.00').describe('the simulated balance of a paper environment before execution reports one'),
  POLLY_GATE_SNAPSHOT_SECONDS: z.coerce.number().int().nonnegative().max(86_400).default(300).describe('how often the gate stores a snapshot of its state (also at start and stop), so a restart reads only the history after it; 0 reads the whole history at every start'),
  POLLY_GATE_MAX_INTENT_AGE_SECONDS: z.coerce.number().positive().default(15).describe('an intent older than this when it reaches the gate is denied INTENT_EXPIRED'),
});
export type GateConfig = z.infer<typeof GateConfig>;
