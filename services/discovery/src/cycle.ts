/**
 * One discovery cycle for one environment: the series list, then events and markets page by page
 * (one listing per status, cursors followed to the end), each page diffed and published while the
 * next one is read. When every listing completed, markets known as ACTIVE or WATCHLIST that no
 * listing showed (and markets waiting for a refresh) are read one by one to learn their new
 * status. Last, the plan is brought in line with what is known.
 *
 * A listing that fails for good (a page still failing after the retry table) ends the cycle early:
 * what was read is kept and published, the plan gains what was found, and nothing is retired on
 * the strength of an incomplete listing.
 */
import { KalshiFailure, type KalshiClient } from '@polly/kalshi';
import type { MarketInternalState } from '@polly/contracts';
import type { Catalogue, ListedMarket } from './catalogue';
import type { ListingStatus } from './config';
import { isSubscribedState } from './core/classify';
import { CycleProgress, type ProgressListener } from './progress';
import { mapConcurrently, pipelineChunks } from './support';

export const EVENTS_PAGE_SIZE = 200;
export const MARKETS_PAGE_SIZE = 1000;

/** The `/events` status filter that covers each `/markets` status (events have no `paused`). */
const EVENT_STATUS: Record<ListingStatus, 'unopened' | 'open' | 'closed' | 'settled'> = {
  unopened: 'unopened',
  open: 'open',
  paused: 'open',
  closed: 'closed',
  settled: 'settled',
};

export interface CycleDependencies {
  catalogue: Catalogue;
  client: KalshiClient;
  statuses: readonly ListingStatus[];
  progressEveryPages: number;
  listener: ProgressListener;
  now: () => number;
  signal: AbortSignal;
}

export interface CycleReport {
  cycleId: string;
  ok: boolean;
  error: string | null;
  /** Every listing reached its last page. */
  listingComplete: boolean;
  listed: { series: number; events: number; markets: number };
  changed: { series: number; events: number; markets: number };
  /** Markets read one by one, and how many of them the exchange no longer has. */
  fetched: number;
  vanished: number;
  byState: Record<MarketInternalState, number>;
  planRevisions: number;
  planSize: number;
  pages: number;
  retries: number;
  restarts: number;
  durationMs: number;
}

class CycleStopped extends Error {
  override readonly name = 'CycleStopped';
}

export async function runCycle(cycleId: string, dependencies: CycleDependencies): Promise<CycleReport> {
  const { catalogue, client, signal } = dependencies;
  const startedAt = dependencies.now();
  const progress = new CycleProgress(cycleId, startedAt, dependencies.now, dependencies.progressEveryPages, dependencies.listener);
  const changed = { series: 0, events: 0, markets: 0 };
  const seen = new Set<string>();
  let listingComplete = false;
  let error: string | null = null;
  let fetched = 0;
  let vanished = 0;
  const forget = new Set<string>();
  const checkStopped = () => {
    if (signal.aborted) throw new CycleStopped('discovery is stopping');
  };

  try {
    const seriesList = await client.getSeriesList({ includeProductMetadata: true });
    if (!seriesList.ok) throw new KalshiFailure(seriesList.error);
    progress.page('series', seriesList.attempts, seriesList.value.series.length);
    changed.series += await catalogue.applySeries(seriesList.value.series);
    progress.endPhase('series');

    for (const status of new Set(dependencies.statuses.map((status) => EVENT_STATUS[status]))) {
      const listing = client.listEvents({ status }, { pageSize: EVENTS_PAGE_SIZE, onProgress: progress.listing('events') });
      await pipelineChunks(listing, EVENTS_PAGE_SIZE, async (events) => {
        checkStopped();
        progress.retried('events', await catalogue.ensureSeries(events.map((event) => event.series_ticker)));
        changed.events += await catalogue.applyEvents(events);
      });
    }
    progress.endPhase('events');

    let listingIndex = 0;
    for (const status of dependencies.statuses) {
      const listing = client.listMarkets({ status }, { pageSize: MARKETS_PAGE_SIZE, onProgress: progress.listing('markets') });
      await pipelineChunks(listing, MARKETS_PAGE_SIZE, async (markets) => {
        checkStopped();
        const entries: ListedMarket[] = markets.map((market) => ({ market, listingIndex: listingIndex++ }));
        for (const market of markets) seen.add(market.ticker);
        progress.retried('markets', await catalogue.ensureEvents(markets.map((market) => market.event_ticker)));
        changed.markets += await catalogue.applyMarkets(entries);
      });
    }
    listingComplete = true;

    const absent = [...catalogue.known.markets]
      .filter(([ticker, market]) => !seen.has(ticker) && (isSubscribedState(market.state) || market.refresh))
      .map(([ticker]) => ticker);
    for (const ticker of catalogue.plan.members.keys()) if (!seen.has(ticker) && !catalogue.known.markets.has(ticker)) absent.push(ticker);
    const found: ListedMarket[] = [];
    await mapConcurrently(absent, 4, async (ticker) => {
      checkStopped();
      const outcome = await catalogue.fetchMarket(ticker);
      progress.retried('markets', Math.max(0, outcome.attempts - 1));
      fetched += 1;
      if (outcome.kind === 'found') found.push({ market: outcome.value, listingIndex: null });
      else if (outcome.kind === 'gone') {
        vanished += 1;
        if (catalogue.known.markets.has(ticker)) await catalogue.applyVanished(ticker);
        else forget.add(ticker);
      }
    });
    progress.retried('markets', await catalogue.ensureEvents(found.map(({ market }) => market.event_ticker)));
    changed.markets += await catalogue.applyMarkets(found);
    progress.endPhase('markets');
  } catch (thrown) {
    if (!(thrown instanceof KalshiFailure) && !(thrown instanceof CycleStopped)) throw thrown;
    error = thrown instanceof KalshiFailure ? `${thrown.error.operation} failed (${thrown.error.kind}${thrown.error.status ? ` ${thrown.error.status}` : ''}): ${thrown.error.message}` : thrown.message;
  }

  const planRevisions = signal.aborted ? 0 : await catalogue.syncPlan(`cycle ${cycleId}`, { forget });
  return {
    cycleId,
    ok: error === null,
    error,
    listingComplete,
    listed: { ...progress.items },
    changed,
    fetched,
    vanished,
    byState: catalogue.stateCounts(),
    planRevisions,
    planSize: catalogue.plan.members.size,
    pages: progress.pages,
    retries: progress.retries,
    restarts: progress.restarts,
    durationMs: Math.max(0, dependencies.now() - startedAt),
  };
}
