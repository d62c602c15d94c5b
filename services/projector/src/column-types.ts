/**
 * The SQL type of every read-model column, read once from the catalogue (identical in live, demo
 * and the rebuild schemas, which are created LIKE them). Needed to type json_to_recordset columns.
 */
import { type Kysely, sql } from 'kysely';
import { type Database, READ_MODEL_TABLES, type ReadModelTable } from '@polly/db';
import type { ColumnTypes } from './statements';

let cached: Promise<ColumnTypes> | undefined;

async function load(db: Kysely<Database>): Promise<ColumnTypes> {
  const { rows } = await sql<{ table: ReadModelTable; name: string; type: string }>`
    select class.relname as table, attribute.attname as name, format_type(attribute.atttypid, attribute.atttypmod) as type
    from pg_attribute attribute
    join pg_class class on class.oid = attribute.attrelid
    join pg_namespace namespace on namespace.oid = class.relnamespace
    where namespace.nspname = 'demo' and class.relname = any(${[...READ_MODEL_TABLES]}::text[])
      and attribute.attnum > 0 and not attribute.attisdropped`.execute(db);
  const tables = new Map<ReadModelTable, Map<string, string>>(READ_MODEL_TABLES.map((table) => [table, new Map()]));
  for (const row of rows) tables.get(row.table)?.set(row.name, row.type);
  const missing = READ_MODEL_TABLES.filter((table) => tables.get(table)?.size === 0);
  if (missing.length > 0) throw new Error(`read-model tables missing from the demo schema (run the migrations): ${missing.join(', ')}`);
  return (table) => tables.get(table) as Map<string, string>;
}

export function columnTypes(db: Kysely<Database>): Promise<ColumnTypes> {
  cached ??= load(db).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
