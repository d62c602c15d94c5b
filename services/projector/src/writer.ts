/**
 * Applies coalesced row operations with as few statements as possible: one multi-row
 * INSERT ... ON CONFLICT per table and column set, one UPDATE per partially changed row.
 */
import { type Kysely, sql } from 'kysely';
import type { Environment } from '@polly/contracts';
import { type Database, READ_MODEL_KEYS } from '@polly/db';
import { type Row, type RowOperation, coalesce } from './operations';

const POSTGRES_PARAMETER_LIMIT = 60_000;

export type SchemaOf = (environment: Environment) => string;

function groupKey(operation: RowOperation, columns: string[]): string {
  return `${operation.environment}|${operation.table}|${operation.mode}|${columns.join(',')}`;
}

async function writeInserts(db: Kysely<Database>, schemaOf: SchemaOf, operations: RowOperation[]): Promise<void> {
  const groups = new Map<string, { sample: RowOperation; rows: Row[]; columns: string[] }>();
  for (const operation of operations) {
    const row = { ...operation.key, ...operation.values };
    const columns = Object.keys(row).sort();
    const key = groupKey(operation, columns);
    const group = groups.get(key) ?? { sample: operation, rows: [], columns };
    group.rows.push(row);
    groups.set(key, group);
  }
  for (const { sample, rows, columns } of groups.values()) {
    const keyColumns = READ_MODEL_KEYS[sample.table];
    const updatable = columns.filter((column) => !keyColumns.includes(column) && !(sample.insertOnly ?? []).includes(column));
    const chunk = Math.max(1, Math.floor(POSTGRES_PARAMETER_LIMIT / columns.length));
    for (let start = 0; start < rows.length; start += chunk) {
      const query = db
        .withSchema(schemaOf(sample.environment))
        .insertInto(sample.table)
        .values(rows.slice(start, start + chunk) as never);
      await (sample.mode === 'insert' || updatable.length === 0
        ? query.onConflict((conflict) => conflict.columns(keyColumns as never).doNothing())
        : query.onConflict((conflict) =>
            conflict.columns(keyColumns as never).doUpdateSet(Object.fromEntries(updatable.map((column) => [column, sql.ref(`excluded.${column}`)])) as never),
          )
      ).execute();
    }
  }
}

async function writeUpdates(db: Kysely<Database>, schemaOf: SchemaOf, operations: RowOperation[]): Promise<void> {
  for (const operation of operations) {
    let query = db
      .withSchema(schemaOf(operation.environment))
      .updateTable(operation.table)
      .set(operation.values as never);
    for (const [column, value] of Object.entries(operation.key)) query = query.where(column as never, '=', value as never);
    await query.execute();
  }
}

/** Apply operations (already in event order) inside the caller's transaction. */
export async function applyOperations(db: Kysely<Database>, schemaOf: SchemaOf, operations: readonly RowOperation[]): Promise<void> {
  for (const phase of coalesce(operations)) {
    await writeInserts(db, schemaOf, phase.filter((operation) => operation.mode !== 'update'));
    await writeUpdates(db, schemaOf, phase.filter((operation) => operation.mode === 'update'));
  }
}
