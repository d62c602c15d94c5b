/**
 * Reads what the market board shows: the series list (with categories for navigation) and the
 * open markets of the chosen category, page by page (1,000 a page, up to five pages: a category
 * with more says so rather than pretending to be complete). Markets are grouped by series.
 */
import { query, type ApiResult, type ControlClient } from '../../trading/api/client';
import { MarketDetailAnswer, MarketsAnswer, SeriesAnswer, type Environment, type Market } from '../../trading/api/schemas';

export const marketPageSize = 1000;
export const marketPageLimit = 5;

export interface MarketSet {
  markets: Map<string, Market>;
  bySeries: Map<string, string[]>;
  /** More open markets exist than were read. */
  truncated: boolean;
}

export function loadSeries(client: ControlClient, environment: Environment): Promise<ApiResult<SeriesAnswer>> {
  return client.get(`/state/series${query({ environment })}`, SeriesAnswer);
}

export async function loadOpenMarkets(client: ControlClient, environment: Environment, category: string | null): Promise<ApiResult<MarketSet>> {
  const markets = new Map<string, Market>();
  const bySeries = new Map<string, string[]>();
  let cursor: string | null = null;
  for (let page = 0; page < marketPageLimit; page += 1) {
    const answer: ApiResult<MarketsAnswer> = await client.get(`/state/markets${query({ environment, status: 'open', category, limit: marketPageSize, cursor })}`, MarketsAnswer);
    if (!answer.ok) return answer;
    for (const market of answer.value.markets) {
      markets.set(market.market_ticker, market);
      const tickers = bySeries.get(market.series_ticker) ?? [];
      tickers.push(market.market_ticker);
      bySeries.set(market.series_ticker, tickers);
    }
    cursor = answer.value.next_cursor;
    if (!cursor) return { ok: true, value: { markets, bySeries, truncated: false } };
  }
  return { ok: true, value: { markets, bySeries, truncated: true } };
}

export async function loadMarket(client: ControlClient, environment: Environment, ticker: string) {
  const answer = await client.get(`/state/markets/${encodeURIComponent(ticker)}${query({ environment })}`, MarketDetailAnswer);
  return answer.ok ? answer.value.market : null;
}
