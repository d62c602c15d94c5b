/**
 * What execution needs to know about a market: its status, its price grid and its series' fee
 * schedule. Read from the `markets` and `series` read models (discovery's view, folded by the
 * projector); a market the read model does not hold yet is asked of the exchange's public REST
 * endpoints. Answers are kept in memory for a short while; the status is overlaid with the
 * cache's fresher one by the caller.
 */
import { type Db, schemaOf } from '@polly/db';
import { type Environment, PriceRange } from '@polly/contracts';
import type { KalshiClient } from '@polly/kalshi';
import { FEE_TYPES, type FeeSchedule, type FeeType, feeSchedule, seriesOfTicker } from '@polly/market';
import { z } from 'zod';
import type { MarketFacts } from '../domain/validation';

export interface MarketInfo extends MarketFacts {
  /** Null when the series' fee type has no documented formula. */
  feeSchedule: FeeSchedule | null;
}

interface Cached {
  info: MarketInfo | null;
  at: number;
}

function scheduleOf(feeType: string | null | undefined, multiplier: string | number | null | undefined): FeeSchedule | null {
  if (!feeType || !(FEE_TYPES as readonly string[]).includes(feeType) || feeType === 'flat') return null;
  try {
    return feeSchedule(feeType as FeeType, multiplier ?? 1);
  } catch {
    return null;
  }
}

const PriceRanges = z.array(PriceRange);

/** How long the exchange's answer "not open yet" is believed (a market opening any second is asked again soon). */
const NOT_OPEN_RECHECK_MS = 1000;

export class MarketCatalog {
  private readonly cache = new Map<string, Cached>();
  private readonly exchangeStatuses = new Map<string, { status: string | null; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly environment: Environment,
    private readonly exchange: () => KalshiClient,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 30_000,
  ) {}

  /** Forget what is known about a market (its status changed). */
  invalidate(ticker: string): void {
    this.cache.delete(ticker);
    this.exchangeStatuses.delete(ticker);
  }

  async facts(ticker: string): Promise<MarketInfo | null> {
    const cached = this.cache.get(ticker);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.info;
    const info = (await this.fromReadModel(ticker)) ?? (await this.fromExchange(ticker));
    this.cache.set(ticker, { info, at: this.now() });
    return info;
  }

  /**
   * The exchange's own status of a market (public `GET /markets/{ticker}`), for a market that what
   * we know calls `initialized`: Kalshi sends no lifecycle event when a market opens at its open
   * time, so the cache and the read model keep `initialized` until discovery reads it again. The
   * exchange is the truth; an open answer is remembered like other facts, "not yet" for a second.
   */
  async exchangeStatus(ticker: string): Promise<string | null> {
    const known = this.exchangeStatuses.get(ticker);
    const believedMs = known?.status === 'active' || known?.status === 'open' ? this.ttlMs : NOT_OPEN_RECHECK_MS;
    if (known && this.now() - known.at < believedMs) return known.status;
    const market = await this.exchange().getMarket(ticker);
    const status = market.ok ? market.value.market.status : null;
    this.exchangeStatuses.set(ticker, { status, at: this.now() });
    return status;
  }

  private async fromReadModel(ticker: string): Promise<MarketInfo | null> {
    const row = await this.db
      .withSchema(schemaOf(this.environment))
      .selectFrom('markets as m')
      .leftJoin('series as s', 's.series_ticker', 'm.series_ticker')
      .select(['m.market_ticker', 'm.series_ticker', 'm.exchange_status', 'm.price_ranges', 's.fee_type', 's.fee_multiplier'])
      .where('m.market_ticker', '=', ticker)
      .executeTakeFirst();
    if (!row) return null;
    const ranges = PriceRanges.safeParse(row.price_ranges);
    return {
      marketTicker: row.market_ticker,
      seriesTicker: row.series_ticker,
      status: row.exchange_status,
      priceRanges: ranges.success ? ranges.data : [],
      feeSchedule: scheduleOf(row.fee_type, row.fee_multiplier),
    };
  }

  private async fromExchange(ticker: string): Promise<MarketInfo | null> {
    const exchange = this.exchange();
    const market = await exchange.getMarket(ticker);
    if (!market.ok) return null;
    const seriesTicker = seriesOfTicker(market.value.market.event_ticker);
    const series = seriesTicker === null ? null : await exchange.getSeries(seriesTicker);
    return {
      marketTicker: market.value.market.ticker,
      seriesTicker,
      status: market.value.market.status,
      priceRanges: market.value.market.price_ranges,
      feeSchedule: series?.ok ? scheduleOf(series.value.series.fee_type, series.value.series.fee_multiplier) : null,
    };
  }
}
