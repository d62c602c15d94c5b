/**
 * What one environment's runtime loads at start:
 *   - from Postgres, in one repeatable-read snapshot: the projector's TRADING checkpoint, the
 *     `agent_state` rows, agent positions and agent orders not yet final (the follow of TRADING
 *     then starts at checkpoint + 1, so the snapshot and the stream join without a gap);
 *   - from the streams, the last message on exact subjects: each agent's newest registration,
 *     configuration and lifecycle; the kill switch and keys; the reconciliation's last cycle.
 */
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import { type Db, schemaOf } from '@polly/db';
import { sql } from 'kysely';
import type { AgentFacts, AgentStateRow } from '../domain/registry';
import type { SnapshotRows } from './holdings-book';
import { type StoredEvent, lastEventOn, newest } from './streams';

export interface ReadModelSnapshot {
  tradingCheckpoint: number;
  agents: AgentStateRow[];
  holdings: SnapshotRows;
}

export async function loadReadModels(db: Db, environment: Environment): Promise<ReadModelSnapshot> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (transaction) => {
      const checkpoint = await transaction
        .selectFrom('projection_checkpoints')
        .select('last_sequence')
        .where('projection', '=', 'main')
        .where('stream', '=', 'TRADING')
        .executeTakeFirst();
      const scoped = transaction.withSchema(schemaOf(environment));
      const agents = await scoped
        .selectFrom('agent_state')
        .select(['agent_id', 'agent_name', 'enabled', 'mode', 'configuration', 'lifecycle_state', 'state_reason', 'last_decision_at'])
        .execute();
      const positions = await scoped.selectFrom('positions').select(['holder', 'market_ticker', 'position']).where('holder', '<>', 'account').where(sql<boolean>`position <> 0`).execute();
      const orders = await scoped
        .selectFrom('orders')
        .select(['client_order_id', 'agent_id', 'intent_id', 'market_ticker', 'action', 'side', 'price', 'filled_count', 'remaining_count', 'status'])
        .where('agent_id', 'is not', null)
        .where('status', 'in', ['submitted', 'resting'])
        .execute();
      return {
        tradingCheckpoint: checkpoint ? Number(checkpoint.last_sequence) : 0,
        agents: agents.map((row) => ({ ...row, configuration: (row.configuration ?? {}) as Record<string, unknown> })),
        holdings: { positions, orders },
      };
    });
}

export async function loadAgentFacts(bus: Bus, environment: Environment, agentId: string): Promise<AgentFacts> {
  const subject = (type: string) => `trading.${environment}.${type}.${agentId}`;
  const [registered, configured, stateChanged] = await Promise.all([
    lastEventOn(bus, 'TRADING', subject('agent.registered')),
    lastEventOn(bus, 'TRADING', subject('agent.configured')),
    lastEventOn(bus, 'TRADING', subject('agent.state-changed')),
  ]);
  return { registered, configured, stateChanged };
}

export interface ControlFacts {
  /** The newest of trading.enable / trading.disable / trading.halted, or null when never given. */
  tradingSwitch: StoredEvent | null;
  /** The newest of keys.connected / keys.disconnected, or null when never given. */
  keys: StoredEvent | null;
}

export async function loadControlFacts(bus: Bus, environment: Environment): Promise<ControlFacts> {
  const subject = (type: string) => `control.${environment}.${type}`;
  const [enable, disable, halted, connected, disconnected] = await Promise.all(
    ['trading.enable', 'trading.disable', 'trading.halted', 'keys.connected', 'keys.disconnected'].map((type) => lastEventOn(bus, 'CONTROL', subject(type))),
  );
  return { tradingSwitch: newest(enable ?? null, disable ?? null, halted ?? null), keys: newest(connected ?? null, disconnected ?? null) };
}

export interface ReconciliationFacts {
  /** True when the running reconciliation service has completed a cycle since it started. */
  completedSinceItStarted: boolean;
  /** When a cycle that has not completed yet started (ms), or null. */
  cycleInProgressSince: number | null;
}

export async function loadReconciliationFacts(bus: Bus, environment: Environment, now: number): Promise<ReconciliationFacts> {
  const [started, completed, heartbeat] = await Promise.all([
    lastEventOn(bus, 'SYSTEM', `system.${environment}.reconciliation.started`),
    lastEventOn(bus, 'SYSTEM', `system.${environment}.reconciliation.completed`),
    lastEventOn(bus, 'SYSTEM', `system.${environment}.service.heartbeat.reconciliation`),
  ]);
  const alive = heartbeat?.event.type === 'service.heartbeat' && now - Date.parse(heartbeat.event.occurredAt) < 20_000 ? heartbeat.event.data : null;
  const completedAt = completed ? Date.parse(completed.event.occurredAt) : null;
  const completedSinceItStarted = alive !== null && completedAt !== null && completedAt >= Date.parse(alive.startedAt);
  const inProgress =
    started?.event.type === 'reconciliation.started' &&
    (completed === null || started.sequence > completed.sequence) &&
    now - Date.parse(started.event.occurredAt) < 5 * 60_000;
  return { completedSinceItStarted, cycleInProgressSince: inProgress && started ? Date.parse(started.event.occurredAt) : null };
}
