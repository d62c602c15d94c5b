/** Public market-data calls (no key needed): exchange status, series, events, markets, books, trades. */
import type { GetEventsStatusEnum, GetMarketsMveFilterEnum, GetMarketsStatusEnum } from 'kalshi-typescript';
import { type CallContext, call } from './context';
import {
  EventResponse,
  EventsPage,
  ExchangeStatus,
  MarketResponse,
  MarketsPage,
  OrderbookResponse,
  OrderbooksResponse,
  SeriesList,
  SeriesResponse,
  TradesPage,
} from './schemas/market-data';

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export interface MarketsQuery extends PageQuery {
  eventTicker?: string;
  seriesTicker?: string;
  status?: GetMarketsStatusEnum;
  tickers?: string[];
  minCreatedTs?: number;
  maxCreatedTs?: number;
  minUpdatedTs?: number;
  minCloseTs?: number;
  maxCloseTs?: number;
  minSettledTs?: number;
  maxSettledTs?: number;
  mveFilter?: GetMarketsMveFilterEnum;
}

export interface EventsQuery extends PageQuery {
  withNestedMarkets?: boolean;
  withMilestones?: boolean;
  status?: GetEventsStatusEnum;
  seriesTicker?: string;
  tickers?: string[];
  minCloseTs?: number;
  minUpdatedTs?: number;
}

export interface SeriesQuery {
  category?: string;
  tags?: string[];
  includeProductMetadata?: boolean;
  includeVolume?: boolean;
  minUpdatedTs?: number;
}

export interface TradesQuery extends PageQuery {
  ticker?: string;
  minTs?: number;
  maxTs?: number;
  isBlockTrade?: boolean;
}

const joined = (values: string[] | undefined): string | undefined => (values && values.length > 0 ? values.join(',') : undefined);

export function marketDataCalls(context: CallContext) {
  const { market, events, exchange } = context.sdk;
  return {
    getExchangeStatus: () =>
      call(context, { name: 'getExchangeStatus', schema: ExchangeStatus, send: (options) => exchange.getExchangeStatus(options) }),

    getSeriesList: (query: SeriesQuery = {}) =>
      call(context, {
        name: 'getSeriesList',
        schema: SeriesList,
        send: (options) =>
          market.getSeriesList(query.category, joined(query.tags), query.includeProductMetadata, query.includeVolume, query.minUpdatedTs, options),
      }),

    getSeries: (seriesTicker: string, includeVolume?: boolean) =>
      call(context, { name: 'getSeries', schema: SeriesResponse, send: (options) => market.getSeries(seriesTicker, includeVolume, options) }),

    getEventsPage: (query: EventsQuery = {}) =>
      call(context, {
        name: 'getEventsPage',
        schema: EventsPage,
        send: (options) =>
          events.getEvents(
            query.limit,
            query.cursor || undefined,
            query.withNestedMarkets,
            query.withMilestones,
            query.status,
            query.seriesTicker,
            joined(query.tickers),
            query.minCloseTs,
            query.minUpdatedTs,
            options,
          ),
      }),

    getEvent: (eventTicker: string, withNestedMarkets?: boolean) =>
      call(context, { name: 'getEvent', schema: EventResponse, send: (options) => events.getEvent(eventTicker, withNestedMarkets, options) }),

    getMarketsPage: (query: MarketsQuery = {}) =>
      call(context, {
        name: 'getMarketsPage',
        schema: MarketsPage,
        send: (options) =>
          market.getMarkets(
            query.limit,
            query.cursor || undefined,
            query.eventTicker,
            query.seriesTicker,
            query.minCreatedTs,
            query.maxCreatedTs,
            query.minUpdatedTs,
            query.maxCloseTs,
            query.minCloseTs,
            query.minSettledTs,
            query.maxSettledTs,
            query.status,
            joined(query.tickers),
            query.mveFilter,
            options,
          ),
      }),

    getMarket: (ticker: string) =>
      call(context, { name: 'getMarket', schema: MarketResponse, send: (options) => market.getMarket(ticker, options) }),

    /** One book, bids only, ascending (`depth` 0 or absent = all levels). */
    getOrderbook: (ticker: string, depth?: number) =>
      call(context, { name: 'getOrderbook', schema: OrderbookResponse, send: (options) => market.getMarketOrderbook(ticker, depth, options) }),

    /** Up to 100 books in one request. */
    getOrderbooks: (tickers: string[]) =>
      call(context, { name: 'getOrderbooks', schema: OrderbooksResponse, send: (options) => market.getMarketOrderbooks(tickers, options) }),

    getTradesPage: (query: TradesQuery = {}) =>
      call(context, {
        name: 'getTradesPage',
        schema: TradesPage,
        send: (options) =>
          market.getTrades(query.limit, query.cursor || undefined, query.ticker, query.minTs, query.maxTs, query.isBlockTrade, options),
      }),
  };
}
