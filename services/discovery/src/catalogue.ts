/**
 * One environment's catalogue in memory and the one place that changes it: every change is
 * decided by the pure core, published, and only then remembered (so a failed publish is simply
 * decided and published again, with the same ids). Listings and lifecycle events go through the
 * same mutex, so a page and a lifecycle event never interleave their decisions.
 */
import type { Bus } from '@polly/bus';
import type { AnyEvent, Environment } from '@polly/contracts';
import type { EventData, KalshiClient, KalshiResult, Market, Series } from '@polly/kalshi';
import type { Logger } from '@polly/runtime';
import type { MarketPolicy } from './core/classify';
import { type Decision, type DecisionContext, type MarketSeries, decideEvent, decideFinished, decideMarket, decideSeries, decideVanished } from './core/decide';
import { type KnownCatalogue, countByState } from './core/known';
import { type PlanDiff, type PlanState, diffPlan, diffPlanFor, isEmptyDiff, planRevisions } from './core/plan';
import type { DiscoveryMetrics } from './metrics';
import { publishGroups } from './publisher';
import { Mutex, mapConcurrently } from './support';

export type Cause = { id: string; correlationId: string };

export type FetchOutcome<T> = { kind: 'found'; value: T; attempts: number } | { kind: 'gone'; attempts: number } | { kind: 'failed'; reason: string; attempts: number };

export interface CatalogueDependencies {
  environment: Environment;
  bus: Pick<Bus, 'publish'>;
  client: KalshiClient;
  policy: MarketPolicy;
  metrics: DiscoveryMetrics;
  logger: Logger;
  now?: () => Date;
  /** Read the plan again from the stream (when a revision turns out to be published already). */
  reloadPlan: () => Promise<PlanState>;
}

export interface ListedMarket {
  market: Market;
  /** Position in this cycle's listing, or null when fetched on its own. */
  listingIndex: number | null;
}

/** Kalshi event tickers start with their series ticker; used only when the event cannot be read. */
const seriesFromEventTicker = (eventTicker: string): string => eventTicker.split('-')[0] || eventTicker;

export class Catalogue {
  private readonly lock = new Mutex();

  constructor(
    private readonly dependencies: CatalogueDependencies,
    readonly known: KnownCatalogue,
    private planState: PlanState,
  ) {
    this.updateGauges();
  }

  get plan(): PlanState {
    return this.planState;
  }

  private context(cause?: Cause): DecisionContext {
    return { environment: this.dependencies.environment, now: this.dependencies.now?.() ?? new Date(), ...(cause ? { cause } : {}) };
  }

  private async publish(groups: AnyEvent[][]): Promise<void> {
    const nonEmpty = groups.filter((group) => group.length > 0);
    if (nonEmpty.length === 0) return;
    const outcome = await publishGroups(this.dependencies.bus, nonEmpty);
    for (const [type, counts] of outcome.byType) {
      if (counts.stored > 0) this.dependencies.metrics.published.inc({ environment: this.dependencies.environment, type, outcome: 'stored' }, counts.stored);
      if (counts.duplicates > 0) this.dependencies.metrics.published.inc({ environment: this.dependencies.environment, type, outcome: 'duplicate' }, counts.duplicates);
    }
  }

  /** Decide every entry, publish, then remember: the shape shared by series, events and markets. */
  private async apply<TKnown>(decisions: Array<[string, Decision<TKnown>]>, remember: (key: string, next: TKnown) => void): Promise<number> {
    await this.publish(decisions.map(([, decision]) => decision.events));
    for (const [key, decision] of decisions) remember(key, decision.next);
    return decisions.reduce((changed, [, decision]) => changed + (decision.events.length > 0 ? 1 : 0), 0);
  }

  seriesOf(eventTicker: string): MarketSeries {
    const seriesTicker = this.known.events.get(eventTicker)?.seriesTicker ?? seriesFromEventTicker(eventTicker);
    return { seriesTicker, category: this.known.series.get(seriesTicker)?.category ?? null };
  }

  applySeries(list: readonly Series[], cause?: Cause): Promise<number> {
    return this.lock.run(() => {
      const context = this.context(cause);
      return this.apply(
        list.map((series) => [series.ticker, decideSeries(this.known.series.get(series.ticker), series, context)]),
        (ticker, next) => this.known.series.set(ticker, next),
      );
    });
  }

  applyEvents(list: readonly EventData[], cause?: Cause): Promise<number> {
    return this.lock.run(() => {
      const context = this.context(cause);
      return this.apply(
        list.map((event) => [event.event_ticker, decideEvent(this.known.events.get(event.event_ticker), event, this.known.series.get(event.series_ticker)?.category ?? null, context)]),
        (ticker, next) => this.known.events.set(ticker, next),
      );
    });
  }

  applyMarkets(list: readonly ListedMarket[], cause?: Cause): Promise<number> {
    return this.lock.run(async () => {
      const context = this.context(cause);
      const changed = await this.apply(
        list.map(({ market, listingIndex }) => [
          market.ticker,
          decideMarket(this.known.markets.get(market.ticker), market, this.seriesOf(market.event_ticker), listingIndex, this.dependencies.policy, context),
        ]),
        (ticker, next) => this.known.markets.set(ticker, next),
      );
      this.updateGauges();
      return changed;
    });
  }

  /** A determined or settled lifecycle event for a known market. */
  applyFinished(marketTicker: string, exchangeStatus: string, cause?: Cause): Promise<void> {
    return this.lock.run(async () => {
      const known = this.known.markets.get(marketTicker);
      if (!known) return;
      const category = this.known.series.get(known.seriesTicker)?.category ?? null;
      await this.apply([[marketTicker, decideFinished(marketTicker, known, exchangeStatus, category, this.dependencies.policy, this.context(cause))]], (ticker, next) =>
        this.known.markets.set(ticker, next),
      );
      this.updateGauges();
    });
  }

