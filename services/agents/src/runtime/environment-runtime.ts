/**
 * The agents of one environment: the registry, one task per running agent, and the lifecycle
 * each agent is in. Every change of registry or lifecycle (a command, a failure, a restart, the
 * environment activating) runs through one serial queue, so the events describing them are
 * published in the order they happened. Decisions do not wait in that queue: each agent's task
 * records its own.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  AgentConfigured,
  AgentRegistered,
  AgentStateChanged,
  type AnyEvent,
  type Environment,
  parseCount,
} from '@polly/contracts';
import type { Logger } from '@polly/runtime';
import { type Activation, type ActivationSettings, advanceActivation, beginWaiting, nextActivationCheck, waitingReason } from '../domain/activation';
import { type AgentChange, type EnvironmentSwitches, activationChanges, commandChanges, foldSwitches, tradingBlocked } from '../domain/commands';
import { HoldThrottle } from '../domain/hold-throttle';
import { type AgentHealth, type AgentRecord, type Failure, type RestartPolicy, afterFailure, isRunning, targetLifecycle } from '../domain/lifecycle';
import { type EffectiveConfiguration, defaultConfiguration, effectiveConfiguration } from '../domain/registry';
import type { AgentsMetrics } from '../metrics';
import type { AnyAgentPlugin, DecisionContext, MarketTrade, MarketView } from '../plugin';
import { AgentTask, type TaskSink } from './agent-task';
import { DecisionRecorder } from './decision-recorder';
import { HoldingsBook } from './holdings-book';
import type { IndexObservation } from './index-feed';
import type { Cause, Publisher } from './publisher';

export interface EnvironmentRuntimeOptions {
  environment: Environment;
  plugins: readonly AnyAgentPlugin[];
  publisher: Publisher;
  logger: Logger;
  metrics: AgentsMetrics;
  now: () => number;
  random: () => number;
  activation: ActivationSettings;
  restartPolicy: RestartPolicy;
  intentTimeoutMs: number;
  /** The index history replayed into an agent that starts. */
  indexHistory: () => readonly IndexObservation[];
  /** Read a market now and hand it to one agent (the minute review). */
  review: (marketTicker: string, agentId: string) => Promise<void>;
}

interface Running {
  configuration: EffectiveConfiguration;
  limits: DecisionContext<unknown>['limits'];
}

export class EnvironmentRuntime implements TaskSink {
  readonly records = new Map<string, AgentRecord>();
  readonly book: HoldingsBook;
  readonly throttle = new HoldThrottle();
  private readonly plugins = new Map<string, AnyAgentPlugin>();
  /** The failure an agent is in (ERROR), and the restarts the policy counts. */
  private readonly failures = new Map<string, Failure>();
  private readonly restartHistory = new Map<string, number[]>();
  private readonly running = new Map<string, Running>();
  private readonly tasks = new Map<string, AgentTask>();
  private readonly interest = new Map<string, Map<string, boolean>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly recorder: DecisionRecorder;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  switches: EnvironmentSwitches;
  activation: Activation;
  /** Stream sequences of the switch and keys facts folded last (older redeliveries are skipped). */
  private switchSequence = 0;
  private keysSequence = 0;

  constructor(private readonly options: EnvironmentRuntimeOptions, switches: EnvironmentSwitches) {
    for (const plugin of options.plugins) this.plugins.set(plugin.agentId, plugin);
    this.switches = switches;
    this.activation = beginWaiting(options.now());
    this.book = new HoldingsBook((agentId) => this.records.has(agentId) || this.plugins.has(agentId));
    this.recorder = new DecisionRecorder({
      environment: options.environment,
      publisher: options.publisher,
      book: this.book,
      throttle: this.throttle,
      metrics: options.metrics,
      logger: options.logger,
      now: options.now,
      random: options.random,
      onRecorded: (agentId, at) => {
        const record = this.records.get(agentId);
        if (record) record.lastDecisionAt = at;
      },
    });
  }

  get environment(): Environment {
    return this.options.environment;
  }

