/**
 * A snapshot of one environment gate's state (pure): everything `evolve` folded, with how far
 * into each followed subject it had folded, so a restart reads only what came after instead of
 * the whole history. Amounts travel as integer strings (micros, centis), never as numbers.
 *
 * A snapshot is only a shortcut: it is refused — and the gate rebuilds from the streams, as it
 * always can — when its version is unknown, it fails validation, it was made for other
 * settings (trade mode, the trading default, the paper balance), or its streams are not the
 * ones it counted in (created again since, or ending before its sequences).
 *
 * The ids kept to ignore redeliveries (decided intents, resolved approvals) are cut to the newest
 * `SNAPSHOT_IDS_KEPT`: only events after the snapshot are read again, and those can only repeat
 * recent ones.
 */
import { z } from 'zod';
import { AgentMode, type Centis, Environment, type Micros, TradeIntent } from '@polly/contracts';
import type { GateState } from './state';

export const SNAPSHOT_VERSION = 1;
export const SNAPSHOT_IDS_KEPT = 5_000;

/** What the snapshot depends on beyond the events: a snapshot of other settings is not used. */
export interface SnapshotSettings {
  environment: Environment;
  tradeMode: 'live' | 'paper';
  tradingEnabledByDefault: boolean;
  paperStartingBalance: Micros | null;
}

/** The streams a snapshot's sequences belong to: when each was created, and its last sequence now. */
export interface StreamIdentities {
  TRADING: { created: string; lastSequence: number };
  CONTROL: { created: string; lastSequence: number };
}

/** How far the state has folded: per followed subject filter, and the gate's own decisions. */
export interface FoldedPositions {
  /** Subject filter → the stream sequence up to which every event of that filter is folded. */
  subjects: Record<string, number>;
  /** The newest intent decision (intent.approved / intent.denied) folded. */
  decisions: number;
}

const Integer = z.string().regex(/^-?\d{1,30}$/);
const Sequence = z.number().int().nonnegative();
const Exposure = z.object({ agentId: z.string(), marketTicker: z.string(), signedCount: Integer });

export const GateSnapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  takenAt: z.string(),
  settings: z.object({ environment: Environment, tradeMode: z.enum(['live', 'paper']), tradingEnabledByDefault: z.boolean(), paperStartingBalance: Integer.nullable() }),
  folded: z.object({ subjects: z.record(z.string(), Sequence), decisions: Sequence }),
  /** When the streams the sequences count in were created (a replaced stream counts anew). */
  streamsCreated: z.object({ TRADING: z.string(), CONTROL: z.string() }),
  trading: z.object({
    enabled: z.boolean(),
    halt: z.object({ code: z.string(), message: z.string(), service: z.string() }).nullable(),
    reason: z.string().nullable(),
    changedBy: z.string().nullable(),
  }),
  keys: z.enum(['never-connected', 'connected', 'disconnected']),
  balance: Integer.nullable(),
  agents: z.array(
    z.object({
      agentId: z.string(),
      agentName: z.string(),
      enabled: z.boolean(),
      mode: AgentMode,
      limits: z.object({ environments: z.array(Environment), maxPosition: Integer.nullable(), maxDailyLoss: Integer.nullable() }),
      configurationProblem: z.string().nullable(),
      modeSequence: z.number().int(),
    }),
  ),
  positions: z.array(z.tuple([z.string(), Integer])),
  openOrders: z.array(z.tuple([z.string(), Exposure])),
  awaitingOrders: z.array(z.tuple([z.string(), Exposure.extend({ approvedAt: z.number() })])),
  pnl: z.array(z.tuple([z.string(), z.object({ day: z.string(), latest: Integer, baseline: Integer })])),
  pendingApprovals: z.array(
    z.object({ approvalId: z.string(), intent: TradeIntent, expiresAt: z.number(), requestedEventId: z.string(), correlationId: z.string() }),
  ),
  resolvedApprovals: z.array(z.string()),
  decidedIntents: z.array(z.string()),
});
export type GateSnapshot = z.infer<typeof GateSnapshot>;

const text = (value: bigint | null): string | null => (value === null ? null : value.toString());
const newest = (ids: Set<string>): string[] => [...ids].slice(-SNAPSHOT_IDS_KEPT);

export function settingsOf(state: GateState, tradingEnabledByDefault: boolean, paperStartingBalance: Micros | null): SnapshotSettings {
  return { environment: state.environment, tradeMode: state.tradeMode, tradingEnabledByDefault, paperStartingBalance };
}

