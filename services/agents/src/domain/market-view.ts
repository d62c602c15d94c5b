/**
 * A decision's view of one market: the cache's `MarketState` (book, staleness, status) joined
 * with the market's metadata from discovery (close time, strike, price grid, fee schedule).
 *
 * Whether the market takes orders: a final status from either source (closed, determined,
 * settled, ...) or a close time in the past says no; an open status (`active`, or the older
 * `open`) says yes; otherwise (`initialized`, or unknown: the exchange sends no event when a
 * market opens) the clock decides between open and close time.
 */
import { type MarketState, parseDollars } from '@polly/contracts';
import type { FeeSchedule, PriceBand } from '@polly/market';
import type { MarketView } from '../plugin';

export interface MarketInfo {
  marketTicker: string;
  seriesTicker: string | null;
  status: string | null;
  openTime: number | null;
  closeTime: number | null;
  floorStrike: string | null;
  strikeType: string | null;
  priceGrid: readonly PriceBand[] | null;
  feeSchedule: FeeSchedule | null;
}

const OPEN_STATUSES = new Set(['active', 'open']);
const FINAL_STATUSES = new Set(['closed', 'determined', 'disputed', 'amended', 'finalized', 'settled', 'inactive', 'deactivated']);

export function isOpenForTrading(cacheStatus: string | null, info: MarketInfo | null, now: number): boolean {
  const statuses = [cacheStatus, info?.status ?? null].filter((status): status is string => status !== null);
  if (statuses.some((status) => FINAL_STATUSES.has(status))) return false;
  if (info?.closeTime != null && now >= info.closeTime) return false;
  if (statuses.some((status) => OPEN_STATUSES.has(status))) return true;
  return info?.openTime != null && now >= info.openTime && info.closeTime !== null;
}

const price = (text: string | null) => (text === null ? null : parseDollars(text));

export function toMarketView(state: Omit<MarketState, 'book' | 'recentTrades'>, info: MarketInfo | null, watchlist: boolean, now: number): MarketView {
  return {
    marketTicker: state.marketTicker,
    seriesTicker: info?.seriesTicker ?? state.seriesTicker,
    watchlist,
    status: state.status ?? info?.status ?? null,
    openForTrading: isOpenForTrading(state.status, info, now),
    stale: state.stale,
    staleReason: state.staleReason,
    yesBid: price(state.yesBid),
    yesAsk: price(state.yesAsk),
    noBid: price(state.noBid),
    noAsk: price(state.noAsk),
    lastPrice: price(state.lastPrice),
    closeTime: info?.closeTime ?? null,
    floorStrike: info?.floorStrike ?? null,
    strikeType: info?.strikeType ?? null,
    priceGrid: info?.priceGrid ?? null,
    feeSchedule: info?.feeSchedule ?? null,
    revision: state.revision,
    updatedAt: state.updatedAt,
    snapshot: {
      marketTicker: state.marketTicker,
      yesBid: state.yesBid,
      yesAsk: state.yesAsk,
      noBid: state.noBid,
      noAsk: state.noAsk,
      lastPrice: state.lastPrice,
      volume: state.volume,
      stale: state.stale,
      observedAt: state.updatedAt,
    },
  };
}
