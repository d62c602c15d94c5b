/**
 * Signed portfolio reads (PROTOCOL §6.1–6.5) and the account's API limits (§8.1).
 */
import { ONE_DOLLAR, formatDollars, micros } from '@polly/contracts';
import { z } from 'zod';
import type { Account, Order } from '../../engine/types';
import { HttpError } from '../http';
import { paginate, readLimit } from '../pagination';
import { Seconds, notFound, parseQuery } from '../query';
import { tierLimits } from '../rate-limit';
import { type RequestContext, type Route, fixedCost } from '../router';
import { eventPositionsJson, fillJson, orderJson, positionJson, settlementJson } from '../serialize';

const signedRead = { access: 'signed' as const, bucket: 'read' as const, cost: fixedCost(10) };

export function accountOf(context: RequestContext): Account {
  const account = context.keyId === null ? undefined : context.exchange.engine.account(context.keyId);
  if (!account) throw new HttpError(401, 'authentication_error', 'authentication_error', 'no account for this key');
  return account;
}

/** Only subaccount 0 and exchange index 0 exist here; other values are refused plainly. */
function checkScope(context: RequestContext): void {
  const { subaccount, exchange_index: exchangeIndex } = parseQuery(
    context,
    z.object({ subaccount: z.coerce.number().int().min(0).max(63).optional(), exchange_index: z.coerce.number().int().min(-1).optional() }),
  );
  if (subaccount !== undefined && subaccount !== 0) throw new HttpError(400, 'invalid_parameters', 'invalid parameters', 'only subaccount 0 exists');
  if (exchangeIndex !== undefined && exchangeIndex > 0) throw new HttpError(400, 'invalid_parameters', 'invalid parameters', 'only exchange index 0 exists');
}

/**
 * Keys for append-only lists (fills, settlements, an account's orders in creation order): the
 * position in the list, which never changes for an item once added.
 */
function positionKeys<T extends object>(items: readonly T[]): (item: T) => number {
  const keys = new Map(items.map((item, index) => [item, index]));
  return (item) => keys.get(item) ?? 0;
}

/** One page of an account's list (positions, fills, settlements, orders), keyed by position. */
function accountPage<T extends object>(
  context: RequestContext,
  scope: string,
  filters: unknown,
  items: readonly T[],
  accept: (item: T) => boolean,
  order: 'ascending' | 'newest-first' = 'newest-first',
) {
  return paginate(context, scope, filters, items, positionKeys(items), accept, readLimit(context, 100, 1000), order);
}

const TimeRange = { min_ts: Seconds.optional(), max_ts: Seconds.optional() };
const inRange = (at: number, range: { min_ts?: number; max_ts?: number }) =>
  (range.min_ts === undefined || at >= range.min_ts * 1000) && (range.max_ts === undefined || at <= range.max_ts * 1000);

function portfolioValue(context: RequestContext, account: Account): bigint {
  let value = 0n;
  for (const position of account.positions.values()) {
    const top = context.exchange.topOfBook(position.ticker);
    const long = position.position > 0n;
    const bid = long ? top.yesBid : top.yesAsk === null ? null : micros(ONE_DOLLAR - top.yesAsk);
    if (bid !== null) value += (bid * (long ? position.position : -position.position)) / 100n;
  }
  return value;
}

export function findOrder(context: RequestContext, account: Account): Order {
  const order = account.orders.get(context.params.order_id ?? '');
  if (!order) throw notFound(`order ${context.params.order_id} not found`);
  return order;
}