  /** The exchange answered 404 for a market discovery knew. */
  applyVanished(marketTicker: string, cause?: Cause): Promise<void> {
    return this.lock.run(async () => {
      const known = this.known.markets.get(marketTicker);
      if (!known) return;
      await this.apply([[marketTicker, decideVanished(marketTicker, known, this.context(cause))]], (ticker, next) => this.known.markets.set(ticker, next));
      this.updateGauges();
    });
  }

  /**
   * Bring the plan in line with the known markets (all of them, or only `tickers`), publishing as
   * many revisions as needed. `forget` lists plan members the exchange no longer serves that
   * discovery never stored. Returns the revisions published.
   */
  syncPlan(reason: string, options: { cause?: Cause; tickers?: Iterable<string>; forget?: ReadonlySet<string> } = {}): Promise<number> {
    return this.lock.run(async () => {
      const diff = (): PlanDiff =>
        options.tickers ? diffPlanFor(this.planState, options.tickers, this.known.markets) : diffPlan(this.planState, this.known.markets, options.forget);
      let published = 0;
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const changes = diff();
        if (isEmptyDiff(changes)) break;
        const { events, next } = planRevisions(this.planState, changes, reason, this.context(options.cause));
        const outcome = await publishGroups(this.dependencies.bus, [events], 1);
        this.dependencies.metrics.published.inc({ environment: this.dependencies.environment, type: 'plan.updated', outcome: 'stored' }, outcome.stored);
        published += outcome.stored;
        if (outcome.duplicates === 0) {
          this.planState = next;
          break;
        }
        // A revision with this number is already on the stream: this copy of the plan is behind.
        this.dependencies.metrics.published.inc({ environment: this.dependencies.environment, type: 'plan.updated', outcome: 'duplicate' }, outcome.duplicates);
        this.dependencies.logger.warn({ environment: this.dependencies.environment, revision: this.planState.revision + 1 }, 'plan revision already published; reading the plan again');
        this.planState = await this.dependencies.reloadPlan();
      }
      this.dependencies.metrics.planSize.set({ environment: this.dependencies.environment }, this.planState.members.size);
      return published;
    });
  }

  private updateGauges(): void {
    const counts = countByState(this.known.markets);
    for (const [state, count] of Object.entries(counts)) this.dependencies.metrics.markets.set({ environment: this.dependencies.environment, state }, count);
    this.dependencies.metrics.planSize.set({ environment: this.dependencies.environment }, this.planState.members.size);
  }

  /** Read one object, telling "the exchange does not have it" (404) from "could not ask". */
  async fetch<T>(read: () => Promise<KalshiResult<T>>): Promise<FetchOutcome<T>> {
    const result = await read();
    if (result.ok) return { kind: 'found', value: result.value, attempts: result.attempts };
    if (result.error.status === 404) return { kind: 'gone', attempts: result.error.attempts };
    return { kind: 'failed', reason: `${result.error.kind}: ${result.error.message}`, attempts: result.error.attempts };
  }

  async fetchMarket(marketTicker: string): Promise<FetchOutcome<Market>> {
    const outcome = await this.fetch<Market>(async () => {
      const result = await this.dependencies.client.getMarket(marketTicker);
      return result.ok ? { ...result, value: result.value.market } : result;
    });
    this.dependencies.metrics.fetches.inc({ environment: this.dependencies.environment, outcome: outcome.kind });
    return outcome;
  }

  /** Read each of `tickers` on its own (a few at a time): what was found, and the retries it took. */
  private async readEach<T>(tickers: readonly string[], read: (ticker: string) => Promise<KalshiResult<T>>, what: string): Promise<{ found: T[]; retries: number }> {
    const found: T[] = [];
    let retries = 0;
    for (const outcome of await mapConcurrently(tickers, 4, (ticker) => this.fetch(() => read(ticker)))) {
      retries += Math.max(0, outcome.attempts - 1);
      if (outcome.kind === 'found') found.push(outcome.value);
      else if (outcome.kind === 'failed') this.dependencies.logger.warn({ environment: this.dependencies.environment, reason: outcome.reason }, `could not read ${what}`);
    }
    return { found, retries };
  }

  /**
   * Make sure the events (and their series) of these event tickers are known, reading each unknown
   * one on its own. An event that cannot be read leaves its markets with the series named by the
   * event ticker. Returns the retries it took.
   */
  async ensureEvents(eventTickers: Iterable<string>, cause?: Cause): Promise<number> {
    const unknown = [...new Set(eventTickers)].filter((ticker) => !this.known.events.has(ticker));
    if (unknown.length === 0) return 0;
    const { found, retries } = await this.readEach<EventData>(unknown, (ticker) => this.dependencies.client.getEvent(ticker).then((result) => (result.ok ? { ...result, value: result.value.event } : result)), 'an event');
    const seriesRetries = await this.ensureSeries(found.map((event) => event.series_ticker), cause);
    await this.applyEvents(found, cause);
    return retries + seriesRetries;
  }

  /** Make sure these series are known, reading each unknown one on its own. Returns the retries it took. */
  async ensureSeries(seriesTickers: Iterable<string>, cause?: Cause): Promise<number> {
    const unknown = [...new Set(seriesTickers)].filter((ticker) => ticker && !this.known.series.has(ticker));
    if (unknown.length === 0) return 0;
    const { found, retries } = await this.readEach<Series>(unknown, (ticker) => this.dependencies.client.getSeries(ticker).then((result) => (result.ok ? { ...result, value: result.value.series } : result)), 'a series');
    await this.applySeries(found, cause);
    return retries;
  }

  stateCounts() {
    return countByState(this.known.markets);
  }
}
