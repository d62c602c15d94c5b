/** The reconciliation service's configuration, validated at start. */
import { z } from 'zod';
import { BusConfig, DatabaseConfig, ExchangeConfig, envBoolean } from '@polly/runtime';

const TradeMode = z.enum(['live', 'paper']);

export const ReconciliationConfig = BusConfig.extend(DatabaseConfig.shape).extend(ExchangeConfig.shape).extend({
  POLLY_RECONCILIATION_INTERVAL_MINUTES: z.coerce.number().positive().max(24 * 60).default(60).describe('minutes between scheduled cycles'),
  POLLY_RECONCILIATION_CANCEL_UNKNOWN: envBoolean.default(false).describe('cancel resting orders the read models do not know (otherwise they are flagged and adopted)'),
  POLLY_RECONCILIATION_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10).describe('changes younger than this may be in flight and are left for the next cycle'),
  POLLY_RECONCILIATION_PROJECTION_WAIT_SECONDS: z.coerce.number().min(0).max(300).default(15).describe('how long a cycle waits for the projector to fold what was already published before it reads the read models'),
  POLLY_RECONCILIATION_FILL_LOOKBACK_HOURS: z.coerce.number().positive().max(24 * 90).default(24).describe('how far back fills are fetched when there is no open order and no earlier cycle'),
  POLLY_DEMO_TRADE_MODE: TradeMode.default('live').describe('live: demo orders go to the demo exchange; paper: nothing reaches the exchange, so nothing is reconciled'),
  POLLY_LIVE_TRADE_MODE: TradeMode.default('paper').describe('live: real orders; paper: nothing reaches the exchange, so nothing is reconciled'),
});
export type ReconciliationConfig = z.infer<typeof ReconciliationConfig>;
