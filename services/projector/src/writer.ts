/**
 * Applies a batch's row operations with as few statements as possible: operations are coalesced
 * per row into phases (usually one), and each phase is written by one statement.
 */
import type { Kysely, RawBuilder } from 'kysely';
import { type Database, READ_MODEL_KEYS } from '@polly/db';
import { columnTypes } from './column-types';
import { type RowOperation, coalesce } from './operations';
import { type ColumnTypes, type SchemaOf, phaseStatement } from './statements';

export type { SchemaOf } from './statements';

/** The statements that apply operations (in event order), one per phase; pure. */
export function writeStatements(schemaOf: SchemaOf, operations: readonly RowOperation[], types: ColumnTypes): RawBuilder<unknown>[] {
  const statements: RawBuilder<unknown>[] = [];
  for (const phase of coalesce(operations)) {
    const statement = phaseStatement(phase, schemaOf, types, (table) => READ_MODEL_KEYS[table]);
    if (statement) statements.push(statement);
  }
  return statements;
}

/** Apply operations (already in event order) inside the caller's transaction. */
export async function applyOperations(db: Kysely<Database>, schemaOf: SchemaOf, operations: readonly RowOperation[]): Promise<void> {
  for (const statement of writeStatements(schemaOf, operations, await columnTypes(db))) await statement.execute(db);
}
