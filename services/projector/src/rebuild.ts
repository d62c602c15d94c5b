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
import { columnTypes } from './column-types';
import { MAIN_PROJECTION, type ProjectionTarget, SHADOW_PROJECTION, type SequencedEvent, prepareBatch, writeBatch } from './projection';
import { PROJECTION_LOCK, tryLock } from './lock';
import { serialPipeline } from './pipeline';

export interface RebuildProgress {
  stream: ProjectedStream;
  sequence: number;
  endSequence: number;
  events: number;
  elapsedMs: number;
}

export interface InvalidMessage {
  stream: ProjectedStream;
  streamSequence: number;
  reason: string;
}

/** How many invalid messages a report lists (all of them are counted). */
const LISTED_INVALID = 20;

export interface RebuildReport {
  mode: 'shadow' | 'in-place';
  endSequences: Record<ProjectedStream, number>;
  events: number;
  invalid: number;
  /** The first invalid messages (never folded), with why each was rejected. */
  invalidMessages: InvalidMessage[];
  elapsedMs: number;
  eventsPerSecond: number;
  checksums: Record<string, TableChecksum[]>;
}

export const DEFAULT_REBUILD_BATCH = 5000;
const DEFAULT_PIPELINE_DEPTH = 2;
/** Messages decoded between turns of the event loop while reading. */
const YIELD_EVERY = 250;

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
  /** Events per transaction (default DEFAULT_REBUILD_BATCH). */
  batchSize?: number;
  /** Batches written or waiting to be written while reading goes on (default 2). */
  pipelineDepth?: number;
  onProgress?: (progress: RebuildProgress) => void;
  signal?: AbortSignal;
}): Promise<RebuildReport> {
  const { bus, db, mode } = options;
  const target: ProjectionTarget = mode === 'shadow' ? SHADOW_PROJECTION : MAIN_PROJECTION;
  const release = mode === 'in-place' ? await tryLock(db, PROJECTION_LOCK) : undefined;
  if (mode === 'in-place' && !release) throw new Error('the projector is running (it holds the projection lock): stop it first, or rebuild into shadow schemas');
  const batchSize = options.batchSize ?? DEFAULT_REBUILD_BATCH;
  // Messages the reader asks the server for at a time: enough to keep a batch coming.
  const readAhead = Math.min(10_000, batchSize);
  const started = Date.now();
  let events = 0;
  let invalid = 0;
  const invalidMessages: InvalidMessage[] = [];
  const endSequences = {} as Record<ProjectedStream, number>;
  try {
    if (mode === 'shadow') await prepareShadow(db);
    else await truncateMain(db);
    const types = await columnTypes(db);
    for (const stream of PROJECTED_STREAMS) {
      const endSequence = await bus.lastSequence(stream);
      endSequences[stream] = endSequence;
      if (endSequence === 0) continue;
      // Each batch is folded into its statements as soon as it is read, then written while the
      // next ones are read and folded: Postgres works while this process reads. The pipeline
      // bounds how many prepared batches can wait in memory.
      const pipeline = serialPipeline(options.pipelineDepth ?? DEFAULT_PIPELINE_DEPTH);
      const write = (taken: SequencedEvent[], sequence: number) => {
        const prepared = prepareBatch(target, stream, taken, types);
        return pipeline.push(async () => {
          await writeBatch(db, prepared);
          events += taken.length;
          options.onProgress?.({ stream, sequence, endSequence, events, elapsedMs: Date.now() - started });
        });
      };
      let batch: SequencedEvent[] = [];
      let sequence = 0;
      try {
        for await (const item of bus.read({ stream, endSequence, batchSize: readAhead, ...(options.signal ? { signal: options.signal } : {}) })) {
          sequence = item.streamSequence;
          if (item.valid) batch.push({ event: item.event, streamSequence: item.streamSequence });
          else {
            invalid += 1;
            if (invalidMessages.length < LISTED_INVALID) invalidMessages.push({ stream, streamSequence: item.streamSequence, reason: item.reason });
          }
          // Messages already received are handed over as microtasks, which would keep the
          // writer's Postgres replies waiting until thousands of them are decoded.
          if (sequence % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
          if (batch.length >= batchSize) {
            await write(batch, sequence);
            batch = [];
          }
        }
        if (batch.length > 0) await write(batch, sequence);
      } finally {
        // Even when reading fails, let the batch being written finish before the lock is released.
        await pipeline.drain().catch(() => undefined);
      }
      await pipeline.drain();
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
  return { mode, endSequences, events, invalid, invalidMessages, elapsedMs, eventsPerSecond: Math.round((events / Math.max(1, elapsedMs)) * 1000), checksums };
}
