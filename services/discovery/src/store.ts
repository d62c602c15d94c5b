/**
 * Where a restart picks up: the catalogue from the read models the projector wrote (`series`,
 * `events`, `markets` in the environment's schema) and the plan folded from every `plan.updated`
 * of the environment on MARKETS. The read models may lag the stream a little; whatever they miss
 * is republished with the same deterministic ids, which the broker drops.
 */
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import { type Db, schemaOf } from '@polly/db';
import { eventRowFingerprint, marketRowFingerprint, seriesRowFingerprint } from './core/fingerprint';
import { type KnownCatalogue, emptyCatalogue } from './core/known';
import { MarketInternalState } from '@polly/contracts';
import { type PlanState, emptyPlan, foldPlan } from './core/plan';

/** Exchange statuses after which a market's result is final (worth refreshing if it is missing). */
const RESOLVED_STATUSES = new Set(['determined', 'finalized', 'settled']);

export async function loadCatalogue(db: Db, environment: Environment): Promise<KnownCatalogue> {
  const schema = db.withSchema(schemaOf(environment));
  const catalogue = emptyCatalogue();
  const series = await schema.selectFrom('series').select(['series_ticker', 'title', 'category', 'frequency', 'tags', 'fee_type', 'fee_multiplier', 'simulated']).execute();
  for (const row of series) catalogue.series.set(row.series_ticker, { fingerprint: seriesRowFingerprint(row), category: row.category });
  const events = await schema.selectFrom('events').select(['event_ticker', 'series_ticker', 'title', 'sub_title', 'category', 'mutually_exclusive', 'strike_date']).execute();
  for (const row of events) catalogue.events.set(row.event_ticker, { seriesTicker: row.series_ticker, fingerprint: eventRowFingerprint(row) });
  const markets = await schema
    .selectFrom('markets')
    .select([
      'market_ticker',
      'event_ticker',
      'series_ticker',
      'title',
      'subtitle',
      'yes_sub_title',
      'no_sub_title',
      'exchange_status',
      'internal_state',
      'open_time',
      'close_time',
      'expected_expiration_time',
      'strike_type',
      'floor_strike',
      'cap_strike',
      'price_level_structure',
      'price_ranges',
      'result',
      'settlement_value',
      'listing_index',
    ])
    .execute();
  for (const row of markets) {
    const state = MarketInternalState.safeParse(row.internal_state);
    catalogue.markets.set(row.market_ticker, {
      eventTicker: row.event_ticker,
      seriesTicker: row.series_ticker,
      // A state this version does not know is treated as unseen: the next listing decides again.
      state: state.success ? state.data : 'IGNORED',
      exchangeStatus: row.exchange_status,
      fingerprint: state.success ? marketRowFingerprint(row) : 'unknown-state',
      listingIndex: row.listing_index,
      // A lifecycle event retired it but the final result never made it into the row.
      refresh: RESOLVED_STATUSES.has(row.exchange_status) && row.result === null,
    });
  }
  return catalogue;
}

export async function loadPlan(bus: Bus, environment: Environment, signal?: AbortSignal): Promise<PlanState> {
  const plan = emptyPlan();
  for await (const item of bus.read({ stream: 'MARKETS', filterSubject: `markets.${environment}.plan.updated`, ...(signal ? { signal } : {}) })) {
    if (item.valid && item.event.type === 'plan.updated') foldPlan(plan, item.event.data);
  }
  return plan;
}
