/**
 * Public market data: markets, order books, the trade tape (PROTOCOL §4.1–4.4, §4.8).
 */
import { type Centis, centis } from '@polly/contracts';
import { z } from 'zod';
import type { SimulatedExchange } from '../../exchange/simulated-exchange';
import type { SimMarket } from '../../universe/model';
import { HttpError } from '../http';
import { paginate, readLimit } from '../pagination';
import { Seconds, notFound, parseQuery } from '../query';
import { type RequestContext, type Route, fixedCost } from '../router';
import { marketJson, orderbookJson, tradeJson } from '../serialize';
import { candlestickRoute } from './candlesticks';

const read = { access: 'public' as const, bucket: 'read' as const, cost: fixedCost(10) };
const DAY = 86_400_000;

function volume24h(exchange: SimulatedExchange, ticker: string): Centis {
  const since = exchange.now() - DAY;
  let total = 0n;
  for (const candle of exchange.candles.series(ticker)) if (candle.start >= since) total += candle.volume;
  return centis(total);
}

export function marketsJson(exchange: SimulatedExchange, markets: readonly SimMarket[]): Record<string, unknown>[] {
  return markets.map((market) => marketJson(exchange, market, volume24h(exchange, market.ticker)));
}

/** The `status` filter of GET /markets on object statuses (PROTOCOL §5.3; the mapping is UNCONFIRMED). */
const statusFilter: Record<string, ReadonlySet<string>> = {
  unopened: new Set(['initialized']),
  open: new Set(['active', 'inactive']),
  paused: new Set(['inactive']),
  closed: new Set(['closed']),
  settled: new Set(['determined', 'finalized']),
};

const MarketsQuery = z
  .object({
    event_ticker: z.string().optional(),
    series_ticker: z.string().optional(),
    tickers: z.string().optional(),
    status: z.enum(['unopened', 'open', 'paused', 'closed', 'settled'], { message: 'status must be one of unopened, open, paused, closed, settled (one value)' }).optional(),
    min_created_ts: Seconds.optional(),
    max_created_ts: Seconds.optional(),
    min_close_ts: Seconds.optional(),
    max_close_ts: Seconds.optional(),
    min_settled_ts: Seconds.optional(),
    max_settled_ts: Seconds.optional(),
    min_updated_ts: Seconds.optional(),
    mve_filter: z.enum(['only', 'exclude']).optional(),
  })
  .superRefine((query, issues) => {
    // The timestamp families exclude each other and constrain the status (CL Nov 11 2025).
    const created = query.min_created_ts !== undefined || query.max_created_ts !== undefined;
    const closing = query.min_close_ts !== undefined || query.max_close_ts !== undefined;
    const settled = query.min_settled_ts !== undefined || query.max_settled_ts !== undefined;
    const families = [created, closing, settled, query.min_updated_ts !== undefined].filter(Boolean).length;
    if (families > 1) issues.addIssue({ code: 'custom', message: 'created, close, settled and updated timestamp filters cannot be combined' });
    if (created && query.status !== undefined && query.status !== 'unopened' && query.status !== 'open') {
      issues.addIssue({ code: 'custom', message: 'created timestamp filters combine only with status unopened or open' });
    }
    if (closing && query.status !== undefined && query.status !== 'closed') issues.addIssue({ code: 'custom', message: 'close timestamp filters combine only with status closed' });
    if (settled && query.status !== undefined && query.status !== 'settled') issues.addIssue({ code: 'custom', message: 'settled timestamp filters combine only with status settled' });
  });

