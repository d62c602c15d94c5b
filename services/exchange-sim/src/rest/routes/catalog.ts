/**
 * Public catalog endpoints: exchange status and schedule, series, events (PROTOCOL §4.5–4.7, §4.10).
 */
import { type Centis, centis } from '@polly/contracts';
import { z } from 'zod';
import type { SimulatedExchange } from '../../exchange/simulated-exchange';
import { rfc3339 } from '../../support/eastern-time';
import type { SimEvent, SimMarket } from '../../universe/model';
import { paginate, readLimit } from '../pagination';
import { Flag, Seconds, notFound, parseQuery } from '../query';
import { type Route, fixedCost } from '../router';
import { eventJson, seriesJson } from '../serialize';
import { marketsJson } from './markets';

const read = { access: 'public' as const, bucket: 'read' as const, cost: fixedCost(10) };

export const SIMULATED_DESCRIPTION = 'SIMULATED exchange: a local Kalshi simulator; no real market, money or trading.';

const everyDay = [{ open_time: '00:00', close_time: '23:59' }];

type EventStatus = 'unopened' | 'open' | 'closed' | 'settled';

function eventStatus(markets: readonly SimMarket[]): EventStatus {
  if (markets.some((market) => market.status === 'active' || market.status === 'inactive')) return 'open';
  if (markets.length > 0 && markets.every((market) => market.status === 'initialized')) return 'unopened';
  if (markets.length > 0 && markets.every((market) => market.status === 'determined' || market.status === 'finalized')) return 'settled';
  return 'closed';
}

function seriesVolume(exchange: SimulatedExchange, seriesTicker: string): Centis {
  let total = 0n;
  for (const eventTicker of exchange.universe.eventsOfSeries(seriesTicker)) {
    for (const market of exchange.universe.marketsOfEvent(eventTicker)) total += exchange.engine.market(market.ticker)?.volume ?? 0n;
  }
  return centis(total);
}

const EventsQuery = z.object({
  with_nested_markets: Flag.optional(),
  with_milestones: Flag.optional(),
  status: z.enum(['unopened', 'open', 'closed', 'settled']).optional(),
  series_ticker: z.string().optional(),
  tickers: z.string().optional(),
  min_close_ts: Seconds.optional(),
  min_updated_ts: Seconds.optional(),
});

export const catalogRoutes: Route[] = [
  {
    method: 'GET',
    template: '/exchange/status',
    ...read,
    handle: ({ exchange }) => {
      const active = !exchange.paused;
      return {
        status: 200,
        body: {
          exchange_active: active,
          trading_active: active,
          exchange_estimated_resume_time: null,
          intra_exchange_transfers_active: true,
          exchange_index_statuses: [
            { exchange_index: 0, description: SIMULATED_DESCRIPTION, exchange_active: active, trading_active: active, intra_exchange_transfers_active: true },
          ],
        },
      };
    },
  },
  {
    method: 'GET',
    template: '/exchange/schedule',
    ...read,
    handle: () => ({
      status: 200,
      body: {
        schedule: {
          standard_hours: [
            {
              start_time: '2026-01-01T00:00:00Z',
              end_time: '2099-12-31T23:59:59Z',
              monday: everyDay,
              tuesday: everyDay,
              wednesday: everyDay,
              thursday: everyDay,
              friday: everyDay,
              saturday: everyDay,
              sunday: everyDay,
            },
          ],
          maintenance_windows: [],
        },
      },
    }),
  },
  {
    method: 'GET',
    template: '/exchange/user_data_timestamp',
    ...read,
    handle: ({ exchange }) => ({ status: 200, body: { as_of_time: rfc3339(exchange.now()) } }),
  },
  {
    method: 'GET',
    template: '/series',
    ...read,
    handle: (context) => {
      const query = parseQuery(
        context,
        z.object({
          category: z.string().optional(),
          tags: z.string().optional(),
          include_product_metadata: Flag.optional(),
          include_volume: Flag.optional(),
          min_updated_ts: Seconds.optional(),
        }),
      );
      const tags = query.tags?.split(',').map((tag) => tag.trim().toLowerCase()) ?? [];
      const series = [...context.exchange.universe.series.values()]
        .filter((entry) => query.category === undefined || entry.category === query.category)
        .filter((entry) => tags.length === 0 || entry.tags.some((tag) => tags.includes(tag.toLowerCase())))
        .filter((entry) => query.min_updated_ts === undefined || entry.lastUpdated >= query.min_updated_ts * 1000)
        .map((entry) => {
          const json = seriesJson(entry, query.include_volume ? seriesVolume(context.exchange, entry.ticker) : undefined);
          if (!query.include_product_metadata) delete json.product_metadata;
          return json;
        });
      return { status: 200, body: { series } };
    },
  },
  {
    method: 'GET',
    template: '/series/{series_ticker}',
    ...read,
    handle: (context) => {
      const query = parseQuery(context, z.object({ include_volume: Flag.optional() }));
      const series = context.exchange.universe.series.get(context.params.series_ticker ?? '');
      if (!series) throw notFound(`series ${context.params.series_ticker} not found`);
      return { status: 200, body: { series: seriesJson(series, query.include_volume ? seriesVolume(context.exchange, series.ticker) : undefined) } };
    },
  },
  {
    method: 'GET',
    template: '/events',
    ...read,
    handle: (context) => {
      const query = parseQuery(context, EventsQuery);
      const limit = readLimit(context, 200, 200);
      const universe = context.exchange.universe;
      const wanted = query.tickers ? new Set(context.query.list('tickers')) : null;
      const accept = (event: SimEvent): boolean => {
        if (query.series_ticker !== undefined && event.seriesTicker !== query.series_ticker) return false;
        if (wanted && !wanted.has(event.eventTicker)) return false;
        if (query.min_updated_ts !== undefined && event.lastUpdated < query.min_updated_ts * 1000) return false;
        if (query.status === undefined && query.min_close_ts === undefined) return true;
        const markets = universe.marketsOfEvent(event.eventTicker);
        if (query.status !== undefined && eventStatus(markets) !== query.status) return false;
        if (query.min_close_ts !== undefined && !markets.some((market) => market.closeTime >= (query.min_close_ts ?? 0) * 1000)) return false;
        return true;
      };
      const filters = { ...query, with_nested_markets: undefined };
      const page = paginate(context, 'events', filters, universe.listedEvents, (event) => event.listingKey, accept, limit);
      const events = page.items.map((event) =>
        eventJson(event, query.with_nested_markets ? marketsJson(context.exchange, universe.marketsOfEvent(event.eventTicker)) : undefined),
      );
      return { status: 200, body: { events, cursor: page.cursor } };
    },
  },
  {
    method: 'GET',
    template: '/events/{event_ticker}',
    ...read,
    handle: (context) => {
      const query = parseQuery(context, z.object({ with_nested_markets: Flag.optional() }));
      const event = context.exchange.universe.events.get(context.params.event_ticker ?? '');
      if (!event) throw notFound(`event ${context.params.event_ticker} not found`);
      const markets = marketsJson(context.exchange, context.exchange.universe.marketsOfEvent(event.eventTicker));
      return { status: 200, body: { event: eventJson(event, query.with_nested_markets ? markets : undefined), markets } };
    },
  },
];
