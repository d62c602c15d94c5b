/**
 * Reads of the trading read models (agents, positions, orders, fills, balance, approvals, P/L,
 * decisions) in one environment's schema. Numeric columns come back as the exact text Postgres
 * gives; nothing here converts money or counts to numbers.
 */
import type { Environment } from '@polly/contracts';
import type { Db } from '@polly/db';

/** `open` is every order that can still trade. */
export const ORDER_STATUS_FILTERS = ['open', 'submitted', 'resting', 'executed', 'canceled', 'rejected', 'failed'] as const;
export type OrderStatusFilter = (typeof ORDER_STATUS_FILTERS)[number];

export const listAgents = (db: Db, environment: Environment) =>
  db.withSchema(environment).selectFrom('agent_state').selectAll().orderBy('agent_id').execute();

export const findAgent = (db: Db, environment: Environment, agentId: string) =>
  db.withSchema(environment).selectFrom('agent_state').selectAll().where('agent_id', '=', agentId).executeTakeFirst();

export function listPositions(db: Db, environment: Environment, filter: { holder?: string | undefined; nonZero: boolean }) {
  let query = db.withSchema(environment).selectFrom('positions').selectAll();
  if (filter.holder) query = query.where('holder', '=', filter.holder);
  if (filter.nonZero) query = query.where('position', '<>', '0');
  return query.orderBy('holder').orderBy('market_ticker').execute();
}

export function listOrders(db: Db, environment: Environment, filter: { status?: OrderStatusFilter | undefined; agent?: string | undefined; market?: string | undefined; limit: number }) {
  let query = db.withSchema(environment).selectFrom('orders').selectAll();
  if (filter.status === 'open') query = query.where('status', 'in', ['submitted', 'resting']);
  else if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.agent) query = query.where('agent_id', '=', filter.agent);
  if (filter.market) query = query.where('market_ticker', '=', filter.market);
  return query.orderBy('updated_at', 'desc').orderBy('client_order_id').limit(filter.limit).execute();
}

/** One order by our client order id or the exchange's order id. */
export const findOrder = (db: Db, environment: Environment, id: string) =>
  db
    .withSchema(environment)
    .selectFrom('orders')
    .selectAll()
    .where((where) => where.or([where('client_order_id', '=', id), where('order_id', '=', id)]))
    .executeTakeFirst();

export function listFills(db: Db, environment: Environment, filter: { agent?: string | undefined; market?: string | undefined; limit: number }) {
  let query = db.withSchema(environment).selectFrom('fills').selectAll();
  if (filter.agent) query = query.where('agent_id', '=', filter.agent);
  if (filter.market) query = query.where('market_ticker', '=', filter.market);
  return query.orderBy('filled_at', 'desc').orderBy('fill_id').limit(filter.limit).execute();
}

export const findBalance = (db: Db, environment: Environment) =>
  db.withSchema(environment).selectFrom('balances').selectAll().where('account', '=', 'account').executeTakeFirst();

export function listApprovals(db: Db, environment: Environment, filter: { status?: string | undefined; agent?: string | undefined; limit: number }) {
  let query = db.withSchema(environment).selectFrom('approvals').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.agent) query = query.where('agent_id', '=', filter.agent);
  return query.orderBy('requested_at', 'desc').orderBy('approval_id').limit(filter.limit).execute();
}

export const findApproval = (db: Db, environment: Environment, approvalId: string) =>
  db.withSchema(environment).selectFrom('approvals').selectAll().where('approval_id', '=', approvalId).executeTakeFirst();

/**
 * Whether the projector has folded TRADING up to `sequence` by the deadline. The cockpit hears of
 * an approval on /events as it is published, before the projector has written its row; an answer
 * given in that moment waits for the row instead of being told the approval does not exist.
 */
export async function tradingFoldedTo(db: Db, sequence: number, timeoutMs: number): Promise<boolean> {
  return (await waitForTradingFold(db, sequence, timeoutMs, { waitWithoutProjection: true })) === 'folded';
}

/** How a wait for the projector ended: it folded TRADING that far, it was still behind at the deadline, or it has never folded TRADING. */
export type FoldWait = 'folded' | 'behind' | 'no-projection';

/**
 * Wait until the projector has folded TRADING up to `sequence`, at most `timeoutMs`. Without a
 * checkpoint (no projector has folded TRADING yet) it returns at once unless told to wait.
 */
export async function waitForTradingFold(db: Db, sequence: number, timeoutMs: number, options: { waitWithoutProjection?: boolean } = {}): Promise<FoldWait> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.selectFrom('projection_checkpoints').select('last_sequence').where('projection', '=', 'main').where('stream', '=', 'TRADING').executeTakeFirst();
    if (Number(row?.last_sequence ?? 0) >= sequence) return 'folded';
    if (!row && !options.waitWithoutProjection) return 'no-projection';
    if (Date.now() >= deadline) return 'behind';
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function listPnlPoints(db: Db, environment: Environment, filter: { agent?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number }) {
  let query = db.withSchema(environment).selectFrom('pnl_points').selectAll();
  if (filter.agent) query = query.where('agent_id', '=', filter.agent);
  if (filter.from) query = query.where('at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('at', '<=', new Date(filter.to));
  return query.orderBy('at').orderBy('point_id').limit(filter.limit).execute();
}

export function listDecisions(db: Db, environment: Environment, filter: { agent?: string | undefined; limit: number }) {
  let query = db.withSchema(environment).selectFrom('decisions').selectAll();
  if (filter.agent) query = query.where('agent_id', '=', filter.agent);
  return query.orderBy('decided_at', 'desc').orderBy('decision_id').limit(filter.limit).execute();
}
