/**
 * The read models, identical in the `live` and `demo` schemas. Money and counts are numeric
 * (exact decimals, never floats). No foreign keys: rows come from different streams that are
 * folded independently, so an order may be projected before its market.
 * Every timestamp comes from an event, never from now(), so a rebuild reproduces the same rows.
 */
import { type Kysely, sql } from 'kysely';

const money = sql`numeric(20,6)`;
const count = sql`numeric(18,2)`;
export const READ_MODEL_SCHEMAS = ['live', 'demo'] as const;

async function createTables(db: Kysely<unknown>, schema: string): Promise<void> {
  await db.schema.createSchema(schema).ifNotExists().execute();
  const s = db.schema.withSchema(schema);

  await s
    .createTable('series')
    .addColumn('series_ticker', 'text', (column) => column.primaryKey())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('category', 'text', (column) => column.notNull())
    .addColumn('frequency', 'text', (column) => column.notNull())
    .addColumn('tags', 'jsonb', (column) => column.notNull())
    .addColumn('fee_type', 'text', (column) => column.notNull())
    .addColumn('fee_multiplier', sql`numeric(12,6)`, (column) => column.notNull())
    .addColumn('volume', count)
    .addColumn('simulated', 'boolean', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await s
    .createTable('events')
    .addColumn('event_ticker', 'text', (column) => column.primaryKey())
    .addColumn('series_ticker', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('sub_title', 'text', (column) => column.notNull())
    .addColumn('category', 'text', (column) => column.notNull())
    .addColumn('mutually_exclusive', 'boolean', (column) => column.notNull())
    .addColumn('strike_date', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await s.createIndex('events_series').on('events').column('series_ticker').execute();

  await s
    .createTable('markets')
    .addColumn('market_ticker', 'text', (column) => column.primaryKey())
    .addColumn('event_ticker', 'text', (column) => column.notNull())
    .addColumn('series_ticker', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('subtitle', 'text', (column) => column.notNull())
    .addColumn('yes_sub_title', 'text', (column) => column.notNull())
    .addColumn('no_sub_title', 'text', (column) => column.notNull())
    .addColumn('exchange_status', 'text', (column) => column.notNull())
    .addColumn('internal_state', 'text', (column) => column.notNull())
    .addColumn('open_time', 'timestamptz')
    .addColumn('close_time', 'timestamptz')
    .addColumn('expected_expiration_time', 'timestamptz')
    .addColumn('strike_type', 'text')
    .addColumn('floor_strike', sql`numeric(23,8)`)
    .addColumn('cap_strike', sql`numeric(23,8)`)
    .addColumn('price_level_structure', 'text', (column) => column.notNull())
    .addColumn('price_ranges', 'jsonb', (column) => column.notNull())
    .addColumn('yes_bid', money)
    .addColumn('yes_ask', money)
    .addColumn('last_price', money)
    .addColumn('volume', count)
    .addColumn('volume_24h', count)
    .addColumn('open_interest', count)
    .addColumn('result', 'text')
    .addColumn('settlement_value', money)
    .addColumn('listing_index', 'integer')
    .addColumn('discovered_at', 'timestamptz', (column) => column.notNull())
    .addColumn('last_sync_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await s.createIndex('markets_series').on('markets').column('series_ticker').execute();
  await s.createIndex('markets_event').on('markets').column('event_ticker').execute();
  await s.createIndex('markets_exchange_status').on('markets').column('exchange_status').execute();
  await s.createIndex('markets_internal_state').on('markets').column('internal_state').execute();

  await s
    .createTable('orders')
    .addColumn('client_order_id', 'text', (column) => column.primaryKey())
    .addColumn('order_id', 'text', (column) => column.unique())
    .addColumn('agent_id', 'text')
    .addColumn('intent_id', 'text')
    .addColumn('market_ticker', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('side', 'text', (column) => column.notNull())
    .addColumn('book_side', 'text', (column) => column.notNull())
    .addColumn('yes_price', money, (column) => column.notNull())
    .addColumn('price', money, (column) => column.notNull())
    .addColumn('count', count, (column) => column.notNull())
    .addColumn('filled_count', count, (column) => column.notNull())
    .addColumn('remaining_count', count, (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('time_in_force', 'text', (column) => column.notNull())
    .addColumn('post_only', 'boolean', (column) => column.notNull())
    .addColumn('reduce_only', 'boolean', (column) => column.notNull())
    .addColumn('paper', 'boolean', (column) => column.notNull())
    .addColumn('fill_cost', money, (column) => column.notNull())
    .addColumn('fees', money, (column) => column.notNull())
    .addColumn('last_update_reason', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await s.createIndex('orders_agent').on('orders').column('agent_id').execute();
  await s.createIndex('orders_market').on('orders').column('market_ticker').execute();
  await s.createIndex('orders_status').on('orders').column('status').execute();

  await s
    .createTable('fills')
    .addColumn('fill_id', 'text', (column) => column.primaryKey())
    .addColumn('order_id', 'text')
    .addColumn('client_order_id', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('market_ticker', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('side', 'text', (column) => column.notNull())
    .addColumn('yes_price', money, (column) => column.notNull())
    .addColumn('price', money, (column) => column.notNull())
    .addColumn('count', count, (column) => column.notNull())
    .addColumn('is_taker', 'boolean', (column) => column.notNull())
    .addColumn('fee', money, (column) => column.notNull())
    .addColumn('paper', 'boolean', (column) => column.notNull())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('filled_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await s.createIndex('fills_order').on('fills').column('order_id').execute();
  await s.createIndex('fills_market').on('fills').column('market_ticker').execute();
  await s.createIndex('fills_agent_time').on('fills').columns(['agent_id', 'filled_at']).execute();

  await s
    .createTable('positions')
    .addColumn('holder', 'text', (column) => column.notNull())
    .addColumn('market_ticker', 'text', (column) => column.notNull())
    .addColumn('position', count, (column) => column.notNull())
    .addColumn('cost_basis', money, (column) => column.notNull())
    .addColumn('realized_pnl', money, (column) => column.notNull())
    .addColumn('fees_paid', money, (column) => column.notNull())
    .addColumn('mark_price', money)
    .addColumn('unrealized_pnl', money)
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .addPrimaryKeyConstraint('positions_key', ['holder', 'market_ticker'])
    .execute();

  await s
    .createTable('agent_state')
    .addColumn('agent_id', 'text', (column) => column.primaryKey())
    .addColumn('agent_name', 'text', (column) => column.notNull())
    .addColumn('enabled', 'boolean', (column) => column.notNull())
    .addColumn('mode', 'text', (column) => column.notNull())
    .addColumn('configuration', 'jsonb', (column) => column.notNull())
    .addColumn('lifecycle_state', 'text', (column) => column.notNull())
    .addColumn('state_reason', 'text')
    .addColumn('last_decision_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await s
    .createTable('system_config')
    .addColumn('config_key', 'text', (column) => column.primaryKey())
    .addColumn('config_value', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await s
    .createTable('decisions')
    .addColumn('decision_id', 'text', (column) => column.primaryKey())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('market_ticker', 'text')
    .addColumn('outcome', 'text', (column) => column.notNull())
    .addColumn('reason_code', 'text', (column) => column.notNull())
    .addColumn('explanation', 'text', (column) => column.notNull())
    .addColumn('inputs', 'jsonb', (column) => column.notNull())
    .addColumn('intent_id', 'text')
    .addColumn('decided_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await s.createIndex('decisions_agent_time').on('decisions').columns(['agent_id', 'decided_at']).execute();

  await s
    .createTable('intents')
    .addColumn('intent_id', 'text', (column) => column.primaryKey())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('client_order_id', 'text', (column) => column.notNull())
    .addColumn('market_ticker', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('side', 'text', (column) => column.notNull())
    .addColumn('price', money, (column) => column.notNull())
    .addColumn('count', count, (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('route', 'text')
    .addColumn('denial_code', 'text')
    .addColumn('denial_message', 'text')
    .addColumn('reasoning', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await s.createIndex('intents_agent').on('intents').column('agent_id').execute();

  await s
    .createTable('approvals')
    .addColumn('approval_id', 'text', (column) => column.primaryKey())
    .addColumn('intent_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('market_ticker', 'text', (column) => column.notNull())
    .addColumn('intent', 'jsonb', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('requested_at', 'timestamptz', (column) => column.notNull())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'text')
    .addColumn('reason', 'text')
    .execute();
  await s.createIndex('approvals_status').on('approvals').column('status').execute();

  await s
    .createTable('pnl_points')
    .addColumn('point_id', 'text', (column) => column.primaryKey())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('realized_pnl', money, (column) => column.notNull())
    .addColumn('unrealized_pnl', money, (column) => column.notNull())
    .addColumn('total_pnl', money, (column) => column.notNull())
    .addColumn('fees_paid', money, (column) => column.notNull())
    .addColumn('fills', 'integer', (column) => column.notNull())
    .addColumn('wins', 'integer', (column) => column.notNull())
    .addColumn('losses', 'integer', (column) => column.notNull())
    .addColumn('at', 'timestamptz', (column) => column.notNull())
    .execute();
  await s.createIndex('pnl_points_agent_time').on('pnl_points').columns(['agent_id', 'at']).execute();

  await s
    .createTable('balances')
    .addColumn('account', 'text', (column) => column.primaryKey())
    .addColumn('balance', money, (column) => column.notNull())
    .addColumn('portfolio_value', money)
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await s
    .createTable('discrepancies')
    .addColumn('discrepancy_id', 'text', (column) => column.primaryKey())
    .addColumn('cycle_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('market_ticker', 'text')
    .addColumn('order_id', 'text')
    .addColumn('client_order_id', 'text')
    .addColumn('local', 'jsonb')
    .addColumn('remote', 'jsonb')
    .addColumn('resolution', 'text', (column) => column.notNull())
    .addColumn('found_at', 'timestamptz', (column) => column.notNull())
    .execute();

  await s
    .createTable('reconciliation_cycles')
    .addColumn('cycle_id', 'text', (column) => column.primaryKey())
    .addColumn('trigger', 'text', (column) => column.notNull())
    .addColumn('started_at', 'timestamptz', (column) => column.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addColumn('clean', 'boolean')
    .addColumn('discrepancies', 'integer')
    .addColumn('by_kind', 'jsonb')
    .addColumn('summary', 'jsonb')
    .addColumn('error', 'text')
    .execute();

  await s
    .createTable('services')
    .addColumn('service', 'text', (column) => column.primaryKey())
    .addColumn('instance_id', 'text', (column) => column.notNull())
    .addColumn('started_at', 'timestamptz', (column) => column.notNull())
    .addColumn('last_seen_at', 'timestamptz', (column) => column.notNull())
    .addColumn('uptime_seconds', 'integer', (column) => column.notNull())
    .addColumn('ready', 'boolean', (column) => column.notNull())
    .addColumn('details', 'jsonb', (column) => column.notNull())
    .execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of READ_MODEL_SCHEMAS) await createTables(db, schema);
  await db.schema
    .createTable('projection_checkpoints')
    .ifNotExists()
    .addColumn('projection', 'text', (column) => column.notNull())
    .addColumn('stream', 'text', (column) => column.notNull())
    .addColumn('last_sequence', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .addPrimaryKeyConstraint('projection_checkpoints_key', ['projection', 'stream'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const schema of READ_MODEL_SCHEMAS) await db.schema.dropSchema(schema).ifExists().cascade().execute();
  await db.schema.dropTable('projection_checkpoints').ifExists().execute();
}
