/**
 * The trading session: finds the control API, reads the state of the active environment, follows
 * `/events`, and sends commands. Every display subscribes to the slices it shows. The feed is one
 * WebSocket for every environment the stack serves; messages about another environment are
 * dropped, except system news, which is how a tab learns that another tab switched environments.
 * Two tabs therefore show the same state: both read the same API and hear the same feed.
 */
import { createControlClient, query, type ApiResult, type ControlClient } from '../api/client';
import { type FeedStatus, openEventStream } from '../api/event-stream';
import {
  AgentDecided,
  ApprovalRequested,
  ApprovalResolved,
  BalanceUpdated,
  MarketUpdate,
  OrderChange,
  PnlRecorded,
  ReconciliationCompleted,
  ReconciliationStarted,
  type UiEvent,
} from '../api/event-schemas';
import { locateControlApi } from '../api/locate';
import {
  AgentsAnswer,
  ApprovalsAnswer,
  Balance,
  DecisionsAnswer,
  type Environment,
  PnlAnswer,
  PositionsAnswer,
  SystemState,
} from '../api/schemas';
import { instant } from '../clock';
import { createCommands, type TradingCommands } from './commands';
import {
  approvalsFromRead,
  decisionsFromRead,
  initialTradingState,
  type Slice,
  type TradingState,
  withApprovalOrder,
  withApprovalRequested,
  withApprovalResolved,
  withDecision,
  withoutFinishedApprovals,
  withPnlPoint,
} from './state';

type Listener = (state: TradingState) => void;
type MarketListener = (update: MarketUpdate) => void;

export interface TradingSession {
  getState(): TradingState;
  subscribe(slices: readonly Slice[], listener: Listener): () => void;
  onMarketUpdate(listener: MarketListener): () => void;
  /** The API client once the API is found (the studio reads markets through it). */
  client(): ControlClient | undefined;
  /** P/L is read from this instant on (null = all of it); the graph's x-range sets it. */
  setPnlFrom(from: Date | null): void;
  readonly commands: TradingCommands;
  start(): Promise<void>;
}

const systemPollMilliseconds = 15_000;
const decisionReadLimit = 1000;
const pnlReadLimit = 20_000;

