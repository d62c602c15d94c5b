/**
 * Market metadata for decisions (close time, strike, price grid, fee schedule, status) and the
 * discovery watchlist, from the `markets` and `series` read models. A market is read on first
 * use and again after `ttlMs`; a market the read model does not hold yet is asked for again after
 * `missingTtlMs`. Lifecycle events (`md.{environment}.lifecycle.changed`) update the strike,
 * close time and status at once, because at a KXBTC15M window's open the strike arrives there
 * first. `market.state-changed` keeps the watchlist current.
 */
import { type Db, schemaOf } from '@polly/db';
import { type AnyEvent, type Environment, PriceRange } from '@polly/contracts';
import { FEE_TYPES, type FeeSchedule, type FeeType, feeSchedule, parsePriceRanges, seriesOfTicker } from '@polly/market';
import { z } from 'zod';
import type { MarketInfo } from '../domain/market-view';

const PriceRanges = z.array(PriceRange);

function scheduleOf(feeType: string | null | undefined, multiplier: string | null | undefined): FeeSchedule | null {
  if (!feeType || feeType === 'flat' || !(FEE_TYPES as readonly string[]).includes(feeType)) return null;
  try {
    return feeSchedule(feeType as FeeType, multiplier ?? 1);
  } catch {
    return null;
  }
}

function gridOf(raw: unknown): MarketInfo['priceGrid'] {
  const ranges = PriceRanges.safeParse(raw);
  if (!ranges.success || ranges.data.length === 0) return null;
  try {
    return parsePriceRanges(ranges.data);
  } catch {
    return null;
  }
}

/** numeric(…, 8) comes back as "97000.00000000"; decisions record the plain decimal. */
export function plainDecimal(text: string | null): string | null {
  if (text === null || !text.includes('.')) return text;
  const trimmed = text.replace(/0+$/, '');
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}

const time = (value: Date | string | null): number | null => (value === null ? null : new Date(value).getTime());

const STATUS_AFTER: Partial<Record<string, string>> = { activated: 'active', deactivated: 'inactive', determined: 'determined', settled: 'finalized' };

interface Cached {
  info: MarketInfo | null;
  at: number;
}

export class MarketCatalog {
  private readonly known = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<MarketInfo | null>>();
  /** What lifecycle events said, newer than the read model until it catches up. */
  private readonly overlays = new Map<string, Partial<MarketInfo>>();
  readonly watchlist = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly environment: Environment,
    private readonly now: () => number,
    private readonly ttlMs = 60_000,
    private readonly missingTtlMs = 10_000,
  ) {}

  async loadWatchlist(): Promise<void> {
    const rows = await this.db.withSchema(schemaOf(this.environment)).selectFrom('markets').select('market_ticker').where('internal_state', '=', 'WATCHLIST').execute();
    for (const row of rows) this.watchlist.add(row.market_ticker);
  }

  /** The metadata of a market (read model, cached); null when the read model does not hold it. */
  async info(marketTicker: string): Promise<MarketInfo | null> {
    const cached = this.known.get(marketTicker);
    if (cached && this.now() - cached.at < (cached.info ? this.ttlMs : this.missingTtlMs)) return cached.info;
    let pending = this.loading.get(marketTicker);
    if (!pending) {
      pending = this.read(marketTicker).finally(() => this.loading.delete(marketTicker));
      this.loading.set(marketTicker, pending);
    }
    const info = await pending;
    this.known.set(marketTicker, { info, at: this.now() });
    return info;
  }

  private async read(marketTicker: string): Promise<MarketInfo | null> {
    const row = await this.db
      .withSchema(schemaOf(this.environment))
      .selectFrom('markets as m')
      .leftJoin('series as s', 's.series_ticker', 'm.series_ticker')
      .select(['m.market_ticker', 'm.series_ticker', 'm.exchange_status', 'm.open_time', 'm.close_time', 'm.floor_strike', 'm.strike_type', 'm.price_ranges', 'm.internal_state', 's.fee_type', 's.fee_multiplier'])
      .where('m.market_ticker', '=', marketTicker)
      .executeTakeFirst();
    if (!row) return null;
    if (row.internal_state === 'WATCHLIST') this.watchlist.add(marketTicker);
    const info: MarketInfo = {
      marketTicker: row.market_ticker,
      seriesTicker: row.series_ticker || seriesOfTicker(marketTicker),
      status: row.exchange_status,
      openTime: time(row.open_time),
      closeTime: time(row.close_time),
      floorStrike: plainDecimal(row.floor_strike),
      strikeType: row.strike_type,
      priceGrid: gridOf(row.price_ranges),
      feeSchedule: scheduleOf(row.fee_type, row.fee_multiplier),
    };
    return { ...info, ...this.overlays.get(marketTicker) };
  }

  /** Fold what MARKET_DATA lifecycle and MARKETS state changes say about a known market. */
  apply(event: AnyEvent): void {
    if (event.type === 'market.state-changed') {
      if (event.data.to === 'WATCHLIST') this.watchlist.add(event.data.marketTicker);
      else this.watchlist.delete(event.data.marketTicker);
      return;
    }
    if (event.type !== 'lifecycle.changed') return;
    const data = event.data;
    if (data.eventType === 'settled') {
      this.overlays.delete(data.marketTicker);
      this.known.delete(data.marketTicker);
      return;
    }
    const overlay: Partial<MarketInfo> = { ...this.overlays.get(data.marketTicker) };
    const status = STATUS_AFTER[data.eventType];
    if (status) overlay.status = status;
    if (data.closeTime) overlay.closeTime = Date.parse(data.closeTime);
    if (data.openTime) overlay.openTime = Date.parse(data.openTime);
    if (data.floorStrike) overlay.floorStrike = data.floorStrike;
    const grid = data.priceRanges ? gridOf(data.priceRanges) : null;
    if (grid) overlay.priceGrid = grid;
    if (Object.keys(overlay).length === 0) return;
    this.overlays.set(data.marketTicker, overlay);
    const cached = this.known.get(data.marketTicker);
    if (cached?.info) cached.info = { ...cached.info, ...overlay };
  }
}
