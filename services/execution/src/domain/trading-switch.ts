/**
 * The kill switch as execution sees it, folded from CONTROL `trading.enable`, `trading.disable`
 * and `trading.halted` of one environment. Before the first of those the environment's default
 * applies (demo enabled, live disabled unless configured otherwise), as in the gate.
 */
import type { DenialCode } from '@polly/contracts';

export type SwitchEventType = 'trading.enable' | 'trading.disable' | 'trading.halted';

export interface TradingSwitch {
  enabled: boolean;
  /** What decided the current state. */
  cause: 'default' | SwitchEventType;
  reason: string;
  eventId: string | null;
  changedAt: string | null;
}

export interface SwitchEvent {
  id: string;
  type: SwitchEventType;
  occurredAt: string;
  reason: string;
}

export const initialSwitch = (enabledByDefault: boolean): TradingSwitch => ({
  enabled: enabledByDefault,
  cause: 'default',
  reason: enabledByDefault ? 'enabled by default' : 'disabled by default',
  eventId: null,
  changedAt: null,
});

export function evolveSwitch(_state: TradingSwitch, event: SwitchEvent): TradingSwitch {
  return {
    enabled: event.type === 'trading.enable',
    cause: event.type,
    reason: event.reason,
    eventId: event.id,
    changedAt: event.occurredAt,
  };
}

/** Why nothing may be sent now, or null when trading is on. */
export function switchRefusal(state: TradingSwitch): { code: DenialCode; message: string } | null {
  if (state.enabled) return null;
  if (state.cause === 'trading.halted') return { code: 'TRADING_HALTED', message: `trading is halted: ${state.reason}` };
  return { code: 'GLOBAL_TRADING_DISABLED', message: `trading is disabled: ${state.reason}` };
}
