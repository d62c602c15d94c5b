/**
 * Applies coalesced row operations with as few statements as possible: one multi-row
 * INSERT ... ON CONFLICT per table and column set, one UPDATE per partially changed row.
 */
import { type Kysely, sql } from 'kysely';
import type { Environment } from '@polly/contracts';
import { type Database, READ_MODEL_KEYS } from '@polly/db';
import { columnTypes } from './column-types';
import { type Row, type RowOperation, coalesce } from './operations';

export type SchemaOf = (environment: Environment) => string;

function groupKey(operation: RowOperation, columns: string[]): string {
  return `${operation.environment}|${operation.table}|${operation.mode}|${columns.join(',')}`;
}

/**
 * One statement per table, mode and column set: INSERT ... SELECT FROM unnest(typed arrays),
 * so a batch of thousands of rows costs one parameter per column rather than one per cell.
 */
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
    const types = await columnTypes(db, sample.table);
    const keyColumns = READ_MODEL_KEYS[sample.table];
    const updatable = columns.filter((column) => !keyColumns.includes(column) && !(sample.insertOnly ?? []).includes(column));
    const arrays = columns.map((column) => {
      const type = types.get(column);
      if (!type) throw new Error(`${sample.table} has no column ${column}`);
      return sql`${rows.map((row) => row[column] ?? null)}::${sql.raw(type)}[]`;
    });
    const conflict =
      sample.mode === 'insert' || updatable.length === 0
        ? sql`do nothing`
        : sql`do update set ${sql.join(updatable.map((column) => sql`${sql.ref(column)} = excluded.${sql.ref(column)}`))}`;
    await sql`insert into ${sql.table(`${schemaOf(sample.environment)}.${sample.table}`)} (${sql.join(columns.map((column) => sql.ref(column)))})
              select * from unnest(${sql.join(arrays)})
              on conflict (${sql.join(keyColumns.map((column) => sql.ref(column)))}) ${conflict}`.execute(db);
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
