/**
 * One Database interface for kysely. The read-model tables exist once per environment schema
 * (`live`, `demo`); pick the schema with `db.withSchema(schemaOf(environment))`.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Environment } from '@polly/contracts';
import type { AgentStateTable, ApprovalsTable, DecisionsTable, IntentsTable } from './tables/agents';
import type { EventsTable, MarketsTable, SeriesTable } from './tables/markets';
import type {
  DiscrepanciesTable,
  ProjectionCheckpointsTable,
  ReconciliationCyclesTable,
  ServicesTable,
  SystemConfigTable,
} from './tables/system';
import type { BalancesTable, FillsTable, OrdersTable, PnlPointsTable, PositionsTable } from './tables/trading';

export interface ReadModelTables {
  series: SeriesTable;
  events: EventsTable;
  markets: MarketsTable;
  orders: OrdersTable;
  fills: FillsTable;
  positions: PositionsTable;
  balances: BalancesTable;
  pnl_points: PnlPointsTable;
  agent_state: AgentStateTable;
  decisions: DecisionsTable;
  intents: IntentsTable;
  approvals: ApprovalsTable;
  system_config: SystemConfigTable;
  services: ServicesTable;
  reconciliation_cycles: ReconciliationCyclesTable;
  discrepancies: DiscrepanciesTable;
}

export interface Database extends ReadModelTables {
  projection_checkpoints: ProjectionCheckpointsTable;
}

export type ReadModelTable = keyof ReadModelTables;

/** Primary key columns of every read model (used for ordered checksums and upserts). */
export const READ_MODEL_KEYS: Record<ReadModelTable, readonly string[]> = {
  series: ['series_ticker'],
  events: ['event_ticker'],
  markets: ['market_ticker'],
  orders: ['client_order_id'],
  fills: ['fill_id'],
  positions: ['holder', 'market_ticker'],
  balances: ['account'],
  pnl_points: ['point_id'],
  agent_state: ['agent_id'],
  decisions: ['decision_id'],
  intents: ['intent_id'],
  approvals: ['approval_id'],
  system_config: ['config_key'],
  services: ['service'],
  reconciliation_cycles: ['cycle_id'],
  discrepancies: ['discrepancy_id'],
};
export const READ_MODEL_TABLES = Object.keys(READ_MODEL_KEYS) as ReadModelTable[];

export const schemaOf = (environment: Environment, prefix = ''): string => `${prefix}${environment}`;

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  connectionString: string;
  maxConnections?: number;
  applicationName?: string;
}

export function createDatabase(options: DatabaseOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 5,
    application_name: options.applicationName ?? 'polly',
  });
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
