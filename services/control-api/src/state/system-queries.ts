/**
 * System-level reads: the active environment and the PRD's `/state/system` answer, from the
 * `system_config`, `agent_state`, `markets`, `series` and `reconciliation_cycles` read models.
 */
import { sql } from 'kysely';
import { ENVIRONMENTS, type Environment } from '@polly/contracts';
import type { Db } from '@polly/db';

/** The cockpit's active environment: the latest `environment.select`, recorded in both schemas; demo before any. */
export async function activeEnvironment(db: Db): Promise<Environment> {
  let latest: { value: string; at: number } | undefined;
  for (const schema of ENVIRONMENTS) {
    const row = await db
      .withSchema(schema)
      .selectFrom('system_config')
      .select(['config_value', 'updated_at'])
      .where('config_key', '=', 'active_environment')
      .executeTakeFirst();
    if (row && (!latest || row.updated_at.getTime() > latest.at)) latest = { value: row.config_value, at: row.updated_at.getTime() };
  }
  return latest?.value === 'live' ? 'live' : 'demo';
}

export async function settingsOf(db: Db, environment: Environment): Promise<Map<string, string>> {
  const rows = await db.withSchema(environment).selectFrom('system_config').select(['config_key', 'config_value']).execute();
  return new Map(rows.map((row) => [row.config_key, row.config_value]));
}

export interface SystemFacts {
  settings: Map<string, string>;
  marketsInTable: number;
  activeAgents: number;
  simulatedSeries: boolean;
  reconciliation: {
    cycle_id: string;
    trigger: string;
    running: boolean;
    started_at: Date;
    completed_at: Date | null;
    clean: boolean | null;
    discrepancies: number | null;
    error: string | null;
  } | null;
}

export async function systemFacts(db: Db, environment: Environment): Promise<SystemFacts> {
  const scoped = db.withSchema(environment);
  const [settings, markets, agents, simulated, cycle] = await Promise.all([
    settingsOf(db, environment),
    scoped.selectFrom('markets').select(sql<string>`count(*)`.as('markets')).executeTakeFirstOrThrow(),
    scoped.selectFrom('agent_state').select(sql<string>`count(*)`.as('agents')).where('lifecycle_state', '=', 'ACTIVE').executeTakeFirstOrThrow(),
    scoped.selectFrom('series').select('series_ticker').where('simulated', '=', true).limit(1).executeTakeFirst(),
    scoped.selectFrom('reconciliation_cycles').selectAll().orderBy('started_at', 'desc').limit(1).executeTakeFirst(),
  ]);
  return {
    settings,
    marketsInTable: Number(markets.markets),
    activeAgents: Number(agents.agents),
    simulatedSeries: simulated !== undefined,
    reconciliation: cycle
      ? {
          cycle_id: cycle.cycle_id,
          trigger: cycle.trigger,
          running: cycle.completed_at === null,
          started_at: cycle.started_at,
          completed_at: cycle.completed_at,
          clean: cycle.clean,
          discrepancies: cycle.discrepancies,
          error: cycle.error,
        }
      : null,
  };
}
