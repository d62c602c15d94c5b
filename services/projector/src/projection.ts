/**
 * One projection batch = one transaction: the row writes and the stream checkpoint commit
 * together. Events at or below the checkpoint are skipped, so a redelivered message (or a
 * whole replayed batch) changes nothing.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AnyEvent, Environment } from '@polly/contracts';
import type { Database } from '@polly/db';
import { type ProjectedStream, foldEvent } from './folds';
import { columnTypes } from './column-types';
import type { ColumnTypes } from './statements';
import { type SchemaOf, writeStatements } from './writer';

export interface ProjectionTarget {
  /** Checkpoint name: "main" for the live read models, "rebuild" for a shadow rebuild. */
  name: string;
  schemaOf: SchemaOf;
}

export const MAIN_PROJECTION: ProjectionTarget = { name: 'main', schemaOf: (environment: Environment) => environment };
export const SHADOW_PROJECTION: ProjectionTarget = { name: 'rebuild', schemaOf: (environment: Environment) => `rebuild_${environment}` };

export interface SequencedEvent {
  event: AnyEvent;
  streamSequence: number;
}

export async function readCheckpoint(db: Kysely<Database>, projection: string, stream: ProjectedStream, lock = false): Promise<number> {
  let query = db
    .selectFrom('projection_checkpoints')
    .select('last_sequence')
    .where('projection', '=', projection)
    .where('stream', '=', stream);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? Number(row.last_sequence) : 0;
}

/**
 * Read a checkpoint and lock its row until the transaction ends (creating it at 0 if missing), in
 * one round trip: the no-op update of an existing row locks it against any other writer of the
 * same checkpoint, so two projectors cannot fold the same batch concurrently.
 */
async function lockCheckpoint(transaction: Kysely<Database>, projection: string, stream: ProjectedStream): Promise<number> {
  const { rows } = await sql<{ last_sequence: string }>`
    insert into projection_checkpoints (projection, stream, last_sequence, updated_at)
    values (${projection}, ${stream}, 0, ${new Date(0).toISOString()})
    on conflict (projection, stream) do update set last_sequence = projection_checkpoints.last_sequence
    returning last_sequence`.execute(transaction);
  return Number(rows[0]?.last_sequence ?? 0);
}

/** A batch folded into its statements ahead of its transaction (pure work, no I/O). */
export interface PreparedBatch {
  target: ProjectionTarget;
  stream: ProjectedStream;
  /** In stream order. */
  events: readonly SequencedEvent[];
  statements: RawBuilder<unknown>[];
}

export function prepareBatch(target: ProjectionTarget, stream: ProjectedStream, events: readonly SequencedEvent[], types: ColumnTypes): PreparedBatch {
  return { target, stream, events, statements: writeStatements(target.schemaOf, events.flatMap((item) => foldEvent(item.event)), types) };
}

/**
 * Write a prepared batch and its checkpoint in one transaction. Returns how many events were new.
 * Folding happens before the checkpoint is known, so when some events turn out to be folded
 * already (a redelivery), only the rest are folded again and written.
 */
export async function writeBatch(db: Kysely<Database>, prepared: PreparedBatch): Promise<number> {
  const { target, stream } = prepared;
  if (prepared.events.length === 0) return 0;
  return db.transaction().execute(async (transaction) => {
    const checkpoint = await lockCheckpoint(transaction, target.name, stream);
    let { events, statements } = prepared;
    if (events.some((item) => item.streamSequence <= checkpoint)) {
      events = events.filter((item) => item.streamSequence > checkpoint);
      if (events.length === 0) return 0;
      statements = prepareBatch(target, stream, events, await columnTypes(transaction)).statements;
    }
    for (const statement of statements) await statement.execute(transaction);
    const last = events[events.length - 1] as SequencedEvent;
    await transaction
      .updateTable('projection_checkpoints')
      .set({ last_sequence: last.streamSequence, updated_at: last.event.occurredAt })
      .where('projection', '=', target.name)
      .where('stream', '=', stream)
      .execute();
    return events.length;
  });
}

/** Fold and write a batch (in stream order) in one transaction. Returns how many events were new. */
export async function projectBatch(
  db: Kysely<Database>,
  target: ProjectionTarget,
  stream: ProjectedStream,
  batch: readonly SequencedEvent[],
): Promise<number> {
  return writeBatch(db, prepareBatch(target, stream, batch, await columnTypes(db)));
}
