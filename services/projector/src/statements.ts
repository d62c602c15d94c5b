/**
 * SQL for one coalesced phase of row operations (pure: no I/O). A phase touches every row at most
 * once, so all of its writes can run as one statement — data-modifying CTEs share a snapshot and
 * would otherwise be unable to see each other — which keeps a batch to a handful of round trips.
 *
 * Rows travel as one JSON parameter per table, mode and column set, expanded by
 * json_to_recordset into typed columns: one parameter per group instead of one per cell, and
 * JSON.stringify is far cheaper than serialising a Postgres array per column.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Environment } from '@polly/contracts';
import type { ReadModelTable } from '@polly/db';
import type { RowOperation } from './operations';

/** The schema an environment's read models live in (live, demo, or a rebuild's shadow). */
export type SchemaOf = (environment: Environment) => string;

/** Column name → SQL type (from the catalogue), per read-model table. */
export type ColumnTypes = (table: ReadModelTable) => ReadonlyMap<string, string>;

interface Group {
  sample: RowOperation;
  columns: string[];
  operations: RowOperation[];
}

/** jsonb columns arrive as JSON text from the folds: read them as text, then parse them. */
const isJson = (type: string) => type === 'json' || type === 'jsonb';

/**
 * Groups by table, mode and column set. Columns are compared in the order the folds wrote them,
 * so the same set in another order only makes one more group (json_to_recordset matches by name).
 */
function groupOperations(operations: readonly RowOperation[]): Group[] {
  const groups = new Map<string, Group>();
  for (const operation of operations) {
    const valueColumns = Object.keys(operation.values);
    const key = `${operation.environment}|${operation.table}|${operation.mode}|${operation.insertOnly?.join(',') ?? ''}|${valueColumns.join(',')}`;
    const group = groups.get(key);
    if (group) group.operations.push(operation);
    else groups.set(key, { sample: operation, columns: [...Object.keys(operation.key), ...valueColumns], operations: [operation] });
  }
  return [...groups.values()];
}

/** `json_to_recordset($rows) as source(column type, ...)` for a group's rows. */
function source(group: Group, types: ReadonlyMap<string, string>): RawBuilder<unknown> {
  const definitions = group.columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`${group.sample.table} has no column ${column}`);
    return sql`${sql.ref(column)} ${sql.raw(isJson(type) ? 'text' : type)}`;
  });
  const rows = group.operations.map((operation) => ({ ...operation.key, ...operation.values }));
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as source(${sql.join(definitions)})`;
}

/** source.column, cast back to jsonb where the table stores JSON. */
function value(column: string, types: ReadonlyMap<string, string>): RawBuilder<unknown> {
  const type = types.get(column) as string;
  return isJson(type) ? sql`source.${sql.ref(column)}::${sql.raw(type)}` : sql`source.${sql.ref(column)}`;
}

function insertStatement(group: Group, schemaOf: SchemaOf, keyColumns: readonly string[], types: ReadonlyMap<string, string>): RawBuilder<unknown> {
  const { sample, columns } = group;
  const updatable = columns.filter((column) => !keyColumns.includes(column) && !(sample.insertOnly ?? []).includes(column));
  const conflict =
    sample.mode === 'insert' || updatable.length === 0
      ? sql`do nothing`
      : sql`do update set ${sql.join(updatable.map((column) => sql`${sql.ref(column)} = excluded.${sql.ref(column)}`))}`;
  return sql`insert into ${sql.table(`${schemaOf(sample.environment)}.${sample.table}`)} (${sql.join(columns.map((column) => sql.ref(column)))})
    select ${sql.join(columns.map((column) => value(column, types)))} from ${source(group, types)}
    on conflict (${sql.join(keyColumns.map((column) => sql.ref(column)))}) ${conflict}`;
}

/** A partial change to rows that already exist; a row that does not is left alone. */
function updateStatement(group: Group, schemaOf: SchemaOf, types: ReadonlyMap<string, string>): RawBuilder<unknown> {
  const { sample, columns } = group;
  const keyColumns = Object.keys(sample.key);
  const changed = columns.filter((column) => !keyColumns.includes(column));
  return sql`update ${sql.table(`${schemaOf(sample.environment)}.${sample.table}`)} as target
    set ${sql.join(changed.map((column) => sql`${sql.ref(column)} = ${value(column, types)}`))}
    from ${source(group, types)}
    where ${sql.join(
      keyColumns.map((column) => sql`target.${sql.ref(column)} = source.${sql.ref(column)}`),
      sql` and `,
    )}`;
}

/**
 * One statement applying a whole phase (at most one operation per row): every group but the last
 * as a data-modifying CTE, the last as the main statement.
 */
export function phaseStatement(
  phase: readonly RowOperation[],
  schemaOf: SchemaOf,
  columnTypes: ColumnTypes,
  keysOf: (table: ReadModelTable) => readonly string[],
): RawBuilder<unknown> | undefined {
  const statements = groupOperations(phase).map((group) => {
    const types = columnTypes(group.sample.table);
    return group.sample.mode === 'update' ? updateStatement(group, schemaOf, types) : insertStatement(group, schemaOf, keysOf(group.sample.table), types);
  });
  const last = statements.pop();
  if (!last) return undefined;
  if (statements.length === 0) return last;
  return sql`with ${sql.join(statements.map((statement, index) => sql`${sql.raw(`write_${index}`)} as (${statement})`))} ${last}`;
}