function marketsRoute(context: RequestContext) {
  const query = parseQuery(context, MarketsQuery);
  const limit = readLimit(context, 100, 1000);
  const universe = context.exchange.universe;
  let candidates: readonly SimMarket[];
  if (query.event_ticker !== undefined) candidates = universe.marketsOfEvent(query.event_ticker);
  else if (query.series_ticker !== undefined) {
    candidates = universe
      .eventsOfSeries(query.series_ticker)
      .flatMap((eventTicker) => universe.marketsOfEvent(eventTicker))
      .sort((a, b) => a.listingKey - b.listingKey);
  } else if (query.tickers !== undefined) {
    candidates = context.query
      .list('tickers')
      .flatMap((ticker) => universe.markets.get(ticker) ?? [])
      .sort((a, b) => a.listingKey - b.listingKey);
  } else candidates = universe.listed;
  const statuses = query.status === undefined ? null : (statusFilter[query.status] as ReadonlySet<string>);
  const within = (value: number | null, min?: number, max?: number) =>
    (min === undefined || (value !== null && value >= min * 1000)) && (max === undefined || (value !== null && value <= max * 1000));
  const accept = (market: SimMarket): boolean =>
    (statuses === null || statuses.has(market.status)) &&
    (query.series_ticker === undefined || market.seriesTicker === query.series_ticker) &&
    (query.event_ticker === undefined || market.eventTicker === query.event_ticker) &&
    query.mve_filter !== 'only' &&
    within(market.createdTime, query.min_created_ts, query.max_created_ts) &&
    within(market.closeTime, query.min_close_ts, query.max_close_ts) &&
    (query.min_settled_ts === undefined && query.max_settled_ts === undefined ? true : within(market.settledTime, query.min_settled_ts, query.max_settled_ts)) &&
    (query.min_updated_ts === undefined || market.updatedTime >= query.min_updated_ts * 1000);
  const page = paginate(context, 'markets', { ...query, tickers: context.query.list('tickers') }, candidates, (market) => market.listingKey, accept, limit);
  return { status: 200, body: { markets: marketsJson(context.exchange, page.items), cursor: page.cursor } };
}

function findMarket(context: RequestContext): SimMarket {
  const market = context.exchange.universe.markets.get(context.params.ticker ?? '');
  if (!market) throw notFound(`market ${context.params.ticker} not found`);
  return market;
}

export const marketRoutes: Route[] = [
  { method: 'GET', template: '/markets', ...read, handle: marketsRoute },
  {
    method: 'GET',
    template: '/markets/orderbooks',
    ...read,
    handle: (context) => {
      const tickers = context.query.list('tickers');
      if (tickers.length === 0 || tickers.length > 100) {
        throw new HttpError(400, 'invalid_parameters', 'invalid parameters', 'tickers must name 1 to 100 markets');
      }
      const orderbooks = tickers
        .filter((ticker) => context.exchange.universe.markets.has(ticker))
        .map((ticker) => ({ ticker, orderbook_fp: orderbookJson(context.exchange, ticker) }));
      return { status: 200, body: { orderbooks } };
    },
  },
  {
    method: 'GET',
    template: '/markets/trades',
    ...read,
    handle: (context) => {
      const query = parseQuery(
        context,
        z.object({ ticker: z.string().optional(), min_ts: Seconds.optional(), max_ts: Seconds.optional(), is_block_trade: z.enum(['true', 'false']).optional() }),
      );
      const limit = readLimit(context, 100, 1000);
      const page = paginate(
        context,
        'trades',
        query,
        context.exchange.trades.all(),
        (trade) => trade.sequence,
        (trade) =>
          (query.ticker === undefined || trade.ticker === query.ticker) &&
          (query.min_ts === undefined || trade.createdAt >= query.min_ts * 1000) &&
          (query.max_ts === undefined || trade.createdAt <= query.max_ts * 1000) &&
          query.is_block_trade !== 'true',
        limit,
        'newest-first',
      );
      return { status: 200, body: { trades: page.items.map(tradeJson), cursor: page.cursor } };
    },
  },
  {
    method: 'GET',
    template: '/markets/{ticker}',
    ...read,
    handle: (context) => ({ status: 200, body: { market: marketsJson(context.exchange, [findMarket(context)])[0] } }),
  },
  {
    method: 'GET',
    template: '/markets/{ticker}/orderbook',
    ...read,
    handle: (context) => {
      const market = findMarket(context);
      const { depth } = parseQuery(context, z.object({ depth: z.coerce.number().int().max(100).optional() }));
      return { status: 200, body: { orderbook_fp: orderbookJson(context.exchange, market.ticker, Math.max(0, depth ?? 0)) } };
    },
  },
  candlestickRoute,
];
