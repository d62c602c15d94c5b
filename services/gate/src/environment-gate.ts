/**
 * The shell around the decider for one environment:
 *   1. rebuild the state from CONTROL and TRADING history, then follow both live;
 *   2. recover: expire overdue approvals, cancel pending ones while trading is off, and arm a
 *      timer for each approval still pending;
 *   3. consume intents (`gate-<env>-intents`) and approval commands (`gate-<env>-approvals`)
 *      with durable consumers, acknowledging only after the decision is published.
 * Every decision runs through one queue, so a decision and the folding of its own events are
 * never interleaved with another decision. CONTROL changes to the trading switch sweep the
 * pending approvals at once: nothing waiting for a human proceeds after the kill switch.
 */
import type { Bus, Delivered, Disposition } from '@polly/bus';
import type { AnyEvent, Environment, StreamEvent } from '@polly/contracts';
import type { Logger } from '@polly/runtime';
import type { GateMetrics } from './metrics';
import { type GateInput, decide } from './decide';
import { type OnEvent, type Subscription, readHistory, rebuildThenFollow } from './follow';
import type { MarketLookup } from './market-lookup';
import { type FoldedPositions, type SnapshotSettings, takeSnapshot } from './snapshot';
import { type SnapshotStore, loadSnapshot, streamIdentities } from './snapshot-store';
import { type GateState, evolve, forgetStaleAwaiting } from './state';

export interface EnvironmentGateOptions {
  bus: Bus;
  state: GateState;
  markets: MarketLookup;
  logger: Logger;
  metrics: GateMetrics;
  signal: AbortSignal;
  now?: () => number;
  /** Start from the stored snapshot and store a new one every `intervalMs` (and at stop). */
  snapshots?: { store: SnapshotStore; settings: SnapshotSettings; intervalMs: number };
}

const SWEEP_TRIGGERS = new Set(['trading.disable', 'trading.halted', 'trading.enable']);

export function stateSubscriptions(environment: Environment): Subscription[] {
  const trading = (filter: string): Subscription => ({ stream: 'TRADING', filter: `trading.${environment}.${filter}` });
  return [
    { stream: 'CONTROL', filter: `control.${environment}.trading.>` },
    { stream: 'CONTROL', filter: `control.${environment}.keys.>` },
    trading('agent.registered.>'),
    trading('agent.configured.>'),
    trading('balance.updated'),
    trading('position.updated.>'),
    trading('pnl.recorded.>'),
    trading('order.>'),
    trading('approval.>'),
  ];
}

export const intentsDurable = (environment: Environment): string => `gate-${environment}-intents`;

/**
 * The decisions about intents the gate may see again: everything decided after the intent
 * consumer's acknowledgement floor (a decision is published after its intent, so after the
 * floor). Folding them makes a redelivered intent a no-op instead of a second, possibly
 * different, decision (it would now be older, and denied as stale).
 */
async function readUnacknowledgedDecisions(bus: Bus, environment: Environment, after: number, onEvent: OnEvent, onInvalid: (reason: string) => void): Promise<number> {
  let ackFloor: number;
  try {
    ackFloor = (await bus.manager.consumers.info(bus.stream('TRADING'), intentsDurable(environment))).ack_floor.stream_seq;
  } catch (error) {
    if (/consumer not found/i.test(String(error))) return 0;
    throw error;
  }
  const endSequence = await bus.lastSequence('TRADING');
  // Decisions a snapshot already holds are not folded again.
  const startSequence = Math.max(ackFloor, after) + 1;
  let folded = 0;
  for (const type of ['intent.approved', 'intent.denied']) {
    folded += await readHistory(bus, { stream: 'TRADING', filter: `trading.${environment}.${type}.>` }, { startSequence, endSequence }, onEvent, onInvalid);
  }
  return folded;
}

const DECISION_TYPES = new Set(['intent.approved', 'intent.denied']);

