/**
 * Applies a batch's row operations with as few statements as possible: operations are coalesced
 * per row into phases (usually one), and each phase is written by one statement.
 */
import type { Kysely } from 'kysely';
import { type Database, READ_MODEL_KEYS } from '@polly/db';
import { columnTypes } from './column-types';
import { type RowOperation, coalesce } from './operations';
import { type SchemaOf, phaseStatement } from './statements';

export type { SchemaOf } from './statements';

/** Apply operations (already in event order) inside the caller's transaction. */
export async function applyOperations(db: Kysely<Database>, schemaOf: SchemaOf, operations: readonly RowOperation[]): Promise<void> {
  const types = await columnTypes(db);
  for (const phase of coalesce(operations)) {
    const statement = phaseStatement(phase, schemaOf, types, (table) => READ_MODEL_KEYS[table]);
    if (statement) await statement.execute(db);
  }
}
