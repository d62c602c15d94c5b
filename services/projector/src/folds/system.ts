/** SYSTEM → services (heartbeats), connection and discovery settings, reconciliation cycles. */
import type { Environment, StreamHandlers } from '@polly/contracts';
import { type RowOperation, update, upsert } from '../operations';

const setting = (environment: Environment, key: string, value: string, at: string): RowOperation =>
  upsert(environment, 'system_config', { config_key: key }, { config_value: value, updated_at: at });

export const systemFold: StreamHandlers<'SYSTEM', RowOperation[]> = {
  'service.heartbeat': ({ environment, data, occurredAt }) => [
    upsert(environment, 'services', { service: data.service }, {
      instance_id: data.instanceId,
      started_at: data.startedAt,
      last_seen_at: occurredAt,
      uptime_seconds: data.uptimeSeconds,
      ready: data.ready,
      details: JSON.stringify(data.details),
    }),
  ],
  'connection.changed': ({ environment, data, occurredAt }) => [
    setting(environment, 'websocket_state', data.state, occurredAt),
    setting(environment, 'websocket_subscriptions', String(data.subscriptions), occurredAt),
    setting(environment, 'websocket_reason', data.reason ?? '', occurredAt),
  ],
  'discovery.progressed': ({ environment, data, occurredAt }) => [
    setting(environment, 'discovery_progress', JSON.stringify({ cycleId: data.cycleId, phase: data.phase, pages: data.pages, items: data.items, elapsedMs: data.elapsedMs }), occurredAt),
  ],
  'discovery.completed': ({ environment, data, occurredAt }) => [
    setting(environment, 'markets_discovered', String(data.markets), occurredAt),
    setting(environment, 'discovery_completed_at', occurredAt, occurredAt),
    setting(environment, 'discovery_summary', JSON.stringify(data), occurredAt),
  ],
  'reconciliation.requested': () => [],
  'reconciliation.started': ({ environment, data, occurredAt }) => [
    upsert(environment, 'reconciliation_cycles', { cycle_id: data.cycleId }, {
      trigger: data.trigger,
      started_at: occurredAt,
      completed_at: null,
      clean: null,
      discrepancies: null,
      by_kind: null,
      summary: null,
      error: null,
    }),
  ],
  'reconciliation.completed': ({ environment, data, occurredAt }) => [
    update(environment, 'reconciliation_cycles', { cycle_id: data.cycleId }, {
      completed_at: occurredAt,
      clean: data.clean,
      discrepancies: data.discrepancies,
      by_kind: JSON.stringify(data.byKind),
      summary: JSON.stringify(data.summary),
      error: data.error,
    }),
  ],
};