  /** Run a change of registry or lifecycle after the ones before it. */
  serial<T>(change: () => Promise<T>): Promise<T> {
    const next = this.queue.then(change, change);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // ---- start ------------------------------------------------------------------------------

  /** Adopt the merged registry; register plugins nobody registered yet. */
  async adopt(records: Map<string, AgentRecord>, switchSequence: number, keysSequence: number): Promise<void> {
    this.switchSequence = switchSequence;
    this.keysSequence = keysSequence;
    for (const [agentId, record] of records) this.records.set(agentId, record);
    for (const plugin of this.plugins.values()) {
      if (this.records.has(plugin.agentId)) continue;
      const record: AgentRecord = {
        agentId: plugin.agentId,
        agentName: plugin.agentName,
        enabled: false,
        mode: 'FullStop',
        configuration: defaultConfiguration(plugin),
        desired: 'running',
        lifecycle: null,
        lifecycleReason: null,
        lastDecisionAt: null,
      };
      await this.options.publisher.publish(AgentRegistered, { agentId: record.agentId, agentName: record.agentName, enabled: false, mode: 'FullStop', configuration: record.configuration });
      this.records.set(plugin.agentId, record);
    }
  }

  /**
   * Activation on start (paper mode, or keys already connected) touches only agents nothing was
   * ever configured for: an agent the owner disabled and put in FullStop looks the same as a new
   * one, and a restart must not switch it back on. A fresh `keys.connected` is the owner's act and
   * activates every agent in the first-start state.
   */
  async activateOnStart(neverConfigured: ReadonlySet<string>): Promise<void> {
    if (this.switches.tradeMode === 'paper' || this.switches.keys === 'connected') {
      await this.applyChanges(activationChanges(this.records.values(), (agentId) => neverConfigured.has(agentId) && this.allowedHere(agentId)), null);
    }
    await this.reconcileAll(null);
    this.scheduleActivationCheck();
  }

  // ---- inputs -----------------------------------------------------------------------------

  /** A CONTROL message (commands, switches, keys) delivered by the durable consumer. */
  async onControl(event: AnyEvent, sequence: number): Promise<'applied' | 'ignored' | 'unknown-agent'> {
    return this.serial(async () => {
      if (event.type === 'trading.enable' || event.type === 'trading.disable' || event.type === 'trading.halted') {
        if (sequence <= this.switchSequence) return 'ignored';
        this.switchSequence = sequence;
        this.switches = foldSwitches(this.switches, event);
        await this.reconcileAll(event);
        return 'applied';
      }
      if (event.type === 'keys.connected' || event.type === 'keys.disconnected') {
        if (sequence <= this.keysSequence) return 'ignored';
        this.keysSequence = sequence;
        this.switches = foldSwitches(this.switches, event);
        if (event.type === 'keys.connected') {
          await this.applyChanges(activationChanges(this.records.values(), (agentId) => this.allowedHere(agentId)), event);
          this.activation = beginWaiting(this.options.now());
          this.scheduleActivationCheck();
        }
        await this.reconcileAll(event);
        return 'applied';
      }
      const outcome = commandChanges(event, this.records);
      if (outcome.kind === 'unknown-agent') return 'unknown-agent';
      if (outcome.kind === 'not-for-agents') return 'ignored';
      await this.applyChanges(outcome.changes, event);
      return 'applied';
    });
  }

  /** A reconciliation cycle started or completed (SYSTEM). */
  onReconciliation(event: AnyEvent): Promise<void> {
    return this.serial(async () => {
      const at = Date.parse(event.occurredAt);
      const before = this.activation.phase;
      if (event.type === 'reconciliation.started') this.activation = advanceActivation(this.activation, { kind: 'started', at }, this.options.activation);
      if (event.type === 'reconciliation.completed') this.activation = advanceActivation(this.activation, { kind: 'completed', at, clean: event.data.clean }, this.options.activation);
      if (this.activation.phase !== before || event.type === 'reconciliation.started') await this.reconcileAll(event);
    });
  }

  /** Facts about the reconciliation found at start (before anything was followed). */
  noteReconciliationAtStart(facts: { completedSinceItStarted: boolean; cycleInProgressSince: number | null }): void {
    const now = this.options.now();
    if (facts.cycleInProgressSince !== null) this.activation = advanceActivation(this.activation, { kind: 'started', at: now }, this.options.activation);
    else if (facts.completedSinceItStarted) this.activation = { phase: 'active', reason: 'the reconciliation service already completed a cycle since it started' };
  }

  /** Which running agents look at a market (remembered per agent and market). */
  wanted(marketTicker: string, seriesTicker: string | null): boolean {
    for (const task of this.tasks.values()) if (this.interested(task.plugin, marketTicker, seriesTicker)) return true;
    return false;
  }

  private interested(plugin: AnyAgentPlugin, marketTicker: string, seriesTicker: string | null): boolean {
    let known = this.interest.get(plugin.agentId);
    if (!known) this.interest.set(plugin.agentId, (known = new Map()));
    let answer = known.get(marketTicker);
    if (answer === undefined) {
      try {
        answer = plugin.interestedIn({ marketTicker, seriesTicker }) === true;
      } catch {
        answer = false;
      }
      known.set(marketTicker, answer);
    }
    return answer;
  }

  deliverMarket(view: MarketView, trades: MarketTrade[], trigger: 'market' | 'review', only?: string): void {
    for (const task of this.tasks.values()) {
      if (only !== undefined && task.agentId !== only) continue;
      if (this.interested(task.plugin, view.marketTicker, view.seriesTicker)) task.enqueueMarket(view, trades, trigger);
    }
  }

  deliverIndex(observation: IndexObservation, fresh: boolean): void {
    for (const task of this.tasks.values()) task.enqueueIndex(observation, fresh);
  }

  // ---- the task sink ------------------------------------------------------------------------

  holdings(agentId: string, marketTicker: string, now: number) {
    return this.book.holdings(agentId, marketTicker, now);
  }

  limits(agentId: string) {
    return this.running.get(agentId)?.limits ?? { orderSize: parseCount('0'), maxPosition: parseCount('0') };
  }

  async decided(task: AgentTask, market: MarketView, decision: Parameters<TaskSink['decided']>[2], trigger: string): Promise<void> {
    const record = this.records.get(task.agentId);
    if (!record || this.tasks.get(task.agentId) !== task) return;
    await this.recorder.record({ agentId: record.agentId, agentName: record.agentName }, market, decision, trigger);
  }

  timed(agentId: string, seconds: number): void {
    this.options.metrics.decisionSeconds.observe({ environment: this.options.environment, agent: agentId }, seconds);
  }

  failed(task: AgentTask, error: unknown): void {
    const { environment, logger, metrics } = this.options;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    metrics.failures.inc({ environment, agent: task.agentId });
    logger.error({ environment, agentId: task.agentId, error: message }, 'agent failed');
    void this.serial(async () => {
      if (this.tasks.get(task.agentId) === task) this.tasks.delete(task.agentId);
      const previous = { restarts: this.restartHistory.get(task.agentId) ?? [], lastError: '', restartAt: null };
      const failure = afterFailure(previous, message.slice(0, 300), this.options.now(), this.options.restartPolicy);
      this.failures.set(task.agentId, failure);
      this.restartHistory.set(task.agentId, failure.restarts);
      await this.reconcile(task.agentId, null);
      if (failure.restartAt !== null) this.after(failure.restartAt - this.options.now(), () => this.restart(task.agentId, failure));
    }).catch((problem: unknown) => logger.error({ environment, agentId: task.agentId, error: String(problem) }, 'could not record an agent failure'));
  }

  private restart(agentId: string, failure: Failure): void {
    void this.serial(async () => {
      if (this.failures.get(agentId) !== failure) return;
      this.failures.delete(agentId);
      await this.reconcile(agentId, null, `restart ${failure.restarts.length} after: ${failure.lastError}`);
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  private allowedHere(agentId: string): boolean {
    const plugin = this.plugins.get(agentId);
    const record = this.records.get(agentId);
    if (!plugin || !record) return false;
    const configuration = effectiveConfiguration(plugin, record.configuration);
    return configuration.ok && configuration.value.environments.includes(this.options.environment);
  }

  private healthOf(agentId: string, record: AgentRecord): { health: AgentHealth; configuration: EffectiveConfiguration | null } {
    const plugin = this.plugins.get(agentId);
    const active = this.failures.get(agentId) ?? null;
    if (!plugin) return { health: { pluginMissing: true, configurationProblem: null, allowedEnvironments: [], failure: null }, configuration: null };
    const configuration = effectiveConfiguration(plugin, record.configuration);
    if (!configuration.ok) return { health: { pluginMissing: false, configurationProblem: configuration.problem, allowedEnvironments: [this.options.environment], failure: active }, configuration: null };
    return { health: { pluginMissing: false, configurationProblem: null, allowedEnvironments: configuration.value.environments, failure: active }, configuration: configuration.value };
  }

  private async applyChanges(changes: AgentChange[], cause: AnyEvent | null): Promise<void> {
    for (const change of changes) {
      const record = this.records.get(change.agentId);
      if (!record) continue;
      const mode = change.mode ?? record.mode;
      const enabled = change.enabled ?? record.enabled;
      if (change.desired) record.desired = change.desired;
      if (change.clearFailure) {
        this.failures.delete(change.agentId);
        this.restartHistory.delete(change.agentId);
      }
      if (mode !== record.mode || enabled !== record.enabled) {
        record.mode = mode;
        record.enabled = enabled;
        await this.options.publisher.publish(AgentConfigured, { agentId: record.agentId, mode, enabled, commandId: cause?.id ?? null }, cause);
      }
      await this.reconcile(change.agentId, cause);
    }
  }

  private async reconcileAll(cause: Cause): Promise<void> {
    for (const agentId of this.records.keys()) await this.reconcile(agentId, cause);
  }

  /** Bring one agent's task and published lifecycle in line with what it should be. */
  private async reconcile(agentId: string, cause: Cause, startingReason?: string): Promise<void> {
    const record = this.records.get(agentId);
    if (!record || this.stopped) return;
    const { health, configuration } = this.healthOf(agentId, record);
    const conditions = { environment: this.options.environment, waitingFor: waitingReason(this.activation), tradingBlocked: tradingBlocked(this.switches) };
    const target = targetLifecycle(record, health, conditions);
    let task = this.tasks.get(agentId);
    if (isRunning(target.state) && !task && configuration) {
      if (target.state !== 'INITIALIZING' && record.lifecycle !== 'INITIALIZING') {
        await this.publishState(record, 'INITIALIZING', startingReason ?? 'starting: configuration and index history', cause);
      }
      task = this.startTask(agentId, configuration);
      if (task.isStopped) return; // its initial state threw; failed() has queued what follows
    }
    if (!isRunning(target.state) && task) {
      task.stop();
      this.tasks.delete(agentId);
      this.running.delete(agentId);
      task = undefined;
    }
    task?.setDeciding(target.state === 'ACTIVE');
    const becameActive = target.state === 'ACTIVE' && record.lifecycle !== 'ACTIVE';
    if (record.lifecycle !== target.state) await this.publishState(record, target.state, target.reason, cause);
    if (becameActive) for (const ticker of this.book.marketsOf(agentId)) void this.options.review(ticker, agentId).catch(() => undefined);
  }

  private startTask(agentId: string, configuration: EffectiveConfiguration): AgentTask {
    const plugin = this.plugins.get(agentId) as AnyAgentPlugin;
    this.running.set(agentId, { configuration, limits: { orderSize: parseCount(configuration.orderSize), maxPosition: parseCount(configuration.maxPosition) } });
    const task = new AgentTask(plugin, configuration.parameters, this, this.options.now, this.options.indexHistory());
    if (!task.isStopped) this.tasks.set(agentId, task);
    return task;
  }

  private async publishState(record: AgentRecord, to: AgentRecord['lifecycle'] & string, reason: string, cause: Cause): Promise<void> {
    const from = record.lifecycle;
    await this.options.publisher.publish(AgentStateChanged, { agentId: record.agentId, agentName: record.agentName, from, to, reason: reason.slice(0, 500), lastDecisionAt: record.lastDecisionAt }, cause);
    record.lifecycle = to;
    record.lifecycleReason = reason;
    const { metrics, environment } = this.options;
    if (from) metrics.lifecycle.set({ environment, agent: record.agentId, state: from }, 0);
    metrics.lifecycle.set({ environment, agent: record.agentId, state: to }, 1);
  }

  // ---- housekeeping -------------------------------------------------------------------------

  private after(milliseconds: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) run();
    }, Math.max(0, milliseconds));
    this.timers.add(timer);
  }

  private scheduleActivationCheck(): void {
    const at = nextActivationCheck(this.activation, this.options.activation);
    if (at === null) return;
    this.after(at - this.options.now(), () => {
      void this.serial(async () => {
        const before = this.activation;
        this.activation = advanceActivation(this.activation, { kind: 'tick', at: this.options.now() }, this.options.activation);
        if (this.activation !== before) await this.reconcileAll(null);
        if (this.activation.phase === 'waiting') this.scheduleActivationCheck();
      });
    });
  }

  /** Once a minute: forget old holds and unanswered intents, review markets the agents hold. */
  minute(): void {
    const now = this.options.now();
    this.throttle.prune(now);
    this.book.expire(now, this.options.intentTimeoutMs);
    for (const agentId of this.tasks.keys()) {
      if (this.records.get(agentId)?.lifecycle !== 'ACTIVE') continue;
      for (const ticker of this.book.marketsOf(agentId)) void this.options.review(ticker, agentId).catch(() => undefined);
    }
  }

  lifecycleOf(agentId: string): string | null {
    return this.records.get(agentId)?.lifecycle ?? null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const task of this.tasks.values()) task.stop();
    this.tasks.clear();
    await Promise.race([this.queue, delay(2000, undefined, { ref: false })]);
  }
}
