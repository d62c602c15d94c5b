/**
 * `/state/markets`, `/state/markets/{ticker}` and `/state/series`: the markets table for what
 * discovery found, and the cache's KV entry (when the cache runs) for the live book.
 */
import { z } from 'zod';
import { MarketState, MarketTicker } from '@polly/contracts';
import type { MarketRow } from '@polly/db';
import { HttpProblem } from '../http/problem';
import { type AnyRoute, defineRoute } from '../http/routes';
import type { MarketCache } from '../state/market-cache';
import { findMarket, listMarkets, listSeries } from '../state/market-queries';
import { type ApiContext, environmentFor } from './context';
import { Decimal, Environment, EnvironmentQuery, Instant, LimitQuery } from './schemas';

/** The live part of a cache entry that fits in a list (the book and trades are on the single-market answer). */
const LiveSummary = MarketState.pick({
  stale: true,
  staleReason: true,
  yesBid: true,
  yesBidSize: true,
  noBid: true,
  noBidSize: true,
  yesAsk: true,
  noAsk: true,
  spread: true,
  midpoint: true,
  impliedProbability: true,
  lastPrice: true,
  volume: true,
  openInterest: true,
  revision: true,
  updatedAt: true,
});

const MarketItem = z
  .object({
    market_ticker: z.string(),
    event_ticker: z.string(),
    series_ticker: z.string(),
    title: z.string(),
    subtitle: z.string(),
    yes_sub_title: z.string(),
    no_sub_title: z.string(),
    exchange_status: z.string(),
    internal_state: z.string(),
    open_time: Instant.nullable(),
    close_time: Instant.nullable(),
    expected_expiration_time: Instant.nullable(),
    strike_type: z.string().nullable(),
    floor_strike: Decimal.nullable(),
    cap_strike: Decimal.nullable(),
    price_level_structure: z.string(),
    price_ranges: z.array(z.object({ start: z.string(), end: z.string(), step: z.string() })),
    yes_bid: Decimal.nullable(),
    yes_ask: Decimal.nullable(),
    last_price: Decimal.nullable(),
    volume: Decimal.nullable(),
    volume_24h: Decimal.nullable(),
    open_interest: Decimal.nullable(),
    result: z.string().nullable(),
    settlement_value: Decimal.nullable(),
    listing_index: z.number().int().nullable(),
    discovered_at: Instant,
    last_sync_at: Instant,
    live: LiveSummary.nullable().describe('the cache entry (live book) when the cache runs; null otherwise'),
  })
  .meta({ id: 'Market' });

const MarketsQuery = EnvironmentQuery.extend({
  status: z.string().max(40).optional().describe('open, closed, settled, or an exchange status such as active'),
  series: z.string().max(80).optional(),
  category: z.string().max(120).optional(),
  event: z.string().max(120).optional(),
  state: z.enum(['ACTIVE', 'WATCHLIST', 'INACTIVE', 'IGNORED']).optional().describe('the internal state discovery gave the market'),
  limit: LimitQuery(20, 1000),
  cursor: z.string().max(400).optional().describe('next_cursor of the previous page'),
});

const SeriesItem = z.object({
  series_ticker: z.string(),
  title: z.string(),
  category: z.string(),
  frequency: z.string(),
  tags: z.array(z.string()),
  fee_type: z.string(),
  fee_multiplier: Decimal,
  volume: Decimal.nullable(),
  simulated: z.boolean(),
  updated_at: Instant,
  markets: z.number().int(),
});

function summary(state: MarketState | undefined): z.infer<typeof LiveSummary> | null {
  return state ? LiveSummary.parse(state) : null;
}

const withLive = (row: MarketRow, state: MarketState | undefined) => ({ ...row, live: summary(state) });

export function marketRoutes(context: ApiContext, cache: MarketCache): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/state/markets',
      operationId: 'listMarkets',
      tag: 'state',
      summary: 'Markets, filtered and paged by cursor (keyset on the ticker)',
      query: MarketsQuery,
      responses: {
        200: {
          description: 'one page of markets',
          schema: z.object({ environment: Environment, source: z.enum(['cache', 'table']), markets: z.array(MarketItem), next_cursor: z.string().nullable() }),
        },
      },
      handle: async ({ query }) => {
        const environment = await environmentFor(context, query.environment);
        const { rows, nextCursor } = await listMarkets(context.db, environment, { ...query, internalState: query.state });
        const live = await cache.read(environment, rows.map((row) => row.market_ticker));
        const source = (await cache.available(environment)) ? 'cache' : 'table';
        return { status: 200, body: { environment, source, markets: rows.map((row) => withLive(row, live.get(row.market_ticker))), next_cursor: nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/markets/{ticker}',
      operationId: 'getMarket',
      tag: 'state',
      summary: 'One market with its full cache entry (book and recent trades) when the cache runs',
      params: z.object({ ticker: MarketTicker }),
      query: EnvironmentQuery,
      responses: {
        200: {
          description: 'the market',
          schema: z.object({ environment: Environment, market: MarketItem.extend({ cache: MarketState.nullable() }) }),
        },
      },
      problems: [404],
      handle: async ({ params, query }) => {
        const environment = await environmentFor(context, query.environment);
        const row = await findMarket(context.db, environment, params.ticker);
        if (!row) throw new HttpProblem('not-found', `no market ${params.ticker} in ${environment}`);
        const state = (await cache.read(environment, [params.ticker])).get(params.ticker);
        return { status: 200, body: { environment, market: { ...withLive(row, state), cache: state ?? null } } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/state/series',
      operationId: 'listSeries',
      tag: 'state',
      summary: 'Series with their market counts, and the categories for navigation',
      query: EnvironmentQuery.extend({ category: z.string().max(120).optional() }),
      responses: {
        200: {
          description: 'series and categories',
          schema: z.object({
            environment: Environment,
            series: z.array(SeriesItem),
            categories: z.array(z.object({ category: z.string(), series: z.number().int(), markets: z.number().int() })),
          }),
        },
      },
      handle: async ({ query }) => {
        const environment = await environmentFor(context, query.environment);
        return { status: 200, body: { environment, ...(await listSeries(context.db, environment, query)) } };
      },
    }),
  ];
}