/** Run tasks one at a time, in arrival order. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}

export interface EnvironmentGate {
  readonly environment: Environment;
  readonly state: GateState;
  ready(): boolean;
  stop(): Promise<void>;
}

export async function startEnvironmentGate(options: EnvironmentGateOptions): Promise<EnvironmentGate> {
  const { bus, state, markets, logger, metrics, signal } = options;
  const environment = state.environment;
  const now = options.now ?? Date.now;
  const enqueue = serialQueue();
  const timers = new Map<string, NodeJS.Timeout>();
  let ready = false;
  /** How far the state has folded (what a snapshot records), and how many events since the last snapshot. */
  const folded: FoldedPositions = { subjects: {}, decisions: 0 };
  let foldedSinceSnapshot = 0;
  const fold = (event: AnyEvent, sequence: number) => {
    evolve(state, event, sequence);
    foldedSinceSnapshot += 1;
    if (DECISION_TYPES.has(event.type)) folded.decisions = Math.max(folded.decisions, sequence);
  };

  const armTimers = () => {
    for (const [approvalId, timer] of timers) {
      if (!state.pendingApprovals.has(approvalId)) {
        clearTimeout(timer);
        timers.delete(approvalId);
      }
    }
    for (const pending of state.pendingApprovals.values()) {
      if (timers.has(pending.approvalId)) continue;
      const timer = setTimeout(() => {
        timers.delete(pending.approvalId);
        void run({ kind: 'sweep', cause: null }).catch((error: unknown) => logger.error({ environment, error }, 'expiry sweep failed'));
      }, Math.max(0, pending.expiresAt - now()));
      timer.unref();
      timers.set(pending.approvalId, timer);
    }
    metrics.pendingApprovals.set({ environment }, state.pendingApprovals.size);
  };

  /**
   * Decide, publish, then fold and count what was published. Throws when publishing fails; the
   * state is folded only once every event is out, so a retry decides the same again and the
   * broker drops the events that did go out (their ids are the same).
   */
  const run = (input: GateInput, receivedAt = now()) =>
    enqueue(async () => {
      const events = decide(state, input, now());
      const sequences: number[] = [];
      for (const event of events) sequences.push((await bus.publish(event)).sequence);
      events.forEach((event, index) => {
        fold(event, sequences[index] ?? 0);
        metrics.countDecision(environment, event);
      });
      if (input.kind === 'intent') metrics.decisionSeconds.observe({ environment }, (now() - receivedAt) / 1000);
      forgetStaleAwaiting(state, now());
      armTimers();
      return events;
    });

  const onStateEvent = (event: AnyEvent, sequence: number) => {
    fold(event, sequence);
    if (ready && SWEEP_TRIGGERS.has(event.type)) {
      void run({ kind: 'sweep', cause: event }).catch((error: unknown) => logger.error({ environment, error }, 'kill-switch sweep failed'));
    }
  };
  const onInvalid = (reason: string) => logger.warn({ environment, reason }, 'skipped an invalid state event');

  /**
   * Store a snapshot of the state as it is now (in the queue: never between a decision's
   * publishing and its folding; the state and the positions are read in one synchronous step).
   * Never throws: a snapshot not stored only means the next start reads more history.
   */
  const saveSnapshot = (why: string) =>
    enqueue(async () => {
      if (!options.snapshots || foldedSinceSnapshot === 0) return;
      const events = foldedSinceSnapshot;
      foldedSinceSnapshot = 0;
      try {
        const streams = await streamIdentities(bus);
        const snapshot = takeSnapshot(state, options.snapshots.settings, folded, streams, new Date(now()).toISOString());
        const bytes = await options.snapshots.store.save(environment, snapshot);
        metrics.snapshots.inc({ environment, outcome: 'saved' });
        logger.info({ environment, why, bytes, eventsSincePrevious: events }, 'gate snapshot saved');
      } catch (error) {
        foldedSinceSnapshot += events;
        metrics.snapshots.inc({ environment, outcome: 'failed' });
        logger.warn({ environment, why, error: String(error) }, 'gate snapshot not saved; the next start reads more history');
      }
    });

  const started = Date.now();
  const snapshot = options.snapshots ? await loadSnapshot(options.snapshots, bus, state, logger) : null;
  if (snapshot) {
    Object.assign(folded.subjects, snapshot.subjects);
    folded.decisions = snapshot.decisions;
  }
  // Decisions first: the order events folded next clear what they approved from the exposure.
  const decided = await readUnacknowledgedDecisions(bus, environment, folded.decisions, onStateEvent, onInvalid);
  const rebuilt = await rebuildThenFollow(
    bus,
    stateSubscriptions(environment),
    signal,
    onStateEvent,
    onInvalid,
    (subscription, error) => logger.error({ environment, filter: subscription.filter, error }, 'state follower stopped'),
    folded.subjects,
  );
  const { followers } = rebuilt;
  const recovered = await run({ kind: 'sweep', cause: null });
  ready = true;
  logger.info(
    {
      environment,
      fromSnapshot: snapshot !== null,
      folded: rebuilt.folded + decided,
      rebuildMs: Date.now() - started,
      tradingEnabled: state.trading.enabled,
      keys: state.keys,
      agents: state.agents.size,
      pendingApprovals: state.pendingApprovals.size,
      resolvedAtStart: recovered.filter((event) => event.type === 'approval.resolved').length,
    },
    'gate state rebuilt',
  );

  const deadLettered = (reason: string, subject: string) => logger.warn({ environment, subject, reason }, 'dead-lettered a message');
  const consumers = [
    bus
      .consume({
        stream: 'TRADING',
        durable: intentsDurable(environment),
        filterSubject: `trading.${environment}.intent.created.>`,
        // Every intent gets one decision, including those that arrived while the gate was down
        // (old ones are denied as stale by the age check).
        deliverPolicy: 'all',
        signal,
        onDeadLetter: deadLettered,
        handle: async ({ event }: Delivered<StreamEvent<'TRADING'>>): Promise<Disposition> => {
          if (event.type !== 'intent.created') return { kind: 'term', reason: `unexpected ${event.type} on the intent subject` };
          const receivedAt = now();
          const market = await markets.view(event.data.marketTicker);
          await run({ kind: 'intent', event, market }, receivedAt);
          return { kind: 'ack' };
        },
      })
      .catch((error: unknown) => {
        if (!signal.aborted) logger.error({ environment, error }, 'intent consumer stopped');
      }),
    bus
      .consume({
        stream: 'CONTROL',
        durable: `gate-${environment}-approvals`,
        filterSubject: `control.${environment}.approval.>`,
        signal,
        onDeadLetter: deadLettered,
        handle: async ({ event }: Delivered<StreamEvent<'CONTROL'>>): Promise<Disposition> => {
          if (event.type === 'approval.approve') {
            const pending = state.pendingApprovals.get(event.data.approvalId);
            const market = pending ? await markets.view(pending.intent.marketTicker) : ({ known: false } as const);
            await run({ kind: 'approve', event, market });
          } else if (event.type === 'approval.deny') {
            await run({ kind: 'deny', event });
          }
          return { kind: 'ack' };
        },
      })
      .catch((error: unknown) => {
        if (!signal.aborted) logger.error({ environment, error }, 'approval consumer stopped');
      }),
  ];

  let snapshotTimer: NodeJS.Timeout | undefined;
  if (options.snapshots) {
    // The next start reads only what follows this one.
    void saveSnapshot('started');
    snapshotTimer = setInterval(() => void saveSnapshot('interval'), options.snapshots.intervalMs);
    snapshotTimer.unref();
  }

  return {
    environment,
    state,
    ready: () => ready,
    stop: async () => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      clearInterval(snapshotTimer);
      await Promise.allSettled([...consumers, ...followers]);
      await saveSnapshot('stopping');
    },
  };
}