export function createTradingSession(): TradingSession {
  let state = initialTradingState();
  let client: ControlClient | undefined;
  let pnlFrom: Date | null = new Date(Date.now() - 24 * 3_600_000);
  const listeners = new Set<{ slices: ReadonlySet<Slice>; listener: Listener }>();
  const marketListeners = new Set<MarketListener>();
  const changed = new Set<Slice>();
  let flushQueued = false;
  const timers = new Map<string, number>();

  const flush = (): void => {
    flushQueued = false;
    const slices = [...changed];
    changed.clear();
    for (const entry of listeners) if (slices.some((slice) => entry.slices.has(slice))) entry.listener(state);
  };

  /** Replace slices of the state; listeners hear once per task, however many slices changed. */
  const update = (patch: Partial<TradingState>): void => {
    const next = { ...state, ...patch };
    for (const key of Object.keys(patch) as Array<keyof TradingState>) {
      if (next[key] !== state[key] && key !== 'pnlTruncated' && key !== 'decisionsSince') changed.add(key);
    }
    if (patch.pnlTruncated !== undefined && patch.pnlTruncated !== state.pnlTruncated) changed.add('pnl');
    state = next;
    if (changed.size > 0 && !flushQueued) {
      flushQueued = true;
      queueMicrotask(flush);
    }
  };

  /** Run `task` once, `delay` after the last request for it (bursts of events read once). */
  const soon = (name: string, delay: number, task: () => Promise<unknown>): void => {
    window.clearTimeout(timers.get(name));
    timers.set(name, window.setTimeout(() => void task(), delay));
  };

  const environmentQuery = (extra: Record<string, string | number | undefined> = {}): string =>
    query({ environment: state.environment ?? undefined, ...extra });

  const read = async <Value>(result: Promise<ApiResult<Value>>, apply: (value: Value) => void): Promise<boolean> => {
    const answer = await result;
    if (answer.ok) apply(answer.value);
    else if (answer.status === 0) update({ connection: { state: 'unreachable', reason: answer.message } });
    return answer.ok;
  };

  const readSystem = async (): Promise<void> => {
    if (!client) return;
    const answer = await client.get('/state/system', SystemState);
    if (!answer.ok) {
      if (answer.status === 0) update({ connection: { state: 'unreachable', reason: answer.message } });
      return;
    }
    const system = answer.value;
    const systems: Partial<Record<Environment, SystemState>> = { [system.environment]: system };
    for (const environment of system.environments.filter((served) => served !== system.environment)) {
      const other = await client.get(`/state/system${query({ environment })}`, SystemState);
      if (other.ok) systems[environment] = other.value;
    }
    const switched = state.environment !== null && system.active_environment !== state.environment;
    update({ connection: { state: 'online' }, system, systems, reconciliation: system.reconciliation });
    if (switched || state.environment === null) await enterEnvironment(system.active_environment);
  };

  const readAgents = () => client && read(client.get(`/state/agents${environmentQuery()}`, AgentsAnswer), (value) => update({ agents: value.agents }));
  const readPositions = () =>
    client && read(client.get(`/state/positions${environmentQuery({ nonzero: 'true' })}`, PositionsAnswer), (value) => update({ positions: value.positions }));
  const readBalance = () =>
    client && read(client.get(`/state/balance${environmentQuery()}`, Balance), (value) => update({ balance: { balance: value.balance, portfolioValue: value.portfolio_value } }));
  const readApprovals = () =>
    client &&
    read(client.get(`/state/approvals${environmentQuery({ status: 'pending', limit: 100 })}`, ApprovalsAnswer), (value) =>
      update({ approvals: approvalsFromRead(state.approvals, value.approvals) }),
    );
  const readDecisions = () =>
    client &&
    read(client.get(`/state/decisions${environmentQuery({ limit: decisionReadLimit })}`, DecisionsAnswer), (value) => {
      const marks = decisionsFromRead(value.decisions);
      // A full page means older decisions exist that were not read: the history starts at the oldest read.
      const since = value.decisions.length >= decisionReadLimit ? (marks[0]?.at ?? null) : null;
      update({ decisions: marks, decisionsSince: since });
    });
  const readPnl = () =>
    client &&
    read(client.get(`/state/pnl${environmentQuery({ from: pnlFrom?.toISOString(), limit: pnlReadLimit })}`, PnlAnswer), (value) => {
      const total = value.series.reduce((sum, series) => sum + series.points.length, 0);
      update({ pnl: new Map(value.series.map((series) => [series.agent_id, series.points])), pnlTruncated: total >= pnlReadLimit });
    });

  const readEverything = async (): Promise<void> => {
    await Promise.all([readAgents(), readPositions(), readBalance(), readApprovals(), readDecisions(), readPnl()]);
  };

  async function enterEnvironment(environment: Environment): Promise<void> {
    if (state.environment !== environment) {
      update({
        environment,
        agents: [],
        approvals: [],
        pnl: new Map(),
        decisions: [],
        positions: [],
        balance: null,
      });
    }
    await readEverything();
  }

  const onFeedStatus = (feed: FeedStatus): void => {
    const reopened = feed === 'open' && state.feed !== 'open';
    update({ feed });
    // Whatever happened while the feed was down is read again.
    if (reopened) void readSystem().then(readEverything);
  };

  const onEvent = (event: UiEvent): void => {
    if (event.type === 'system_status') {
      soon('system', 150, readSystem);
      return;
    }
    if (event.environment !== state.environment) return;
    const at = instant(event.at);
    switch (event.type) {
      case 'market_update': {
        const parsed = MarketUpdate.safeParse(event.data);
        if (parsed.success) for (const listener of marketListeners) listener(parsed.data);
        return;
      }
      case 'agent_decision': {
        const parsed = AgentDecided.safeParse(event.data);
        if (parsed.success) {
          update({ decisions: withDecision(state.decisions, { decisionId: parsed.data.decisionId, agentId: parsed.data.agentId, outcome: parsed.data.outcome, at }) });
        }
        return;
      }
      case 'order_submitted':
      case 'order_updated':
      case 'order_cancelled':
      case 'order_failed': {
        const parsed = OrderChange.safeParse(event.data);
        if (parsed.success) update({ approvals: withApprovalOrder(state.approvals, parsed.data.order) });
        return;
      }
      case 'order_filled':
      case 'position_update':
        soon('positions', 400, async () => readPositions());
        return;
      case 'balance_update': {
        const parsed = BalanceUpdated.safeParse(event.data);
        if (parsed.success) update({ balance: { balance: parsed.data.balance, portfolioValue: parsed.data.portfolioValue } });
        return;
      }
      case 'pnl_update': {
        const parsed = PnlRecorded.safeParse(event.data);
        if (!parsed.success) return;
        const { agentId, at: pointAt, realizedPnl, unrealizedPnl, totalPnl, feesPaid, fills, wins, losses } = parsed.data;
        const point = { at: pointAt, realized_pnl: realizedPnl, unrealized_pnl: unrealizedPnl, total_pnl: totalPnl, fees_paid: feesPaid, fills, wins, losses };
        update({ pnl: withPnlPoint(state.pnl, agentId, point) });
        return;
      }
      case 'agent_state_change':
        soon('agents', 250, async () => readAgents());
        return;
      case 'reconciliation_started': {
        const parsed = ReconciliationStarted.safeParse(event.data);
        if (parsed.success) {
          const { cycleId, trigger } = parsed.data;
          update({ reconciliation: { cycle_id: cycleId, trigger, running: true, started_at: event.at, completed_at: null, clean: null, discrepancies: null, error: null } });
        }
        return;
      }
      case 'reconciliation_complete': {
        const parsed = ReconciliationCompleted.safeParse(event.data);
        if (parsed.success) {
          const { cycleId, trigger, clean, discrepancies, error, summary, byKind } = parsed.data;
          const startedAt = state.reconciliation?.cycle_id === cycleId ? state.reconciliation.started_at : event.at;
          update({
            reconciliation: { cycle_id: cycleId, trigger, running: false, started_at: startedAt, completed_at: event.at, clean, discrepancies, error, summary, by_kind: byKind },
          });
        }
        return;
      }
      case 'approval_requested': {
        const parsed = ApprovalRequested.safeParse(event.data);
        if (parsed.success) {
          const { approvalId, intent, expiresAt } = parsed.data;
          update({ approvals: withApprovalRequested(state.approvals, approvalId, intent, at, instant(expiresAt)) });
        }
        return;
      }
      case 'approval_resolved': {
        const parsed = ApprovalResolved.safeParse(event.data);
        if (parsed.success) update({ approvals: withApprovalResolved(state.approvals, parsed.data.approvalId, parsed.data.outcome, parsed.data.reason, at) });
        return;
      }
    }
  };

  const session: TradingSession = {
    getState: () => state,
    subscribe(slices, listener) {
      const entry = { slices: new Set(slices), listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    onMarketUpdate(listener) {
      marketListeners.add(listener);
      return () => marketListeners.delete(listener);
    },
    client: () => client,
    setPnlFrom(from) {
      pnlFrom = from;
      soon('pnl', 0, async () => readPnl());
    },
    commands: createCommands({
      client: () => client,
      environment: () => state.environment,
      afterKeys: () => soon('system', 0, readSystem),
      afterApprovalAnswer: () => soon('approvals', 600, async () => readApprovals()),
    }),
    async start() {
      const location = await locateControlApi();
      if (location.kind === 'none') {
        update({ connection: { state: 'offline', reason: location.reason } });
        return;
      }
      client = createControlClient(location.baseUrl);
      await readSystem();
      openEventStream(location.baseUrl, { message: onEvent, status: onFeedStatus });
      window.setInterval(() => void readSystem(), systemPollMilliseconds);
      // Countdowns end and resolved cards leave on time, even when the feed is quiet.
      window.setInterval(() => {
        const kept = withoutFinishedApprovals(state.approvals, Date.now());
        if (kept !== state.approvals) update({ approvals: kept });
      }, 1000);
    },
  };
  return session;
}
