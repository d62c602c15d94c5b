/**
 * The Kalshi REST client every service uses. It wraps the official SDK (one axios instance per
 * API object, API objects built once), spends read/write tokens before each attempt, applies the
 * retry table, validates bodies with zod and returns KalshiResult values. A 401 raises the
 * unauthorized signal (`onUnauthorized` and the `unauthorized` event) so callers halt trading.
 */
import type { Environment } from '@polly/contracts';
import { type Clock, systemClock } from '../clock';
import { KALSHI_ENDPOINTS } from '../environments';
import type { KalshiError, KalshiResult } from '../errors';
import { type RateLimits, type RateLimitsInput, clientBucket, resolveRateLimits } from '../rate-limits';
import { DEFAULT_RETRY_TABLE, type RetryTable } from '../retry-policy';
import { TokenBucket } from '../token-bucket';
import type { CallContext } from './context';
import { marketDataCalls } from './market-data-calls';
import { RestCounters, RestEvents } from './observability';
import { orderCalls } from './order-calls';
import { type ListOptions, type PaginationProgress, paginate } from './pagination';
import { portfolioCalls } from './portfolio-calls';
import type { AccountLimits } from './schemas/portfolio';
import { createSdk } from './sdk';

export interface KalshiClientOptions {
  environment: Environment;
  /** REST base including `/trade-api/v2`; defaults to the environment's documented host. */
  restBaseUrl?: string;
  /** API key id; with `privateKeyPem`, enables signed calls. Market data works without. */
  keyId?: string;
  privateKeyPem?: string;
  /** The exchange's bucket sizes, costs and the share the client spends; defaults to the Basic tier and 90%. */
  limits?: RateLimitsInput;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  clock?: Clock;
  retryTable?: RetryTable;
  /** Called on every 401: the key was refused and trading must halt. */
  onUnauthorized?: (error: KalshiError) => void;
}

export function createKalshiClient(options: KalshiClientOptions) {
  const clock = options.clock ?? systemClock;
  const limits: RateLimits = resolveRateLimits(options.limits);
  const restBaseUrl = options.restBaseUrl ?? KALSHI_ENDPOINTS[options.environment].restBaseUrl;
  const events = new RestEvents();
  // An EventEmitter without an 'error' listener is harmless here: we never emit 'error'.
  if (options.onUnauthorized) events.on('unauthorized', options.onUnauthorized);
  const context: CallContext = {
    clock,
    limits,
    buckets: {
      read: new TokenBucket(clientBucket(limits.read, limits.headroom), clock),
      write: new TokenBucket(clientBucket(limits.write, limits.headroom), clock),
    },
    retryTable: options.retryTable ?? DEFAULT_RETRY_TABLE,
    timeoutMs: options.timeoutMs ?? 10_000,
    hasCredentials: Boolean(options.keyId && options.privateKeyPem),
    events,
    counters: new RestCounters(),
    sdk: createSdk({ restBaseUrl, keyId: options.keyId, privateKeyPem: options.privateKeyPem, timeoutMs: options.timeoutMs ?? 10_000 }),
  };
  const marketData = marketDataCalls(context);
  const portfolio = portfolioCalls(context);
  /** A listing method: pages of `fetch` flattened by `items`, de-duplicated by `keyOf`. */
  const listing =
    <Query extends { cursor?: string; limit?: number }, Body extends { cursor: string }, T>(
      operation: string,
      fetch: (query: Query) => Promise<KalshiResult<Body>>,
      items: (body: Body) => T[],
      keyOf: (item: T) => string,
      defaultPageSize: number,
    ) =>
    (query: Omit<Query, 'cursor' | 'limit'> = {} as Omit<Query, 'cursor' | 'limit'>, listOptions?: ListOptions): AsyncGenerator<T, PaginationProgress> =>
      paginate(
        {
          operation,
          keyOf,
          fetchPage: async (cursor, pageSize) => {
            const page = { ...query, limit: pageSize ?? defaultPageSize, ...(cursor === undefined ? {} : { cursor }) } as Query;
            const result = await fetch(page);
            return result.ok ? { ...result, value: { items: items(result.value), cursor: result.value.cursor } } : result;
          },
        },
        clock,
        listOptions,
      );

  return {
    environment: options.environment,
    restBaseUrl,
    events,
    /** Counters for metrics: requests, statuses, retries, failures, time spent waiting for tokens. */
    counters: () => context.counters.snapshot(),
    /** The buckets requests wait on (for metrics and tests). */
    buckets: context.buckets,
    limits,
    ...marketData,
    ...portfolio,
    ...orderCalls(context),

    /** Read `GET /account/limits` and resize both buckets to the account's tier. */
    applyAccountLimits: async (): Promise<KalshiResult<AccountLimits>> => {
      const result = await portfolio.getAccountLimits();
      if (result.ok) {
        const { read, write } = result.value;
        limits.read = { refillPerSecond: read.refill_rate, capacity: read.bucket_capacity };
        limits.write = { refillPerSecond: write.refill_rate, capacity: write.bucket_capacity };
        context.buckets.read.reconfigure(clientBucket(limits.read, limits.headroom));
        context.buckets.write.reconfigure(clientBucket(limits.write, limits.headroom));
      }
      return result;
    },

    listMarkets: listing('listMarkets', marketData.getMarketsPage, (page) => page.markets, (market) => market.ticker, 1000),
    listEvents: listing('listEvents', marketData.getEventsPage, (page) => page.events, (event) => event.event_ticker, 200),
    listTrades: listing('listTrades', marketData.getTradesPage, (page) => page.trades, (trade) => trade.trade_id, 1000),
    listOrders: listing('listOrders', portfolio.getOrdersPage, (page) => page.orders, (order) => order.order_id, 1000),
    listFills: listing('listFills', portfolio.getFillsPage, (page) => page.fills, (fill) => fill.fill_id, 1000),
    listSettlements: listing(
      'listSettlements',
      portfolio.getSettlementsPage,
      (page) => page.settlements,
      (settlement) => `${settlement.ticker}@${settlement.settled_time}`,
      1000,
    ),
    /** Market positions (event positions come with each page from getPositionsPage). */
    listPositions: listing('listPositions', portfolio.getPositionsPage, (page) => page.market_positions, (position) => position.ticker, 1000),
  };
}

export type KalshiClient = ReturnType<typeof createKalshiClient>;