export const portfolioRoutes: Route[] = [
  {
    method: 'GET',
    template: '/portfolio/balance',
    ...signedRead,
    handle: (context) => {
      checkScope(context);
      const account = accountOf(context);
      const balance = formatDollars(account.balance);
      return {
        status: 200,
        body: {
          balance: Number(account.balance / 10_000n),
          balance_dollars: balance,
          portfolio_value: Number(portfolioValue(context, account) / 10_000n),
          updated_ts: Math.floor(account.updatedAt / 1000),
          balance_breakdown: [{ exchange_index: 0, balance }],
        },
      };
    },
  },
  {
    method: 'GET',
    template: '/portfolio/positions',
    ...signedRead,
    handle: (context) => {
      checkScope(context);
      const account = accountOf(context);
      const query = parseQuery(context, z.object({ count_filter: z.string().optional(), ticker: z.string().optional(), event_ticker: z.string().optional() }));
      const countFilters = context.query.list('count_filter');
      if (countFilters.some((filter) => filter !== 'position' && filter !== 'total_traded')) {
        throw new HttpError(400, 'invalid_parameters', 'invalid parameters', 'count_filter accepts position and total_traded');
      }
      const page = accountPage(
        context,
        'positions',
        query,
        [...account.positions.values()],
        (position) =>
          (query.ticker === undefined || position.ticker === query.ticker) &&
          (query.event_ticker === undefined || position.eventTicker === query.event_ticker) &&
          (!countFilters.includes('position') || position.position !== 0n) &&
          (!countFilters.includes('total_traded') || position.totalTraded !== 0n),
        'ascending',
      );
      return { status: 200, body: { cursor: page.cursor, market_positions: page.items.map(positionJson), event_positions: eventPositionsJson(page.items) } };
    },
  },
  {
    method: 'GET',
    template: '/portfolio/fills',
    ...signedRead,
    handle: (context) => {
      checkScope(context);
      const account = accountOf(context);
      const query = parseQuery(context, z.object({ ticker: z.string().optional(), order_id: z.string().optional(), ...TimeRange }));
      const page = accountPage(
        context,
        'fills',
        query,
        account.fills,
        (fill) =>
          (query.ticker === undefined || fill.ticker === query.ticker) &&
          (query.order_id === undefined || fill.orderId === query.order_id) &&
          inRange(fill.createdAt, query),
      );
      return { status: 200, body: { fills: page.items.map(fillJson), cursor: page.cursor } };
    },
  },
  {
    method: 'GET',
    template: '/portfolio/settlements',
    ...signedRead,
    handle: (context) => {
      checkScope(context);
      const account = accountOf(context);
      const query = parseQuery(context, z.object({ ticker: z.string().optional(), event_ticker: z.string().optional(), ...TimeRange }));
      const page = accountPage(
        context,
        'settlements',
        query,
        account.settlements,
        (settlement) =>
          (query.ticker === undefined || settlement.ticker === query.ticker) &&
          (query.event_ticker === undefined || settlement.eventTicker === query.event_ticker) &&
          inRange(settlement.settledAt, query),
      );
      return { status: 200, body: { settlements: page.items.map(settlementJson), cursor: page.cursor } };
    },
  },
  {
    method: 'GET',
    template: '/portfolio/orders',
    ...signedRead,
    handle: (context) => {
      checkScope(context);
      const account = accountOf(context);
      const query = parseQuery(
        context,
        z.object({ ticker: z.string().optional(), event_ticker: z.string().optional(), status: z.enum(['resting', 'canceled', 'executed']).optional(), ...TimeRange }),
      );
      const events = context.query.list('event_ticker');
      if (events.length > 10) throw new HttpError(400, 'invalid_parameters', 'invalid parameters', 'event_ticker accepts at most 10 events');
      const page = accountPage(
        context,
        'orders',
        query,
        [...account.orders.values()],
        (order) =>
          (query.ticker === undefined || order.ticker === query.ticker) &&
          (events.length === 0 || events.includes(context.exchange.engine.market(order.ticker)?.eventTicker ?? '')) &&
          (query.status === undefined || order.status === query.status) &&
          inRange(order.createdAt, query),
      );
      return { status: 200, body: { orders: page.items.map((order) => orderJson(order, account)), cursor: page.cursor } };
    },
  },
  {
    method: 'GET',
    template: '/portfolio/orders/{order_id}',
    ...signedRead,
    handle: (context) => {
      const account = accountOf(context);
      return { status: 200, body: { order: orderJson(findOrder(context, account), account) } };
    },
  },
  {
    method: 'GET',
    template: '/portfolio/orders/{order_id}/queue_position',
    ...signedRead,
    handle: (context) => {
      const order = findOrder(context, accountOf(context));
      let ahead = 0n;
      if (order.status === 'resting') {
        const side = context.exchange.engine.book(order.ticker)?.side(order.leg);
        for (const level of side?.levelsFromBest((price) => price >= order.legPrice) ?? []) {
          if (level.price !== order.legPrice) continue;
          for (const resting of level.orders) {
            if (resting === order) break;
            ahead += resting.remainingCount;
          }
        }
      }
      return { status: 200, body: { queue_position_fp: (Number(ahead) / 100).toFixed(2) } };
    },
  },
  {
    method: 'GET',
    template: '/portfolio/summary/total_resting_order_value',
    ...signedRead,
    handle: (context) => {
      const account = accountOf(context);
      let total = 0n;
      for (const order of account.orders.values()) if (order.status === 'resting') total += (order.legPrice * order.remainingCount) / 100n;
      return { status: 200, body: { total_resting_order_value: Number(total / 10_000n) } };
    },
  },
  {
    method: 'GET',
    template: '/account/limits',
    ...signedRead,
    handle: (context) => {
      const tier = context.limiter.tier(context.keyId ?? '');
      const limits = tierLimits(tier);
      return {
        status: 200,
        body: {
          usage_tier: tier,
          read: { refill_rate: limits.read.refillRate, bucket_capacity: limits.read.capacity },
          write: { refill_rate: limits.write.refillRate, bucket_capacity: limits.write.capacity },
          grants: [],
        },
      };
    },
  },
  {
    method: 'GET',
    template: '/account/endpoint_costs',
    ...signedRead,
    handle: () => ({
      status: 200,
      body: {
        default_cost: 10,
        endpoint_costs: [
          { method: 'DELETE', path: '/trade-api/v2/portfolio/events/orders/{order_id}', cost: 2 },
          { method: 'DELETE', path: '/trade-api/v2/portfolio/events/orders/batched', cost: 2 },
          { method: 'POST', path: '/trade-api/v2/portfolio/orders', cost: 100 },
          { method: 'DELETE', path: '/trade-api/v2/portfolio/orders/{order_id}', cost: 20 },
        ],
      },
    }),
  },
];
