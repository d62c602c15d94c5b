/**
 * Rebuild the read models by folding every projected stream from sequence 1.
 *   shadow   — into fresh schemas rebuild_live / rebuild_demo (tables copied with LIKE), leaving
 *              the live read models alone so the two can be compared by checksum;
 *   in-place — truncate the live read models and refold them (needs the projector stopped: it
 *              takes the projector's advisory lock).
 */
import { type Kysely, sql } from 'kysely';
import type { Bus } from '@polly/bus';
import { ENVIRONMENTS } from '@polly/contracts';
import { type Database, READ_MODEL_TABLES, type TableChecksum, schemaChecksums } from '@polly/db';
import { PROJECTED_STREAMS, type ProjectedStream } from './folds';
import { MAIN_PROJECTION, type ProjectionTarget, SHADOW_PROJECTION, type SequencedEvent, projectBatch } from './projection';
import { PROJECTION_LOCK, tryLock } from './lock';

export interface RebuildProgress {
  stream: ProjectedStream;
  sequence: number;
  endSequence: number;
  events: number;
  elapsedMs: number;
}

export interface RebuildReport {
  mode: 'shadow' | 'in-place';
  endSequences: Record<ProjectedStream, number>;
  events: number;
  invalid: number;
  elapsedMs: number;
  eventsPerSecond: number;
  checksums: Record<string, TableChecksum[]>;
}

async function prepareShadow(db: Kysely<Database>): Promise<void> {
  for (const environment of ENVIRONMENTS) {
    const shadow = SHADOW_PROJECTION.schemaOf(environment);
    await sql`drop schema if exists ${sql.id(shadow)} cascade`.execute(db);
    await sql`create schema ${sql.id(shadow)}`.execute(db);
    for (const table of READ_MODEL_TABLES) {
      await sql`create table ${sql.table(`${shadow}.${table}`)} (like ${sql.table(`${environment}.${table}`)} including all)`.execute(db);
    }
  }
  await db.deleteFrom('projection_checkpoints').where('projection', '=', SHADOW_PROJECTION.name).execute();
}

async function truncateMain(db: Kysely<Database>): Promise<void> {
  for (const environment of ENVIRONMENTS) {
    const tables = READ_MODEL_TABLES.map((table) => sql.table(`${environment}.${table}`));
    await sql`truncate ${sql.join(tables)}`.execute(db);
  }
  await db.deleteFrom('projection_checkpoints').where('projection', '=', MAIN_PROJECTION.name).execute();
}

export async function rebuildReadModels(options: {
  bus: Bus;
  db: Kysely<Database>;
  mode: 'shadow' | 'in-place';
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  signal?: AbortSignal;
}): Promise<RebuildReport> {
  const { bus, db, mode } = options;
  const target: ProjectionTarget = mode === 'shadow' ? SHADOW_PROJECTION : MAIN_PROJECTION;
  const release = mode === 'in-place' ? await tryLock(db, PROJECTION_LOCK) : undefined;
  if (mode === 'in-place' && !release) throw new Error('the projector is running (it holds the projection lock): stop it first, or rebuild into shadow schemas');
  const started = Date.now();
  let events = 0;
  let invalid = 0;
  const endSequences = {} as Record<ProjectedStream, number>;
  try {
    if (mode === 'shadow') await prepareShadow(db);
    else await truncateMain(db);
    for (const stream of PROJECTED_STREAMS) {
      const endSequence = await bus.lastSequence(stream);
      endSequences[stream] = endSequence;
      if (endSequence === 0) continue;
      // Read the next batch while the previous one is being written (one write in flight).
      let batch: SequencedEvent[] = [];
      let writing: Promise<void> = Promise.resolve();
      const flush = async (sequence: number) => {
        await writing;
        const taken = batch;
        batch = [];
        writing = projectBatch(db, target, stream, taken, { durable: false }).then(() => {
          events += taken.length;
          options.onProgress?.({ stream, sequence, endSequence, events, elapsedMs: Date.now() - started });
        });
      };
      let sequence = 0;
      for await (const item of bus.read({ stream, endSequence, ...(options.signal ? { signal: options.signal } : {}) })) {
        sequence = item.streamSequence;
        if (item.valid) batch.push({ event: item.event, streamSequence: item.streamSequence });
        else invalid += 1;
        if (batch.length >= (options.batchSize ?? 2000)) await flush(sequence);
      }
      await flush(sequence);
      await writing;
    }
  } finally {
    await release?.();
  }
  const elapsedMs = Date.now() - started;
  const checksums: Record<string, TableChecksum[]> = {};
  for (const environment of ENVIRONMENTS) {
    const schema = target.schemaOf(environment);
    checksums[schema] = await schemaChecksums(db, schema);
  }
  return { mode, endSequences, events, invalid, elapsedMs, eventsPerSecond: Math.round((events / Math.max(1, elapsedMs)) * 1000), checksums };
}
