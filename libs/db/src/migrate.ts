/** Apply every migration in db/migrations, in order, exactly once (kysely's migrator, with a lock). */
import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import { migrations } from '@polly/migrations';

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result: MigrationResult) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error ?? 'unknown error')}`);
  }
  const applied = (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
  return { applied, alreadyApplied: Object.keys(migrations).length - applied.length };
}
