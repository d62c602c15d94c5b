/**
 * CONTROL → system_config. Commands that other services act on (agent commands, approvals)
 * leave no row here: their outcomes arrive as TRADING events.
 */
import type { Environment, StreamHandlers } from '@polly/contracts';
import { ENVIRONMENTS } from '@polly/contracts';
import { type RowOperation, upsert } from '../operations';

const setting = (environment: Environment, key: string, value: string, at: string): RowOperation =>
  upsert(environment, 'system_config', { config_key: key }, { config_value: value, updated_at: at });

const nothing = (): RowOperation[] => [];

export const controlFold: StreamHandlers<'CONTROL', RowOperation[]> = {
  'agent.start': nothing,
  'agent.stop': nothing,
  'agent.pause': nothing,
  'agent.enable': nothing,
  'agent.disable': nothing,
  'agent.set-mode': nothing,
  'agents.set-mode': nothing,
  'approval.approve': nothing,
  'approval.deny': nothing,
  'orders.cancel-all': ({ environment, occurredAt }) => [setting(environment, 'last_cancel_all_at', occurredAt, occurredAt)],
  'trading.enable': ({ environment, occurredAt, data }) => [
    setting(environment, 'global_trading_enabled', 'true', occurredAt),
    setting(environment, 'trading_changed_by', data.requestedBy, occurredAt),
    setting(environment, 'trading_disabled_reason', '', occurredAt),
  ],
  'trading.disable': ({ environment, occurredAt, data }) => [
    setting(environment, 'global_trading_enabled', 'false', occurredAt),
    setting(environment, 'trading_changed_by', data.requestedBy, occurredAt),
    setting(environment, 'trading_disabled_reason', data.reason, occurredAt),
  ],
  'trading.halted': ({ environment, occurredAt, data }) => [
    setting(environment, 'global_trading_enabled', 'false', occurredAt),
    setting(environment, 'trading_changed_by', data.service, occurredAt),
    setting(environment, 'trading_disabled_reason', `${data.code}: ${data.message}`, occurredAt),
  ],
  // The selected environment is a cockpit-wide setting, so both schemas record it.
  'environment.select': ({ environment, occurredAt }) => ENVIRONMENTS.map((schema) => setting(schema, 'active_environment', environment, occurredAt)),
  'keys.connected': ({ environment, occurredAt, data }) => [
    setting(environment, 'api_keys_loaded', 'true', occurredAt),
    setting(environment, 'api_key_id_hint', data.keyIdHint, occurredAt),
    setting(environment, 'api_keys_verified_at', data.verifiedAt, occurredAt),
  ],
  'keys.disconnected': ({ environment, occurredAt }) => [
    setting(environment, 'api_keys_loaded', 'false', occurredAt),
    setting(environment, 'api_key_id_hint', '', occurredAt),
  ],
};
