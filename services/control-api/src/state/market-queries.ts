/**
 * Markets and series for the cockpit's navigation. Paging is by keyset (the market ticker), so
 * page 400 of 40,000 markets costs what page 1 costs, and a cursor stays valid while markets are
 * added. The cursor is opaque to clients: base64url of the last ticker of the previous page.
 */
import { sql } from 'kysely';
import type { Environment } from '@polly/contracts';
import type { Db } from '@polly/db';
import { HttpProblem } from '../http/problem';

/** Friendly status words mapped to the exchange's statuses. */
const STATUS_GROUPS: Record<string, readonly string[]> = {
  open: ['active', 'open'],
  closed: ['closed', 'inactive'],
  settled: ['determined', 'finalized', 'settled'],
};

export function encodeCursor(ticker: string): string {
  return Buffer.from(ticker, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const ticker = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ticker || encodeCursor(ticker) !== cursor) throw new HttpProblem('invalid-request', 'the cursor is not one this API handed out');
  return ticker;
}

export interface MarketFilter {
  status?: string | undefined;
  series?: string | undefined;
  category?: string | undefined;
  event?: string | undefined;
  internalState?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listMarkets(db: Db, environment: Environment, filter: MarketFilter) {
  let query = db.withSchema(environment).selectFrom('markets').selectAll('markets');
  if (filter.status) {
    const statuses = STATUS_GROUPS[filter.status.toLowerCase()] ?? [filter.status];
    query = query.where('markets.exchange_status', 'in', [...statuses]);
  }
  if (filter.series) query = query.where('markets.series_ticker', '=', filter.series);
  if (filter.event) query = query.where('markets.event_ticker', '=', filter.event);
  if (filter.internalState) query = query.where('markets.internal_state', '=', filter.internalState);
  if (filter.category) {
    const category = filter.category;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('series')
          .select(sql`1`.as('found'))
          .whereRef('series.series_ticker', '=', 'markets.series_ticker')
          .where('series.category', '=', category),
      ),
    );
  }
  if (filter.cursor) query = query.where('markets.market_ticker', '>', decodeCursor(filter.cursor));
  const rows = await query.orderBy('markets.market_ticker').limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > filter.limit && last ? encodeCursor(last.market_ticker) : null };
}

export const findMarket = (db: Db, environment: Environment, ticker: string) =>
  db.withSchema(environment).selectFrom('markets').selectAll().where('market_ticker', '=', ticker).executeTakeFirst();

/** Series with how many markets each has, and the categories they fall into. */
export async function listSeries(db: Db, environment: Environment, filter: { category?: string | undefined }) {
  const scoped = db.withSchema(environment);
  let query = scoped
    .selectFrom('series')
    .leftJoin(
      scoped.selectFrom('markets').select(['series_ticker', sql<string>`count(*)`.as('markets')]).groupBy('series_ticker').as('counts'),
      'counts.series_ticker',
      'series.series_ticker',
    )
    .select([
      'series.series_ticker',
      'series.title',
      'series.category',
      'series.frequency',
      'series.tags',
      'series.fee_type',
      'series.fee_multiplier',
      'series.volume',
      'series.simulated',
      'series.updated_at',
      sql<string>`coalesce(counts.markets, 0)`.as('markets'),
    ]);
  if (filter.category) query = query.where('series.category', '=', filter.category);
  const rows = await query.orderBy('series.category').orderBy('series.series_ticker').execute();
  const categories = new Map<string, { series: number; markets: number }>();
  for (const row of rows) {
    const entry = categories.get(row.category) ?? { series: 0, markets: 0 };
    entry.series += 1;
    entry.markets += Number(row.markets);
    categories.set(row.category, entry);
  }
  return {
    series: rows.map((row) => ({ ...row, markets: Number(row.markets) })),
    categories: [...categories].map(([category, totals]) => ({ category, ...totals })),
  };
}
