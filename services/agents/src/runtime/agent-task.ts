/**
 * One agent in one environment, in its own task: a mailbox and a loop that feeds the plugin.
 *
 * Isolation: every call into the plugin is guarded; an exception stops this task alone and is
 * reported once (the runtime moves the agent to ERROR and restarts it later from a fresh
 * state). Other agents have their own tasks and mailboxes and never wait for this one: the loop
 * yields to the event loop regularly, and publishing is awaited per task.
 *
 * Mailbox: index values are kept in order (the volatility needs each return); market updates
 * are coalesced per market (the latest book wins, new trades are appended), watchlist markets
 * first. While the agent is not deciding (INITIALIZING, IDLE, PAUSED) it still observes, so its
 * state is warm when it becomes ACTIVE.
 */
import type { AnyAgentPlugin, Decision, DecisionContext, MarketTrade, MarketView, Observation } from '../plugin';
import type { Holdings } from './holdings-book';

export type Trigger = DecisionContext<unknown>['trigger'];
type IndexObservation = Extract<Observation, { kind: 'index' }>;

interface PendingMarket {
  view: MarketView;
  trades: MarketTrade[];
  trigger: Trigger;
}

export interface TaskSink {
  holdings(agentId: string, marketTicker: string, now: number): Holdings;
  limits(agentId: string): DecisionContext<unknown>['limits'];
  /** Record a decision (and publish its intent). Never throws: publishing problems are the runtime's. */
  decided(task: AgentTask, market: MarketView, decision: Decision, trigger: Trigger): Promise<void>;
  /** The plugin threw: the task has stopped. */
  failed(task: AgentTask, error: unknown): void;
  /** How long one call of the plugin's decide took. */
  timed?(agentId: string, seconds: number): void;
}

const INDEX_QUEUE_LIMIT = 10_000;
const ITEMS_BEFORE_YIELD = 64;

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export class AgentTask {
  private state: unknown;
  private deciding = false;
  private stopped = false;
  private running = false;
  private readonly indexQueue: Array<{ observation: IndexObservation; fresh: boolean }> = [];
  private readonly watchlistMarkets = new Map<string, PendingMarket>();
  private readonly otherMarkets = new Map<string, PendingMarket>();
  /** The latest view of each market, kept only for agents that re-evaluate on index values. */
  private readonly latestViews = new Map<string, MarketView>();
  droppedIndexValues = 0;

  constructor(
    readonly plugin: AnyAgentPlugin,
    readonly parameters: unknown,
    private readonly sink: TaskSink,
    private readonly now: () => number,
    history: readonly IndexObservation[],
  ) {
    this.state = this.guard(() => plugin.initialState(parameters));
    for (const observation of history) {
      if (this.stopped) break;
      if (this.plugin.indices?.includes(observation.indexId)) this.state = this.guard(() => plugin.observe(this.state, observation, parameters));
    }
  }

  get agentId(): string {
    return this.plugin.agentId;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  setDeciding(deciding: boolean): void {
    this.deciding = deciding;
  }

  stop(): void {
    this.stopped = true;
    this.indexQueue.length = 0;
    this.watchlistMarkets.clear();
    this.otherMarkets.clear();
    this.latestViews.clear();
  }

  enqueueMarket(view: MarketView, trades: readonly MarketTrade[], trigger: Trigger): void {
    if (this.stopped) return;
    if (this.plugin.indices?.length) this.latestViews.set(view.marketTicker, view);
    const queue = view.watchlist ? this.watchlistMarkets : this.otherMarkets;
    const pending = queue.get(view.marketTicker);
    if (pending) {
      pending.view = view;
      pending.trades.push(...trades);
      if (trigger === 'market') pending.trigger = 'market';
    } else queue.set(view.marketTicker, { view, trades: [...trades], trigger });
    this.schedule();
  }

  enqueueIndex(observation: IndexObservation, fresh: boolean): void {
    if (this.stopped || !this.plugin.indices?.includes(observation.indexId)) return;
    this.indexQueue.push({ observation, fresh });
    if (this.indexQueue.length > INDEX_QUEUE_LIMIT) {
      this.indexQueue.shift();
      this.droppedIndexValues += 1;
    }
    this.schedule();
  }

  /** Markets it keeps a view of (for re-evaluation on index values). */
  forgetMarket(marketTicker: string): void {
    this.latestViews.delete(marketTicker);
  }

  private schedule(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    // A microtask, not a timer hop: the decision follows the update as soon as the caller returns.
    queueMicrotask(() => {
      this.pump().finally(() => {
        this.running = false;
        if (!this.stopped && this.hasWork()) this.schedule();
      });
    });
  }

  private hasWork(): boolean {
    return this.indexQueue.length > 0 || this.watchlistMarkets.size > 0 || this.otherMarkets.size > 0;
  }

  private takeMarket(): PendingMarket | undefined {
    for (const queue of [this.watchlistMarkets, this.otherMarkets]) {
      const first = queue.entries().next();
      if (!first.done) {
        queue.delete(first.value[0]);
        return first.value[1];
      }
    }
    return undefined;
  }

  private async pump(): Promise<void> {
    let handled = 0;
    while (!this.stopped && this.hasWork()) {
      if (this.indexQueue.length > 0) await this.foldIndexValues();
      else {
        const pending = this.takeMarket();
        if (pending) await this.handleMarket(pending);
      }
      handled += 1;
      if (handled % ITEMS_BEFORE_YIELD === 0) await yieldToOthers();
    }
  }

  private async foldIndexValues(): Promise<void> {
    let fresh = false;
    for (const { observation, fresh: isFresh } of this.indexQueue.splice(0)) {
      this.state = this.guard(() => this.plugin.observe(this.state, observation, this.parameters));
      if (this.stopped) return;
      fresh ||= isFresh;
    }
    if (!fresh || !this.deciding) return;
    for (const view of [...this.latestViews.values()]) {
      // A kept view does not know the clock moved on: a market past its close is done.
      if (view.closeTime !== null && this.now() >= view.closeTime) {
        this.latestViews.delete(view.marketTicker);
        continue;
      }
      await this.evaluate(view, 'index');
      if (this.stopped) return;
    }
  }

  private async handleMarket(pending: PendingMarket): Promise<void> {
    if (pending.trades.length > 0) {
      const observation: Observation = { kind: 'trades', marketTicker: pending.view.marketTicker, trades: pending.trades };
      this.state = this.guard(() => this.plugin.observe(this.state, observation, this.parameters));
    }
    if (this.deciding && !this.stopped) await this.evaluate(pending.view, pending.trigger);
  }

  private async evaluate(view: MarketView, trigger: Trigger): Promise<void> {
    const now = this.now();
    const holdings = this.sink.holdings(this.agentId, view.marketTicker, now);
    const context: DecisionContext<unknown> = {
      now,
      trigger,
      market: view,
      parameters: this.parameters,
      limits: this.sink.limits(this.agentId),
      ...holdings,
    };
    const started = performance.now();
    const decision = this.guard(() => this.plugin.decide(this.state, context) as Decision);
    this.sink.timed?.(this.agentId, (performance.now() - started) / 1000);
    if (this.stopped || decision === undefined) return;
    await this.sink.decided(this, view, decision, trigger);
  }

  /** Run plugin code; on an exception stop this task and report it (once). */
  private guard<T>(call: () => T): T {
    if (this.stopped) return undefined as T;
    try {
      return call();
    } catch (error) {
      this.stop();
      this.sink.failed(this, error);
      return undefined as T;
    }
  }
}
