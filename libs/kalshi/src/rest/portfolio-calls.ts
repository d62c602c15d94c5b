/** Signed account reads: balance, positions, fills, settlements, orders, account limits. */
import { type CallContext, call } from './context';
import type { PageQuery } from './market-data-calls';
import { AccountLimits, Balance, FillsPage, OrderResponse, OrdersPage, PositionsPage, SettlementsPage } from './schemas/portfolio';

export interface AccountScope {
  subaccount?: number;
  exchangeIndex?: number;
}

export interface PositionsQuery extends PageQuery, AccountScope {
  /** `position`, `total_traded` (comma-joined by the exchange). */
  countFilter?: string[];
  ticker?: string;
  eventTicker?: string;
}

export interface FillsQuery extends PageQuery, AccountScope {
  ticker?: string;
  orderId?: string;
  minTs?: number;
  maxTs?: number;
}

export interface SettlementsQuery extends PageQuery {
  ticker?: string;
  eventTicker?: string;
  minTs?: number;
  maxTs?: number;
  subaccount?: number;
}

export interface OrdersQuery extends PageQuery, AccountScope {
  ticker?: string;
  eventTicker?: string;
  minTs?: number;
  maxTs?: number;
  status?: 'resting' | 'canceled' | 'executed';
}

export function portfolioCalls(context: CallContext) {
  const { portfolio, orders, account } = context.sdk;
  const signed = true;
  return {
    getBalance: (scope: AccountScope = {}) =>
      call(context, { name: 'getBalance', signed, schema: Balance, send: (options) => portfolio.getBalance(scope.subaccount, scope.exchangeIndex, options) }),

    getPositionsPage: (query: PositionsQuery = {}) =>
      call(context, {
        name: 'getPositionsPage',
        signed,
        schema: PositionsPage,
        send: (options) =>
          portfolio.getPositions(
            query.cursor || undefined,
            query.limit,
            query.countFilter?.join(','),
            query.ticker,
            query.eventTicker,
            query.subaccount,
            query.exchangeIndex,
            options,
          ),
      }),

    getFillsPage: (query: FillsQuery = {}) =>
      call(context, {
        name: 'getFillsPage',
        signed,
        schema: FillsPage,
        send: (options) =>
          portfolio.getFills(
            query.ticker,
            query.orderId,
            query.minTs,
            query.maxTs,
            query.limit,
            query.cursor || undefined,
            query.subaccount,
            query.exchangeIndex,
            options,
          ),
      }),

    getSettlementsPage: (query: SettlementsQuery = {}) =>
      call(context, {
        name: 'getSettlementsPage',
        signed,
        schema: SettlementsPage,
        send: (options) =>
          portfolio.getSettlements(
            query.limit,
            query.cursor || undefined,
            query.ticker,
            query.eventTicker,
            query.minTs,
            query.maxTs,
            query.subaccount,
            options,
          ),
      }),

    getOrdersPage: (query: OrdersQuery = {}) =>
      call(context, {
        name: 'getOrdersPage',
        signed,
        schema: OrdersPage,
        send: (options) =>
          orders.getOrders(
            query.ticker,
            query.eventTicker,
            query.minTs,
            query.maxTs,
            query.status,
            query.limit,
            query.cursor || undefined,
            query.subaccount,
            query.exchangeIndex,
            options,
          ),
      }),

    getOrder: (orderId: string) =>
      call(context, { name: 'getOrder', signed, schema: OrderResponse, send: (options) => orders.getOrder(orderId, options) }),

    /** The account's token-bucket sizes (`GET /account/limits`). */
    getAccountLimits: () =>
      call(context, { name: 'getAccountLimits', signed, schema: AccountLimits, send: (options) => account.getAccountApiLimits(options) }),
  };
}
