/**
 * Our side of the comparison, from the Postgres read models of one environment: non-final
 * orders (and any order the exchange's answers name), the account's positions, which of the
 * exchange's fill ids we recorded, the agents that exist, and when the last cycle ran.
 */
import { sql } from 'kysely';
import { type Environment, type OrderView, OrderStatus, OrderAction, OutcomeSide, BookSide, TimeInForce } from '@polly/contracts';
import { type Db, type OrderRow, schemaOf } from '@polly/db';
import type { LocalPosition } from './diff/model';
import { count, dollars } from './remote';

const OPEN_STATUSES = ['submitted', 'resting'];
/** Postgres takes this many values in one `in (...)` comfortably. */
const CHUNK = 1000;

const iso = (time: Date) => time.toISOString();

export function orderFromRow(row: OrderRow): OrderView {
  return {
    clientOrderId: row.client_order_id,
    orderId: row.order_id,
    agentId: row.agent_id,
    intentId: row.intent_id,
    marketTicker: row.market_ticker,
    action: OrderAction.parse(row.action),
    side: OutcomeSide.parse(row.side),
    bookSide: BookSide.parse(row.book_side),
    yesPrice: dollars(row.yes_price),
    price: dollars(row.price),
    count: count(row.count),
    filledCount: count(row.filled_count),
    remainingCount: count(row.remaining_count),
    status: OrderStatus.parse(row.status),
    timeInForce: TimeInForce.parse(row.time_in_force),
    postOnly: row.post_only,
    reduceOnly: row.reduce_only,
    paper: row.paper,
    fillCost: dollars(row.fill_cost),
    fees: dollars(row.fees),
    lastUpdateReason: row.last_update_reason,
    errorCode: row.error_code,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += CHUNK) result.push(items.slice(index, index + CHUNK));
  return result;
}

export interface LocalReader {
  openOrders(): Promise<OrderView[]>;
  /** Orders the exchange named, by exchange order id or client order id, whatever their status. */
  ordersNamed(orderIds: readonly string[], clientOrderIds: readonly string[]): Promise<OrderView[]>;
  accountPositions(): Promise<LocalPosition[]>;
  /** Which of these fill ids are recorded. */
  recordedFillIds(fillIds: readonly string[]): Promise<string[]>;
  agentIds(): Promise<string[]>;
  /** When the last completed cycle without an error started, if any. */
  lastCycleStartedAt(): Promise<number | null>;
  /** The last TRADING stream sequence the projector has folded into the read models. */
  projectedThrough(): Promise<number>;
}

/** The projector's checkpoint row for the live read models (its projection is named "main"). */
const PROJECTION = 'main';

export function localReader(db: Db, environment: Environment): LocalReader {
  const schema = db.withSchema(schemaOf(environment));
  return {
    async openOrders() {
      const rows = await schema.selectFrom('orders').selectAll().where('status', 'in', OPEN_STATUSES).where('paper', '=', false).execute();
      return rows.map(orderFromRow);
    },
    async ordersNamed(orderIds, clientOrderIds) {
      const found: OrderView[] = [];
      for (const ids of chunks(orderIds)) found.push(...(await schema.selectFrom('orders').selectAll().where('order_id', 'in', ids).execute()).map(orderFromRow));
      for (const ids of chunks(clientOrderIds)) found.push(...(await schema.selectFrom('orders').selectAll().where('client_order_id', 'in', ids).execute()).map(orderFromRow));
      return found;
    },
    async accountPositions() {
      const rows = await schema.selectFrom('positions').selectAll().where('holder', '=', 'account').execute();
      return rows.map((row) => ({
        marketTicker: row.market_ticker,
        position: count(row.position),
        costBasis: dollars(row.cost_basis),
        realizedPnl: dollars(row.realized_pnl),
        feesPaid: dollars(row.fees_paid),
        updatedAt: iso(row.updated_at),
      }));
    },
    async recordedFillIds(fillIds) {
      const found: string[] = [];
      for (const ids of chunks(fillIds)) found.push(...(await schema.selectFrom('fills').select('fill_id').where('fill_id', 'in', ids).execute()).map((row) => row.fill_id));
      return found;
    },
    async agentIds() {
      return (await schema.selectFrom('agent_state').select('agent_id').execute()).map((row) => row.agent_id);
    },
    async lastCycleStartedAt() {
      const row = await schema
        .selectFrom('reconciliation_cycles')
        .select(sql<Date | null>`max(started_at)`.as('started_at'))
        .where('completed_at', 'is not', null)
        .where('error', 'is', null)
        .executeTakeFirst();
      return row?.started_at ? row.started_at.getTime() : null;
    },
    async projectedThrough() {
      const row = await db
        .selectFrom('projection_checkpoints')
        .select('last_sequence')
        .where('projection', '=', PROJECTION)
        .where('stream', '=', 'TRADING')
        .executeTakeFirst();
      return row ? Number(row.last_sequence) : 0;
    },
  };
}