export function takeSnapshot(state: GateState, settings: SnapshotSettings, folded: FoldedPositions, streams: StreamIdentities, takenAt: string): GateSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    takenAt,
    settings: { ...settings, paperStartingBalance: text(settings.paperStartingBalance) },
    folded: { subjects: { ...folded.subjects }, decisions: folded.decisions },
    streamsCreated: { TRADING: streams.TRADING.created, CONTROL: streams.CONTROL.created },
    trading: { ...state.trading, halt: state.trading.halt ? { ...state.trading.halt } : null },
    keys: state.keys,
    balance: text(state.balance),
    agents: [...state.agents.values()].map((agent) => ({
      ...agent,
      limits: { environments: [...agent.limits.environments], maxPosition: text(agent.limits.maxPosition), maxDailyLoss: text(agent.limits.maxDailyLoss) },
    })),
    positions: [...state.positions].map(([key, count]) => [key, count.toString()]),
    openOrders: [...state.openOrders].map(([id, entry]) => [id, { ...entry, signedCount: entry.signedCount.toString() }]),
    awaitingOrders: [...state.awaitingOrders].map(([id, entry]) => [id, { ...entry, signedCount: entry.signedCount.toString() }]),
    pnl: [...state.pnl].map(([agentId, day]) => [agentId, { day: day.day, latest: day.latest.toString(), baseline: day.baseline.toString() }]),
    pendingApprovals: [...state.pendingApprovals.values()].map((pending) => ({ ...pending })),
    resolvedApprovals: newest(state.resolvedApprovals),
    decidedIntents: newest(state.decidedIntents),
  };
}

export type Restored = { ok: true; folded: FoldedPositions } | { ok: false; problem: string };

const sameSettings = (snapshot: GateSnapshot['settings'], settings: SnapshotSettings): boolean =>
  snapshot.environment === settings.environment &&
  snapshot.tradeMode === settings.tradeMode &&
  snapshot.tradingEnabledByDefault === settings.tradingEnabledByDefault &&
  snapshot.paperStartingBalance === text(settings.paperStartingBalance);

/** Fold a stored snapshot into a fresh state (from `initialState`), or say why it cannot be used (the state is then untouched). */
export function restoreSnapshot(state: GateState, stored: unknown, settings: SnapshotSettings, streams: StreamIdentities): Restored {
  const parsed = GateSnapshot.safeParse(stored);
  if (!parsed.success) {
    const version = (stored as { version?: unknown } | null)?.version;
    return { ok: false, problem: version !== SNAPSHOT_VERSION ? `snapshot version ${String(version)} is not ${SNAPSHOT_VERSION}` : `invalid snapshot: ${parsed.error.issues[0]?.message ?? 'unreadable'}` };
  }
  const snapshot = parsed.data;
  if (!sameSettings(snapshot.settings, settings)) return { ok: false, problem: 'the snapshot was made with other settings (trade mode, trading default or paper balance)' };
  for (const stream of ['TRADING', 'CONTROL'] as const) {
    if (snapshot.streamsCreated[stream] !== streams[stream].created) return { ok: false, problem: `${stream} was created again since the snapshot (${snapshot.streamsCreated[stream]}, now ${streams[stream].created})` };
  }
  for (const [filter, sequence] of Object.entries(snapshot.folded.subjects)) {
    const stream = filter.startsWith('control.') ? 'CONTROL' : 'TRADING';
    if (sequence > streams[stream].lastSequence) return { ok: false, problem: `the snapshot has ${filter} up to ${sequence}, past the end of ${stream} (${streams[stream].lastSequence}): the streams were replaced` };
  }
  if (snapshot.folded.decisions > streams.TRADING.lastSequence) return { ok: false, problem: 'the snapshot has decisions past the end of TRADING: the streams were replaced' };

  const big = <T extends bigint>(value: string) => BigInt(value) as T;
  state.trading = snapshot.trading;
  state.keys = snapshot.keys;
  state.balance = snapshot.balance === null ? null : big<Micros>(snapshot.balance);
  state.agents = new Map(
    snapshot.agents.map((agent) => [
      agent.agentId,
      {
        ...agent,
        limits: {
          environments: agent.limits.environments,
          maxPosition: agent.limits.maxPosition === null ? null : big<Centis>(agent.limits.maxPosition),
          maxDailyLoss: agent.limits.maxDailyLoss === null ? null : big<Micros>(agent.limits.maxDailyLoss),
        },
      },
    ]),
  );
  state.positions = new Map(snapshot.positions.map(([key, count]) => [key, big<Centis>(count)]));
  state.openOrders = new Map(snapshot.openOrders.map(([id, entry]) => [id, { ...entry, signedCount: big<Centis>(entry.signedCount) }]));
  state.awaitingOrders = new Map(snapshot.awaitingOrders.map(([id, entry]) => [id, { ...entry, signedCount: big<Centis>(entry.signedCount) }]));
  state.pnl = new Map(snapshot.pnl.map(([agentId, day]) => [agentId, { day: day.day, latest: big<Micros>(day.latest), baseline: big<Micros>(day.baseline) }]));
  state.pendingApprovals = new Map(snapshot.pendingApprovals.map((pending) => [pending.approvalId, pending]));
  state.resolvedApprovals = new Set(snapshot.resolvedApprovals);
  state.decidedIntents = new Set(snapshot.decidedIntents);
  return { ok: true, folded: snapshot.folded };
}
