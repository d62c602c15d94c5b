import type { ColumnType, Selectable } from 'kysely';
import type { Json, NullableJson, NullableTimestamp, Timestamp } from './columns';

export interface SystemConfigTable {
  config_key: string;
  config_value: string;
  updated_at: Timestamp;
}

export interface ServicesTable {
  service: string;
  instance_id: string;
  started_at: Timestamp;
  last_seen_at: Timestamp;
  uptime_seconds: number;
  ready: boolean;
  details: Json<Record<string, unknown>>;
}

export interface ReconciliationCyclesTable {
  cycle_id: string;
  trigger: string;
  started_at: Timestamp;
  completed_at: NullableTimestamp;
  clean: boolean | null;
  discrepancies: number | null;
  by_kind: NullableJson<Record<string, number>>;
  summary: NullableJson<string[]>;
  error: string | null;
}

export interface DiscrepanciesTable {
  discrepancy_id: string;
  cycle_id: string;
  kind: string;
  market_ticker: string | null;
  order_id: string | null;
  client_order_id: string | null;
  local: NullableJson<Record<string, unknown>>;
  remote: NullableJson<Record<string, unknown>>;
  resolution: string;
  found_at: Timestamp;
}

/** public.projection_checkpoints: the last stream sequence each projection has folded. */
export interface ProjectionCheckpointsTable {
  projection: string;
  stream: string;
  last_sequence: ColumnType<string, number, number>;
  updated_at: Timestamp;
}

export type SystemConfigRow = Selectable<SystemConfigTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type ReconciliationCycleRow = Selectable<ReconciliationCyclesTable>;
export type DiscrepancyRow = Selectable<DiscrepanciesTable>;
