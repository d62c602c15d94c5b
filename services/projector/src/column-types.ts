/**
 * The SQL type of every read-model column, read once from the catalogue (identical in live, demo
 * and the rebuild schemas, which are created LIKE them). Needed to cast unnest() arrays.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, ReadModelTable } from '@polly/db';

const cache = new Map<ReadModelTable, Map<string, string>>();

export async function columnTypes(db: Kysely<Database>, table: ReadModelTable): Promise<Map<string, string>> {
  const known = cache.get(table);
  if (known) return known;
  const { rows } = await sql<{ name: string; type: string }>`
    select attname as name, format_type(atttypid, atttypmod) as type
    from pg_attribute
    where attrelid = ${`demo.${table}`}::regclass and attnum > 0 and not attisdropped`.execute(db);
  const types = new Map(rows.map((row) => [row.name, row.type]));
  cache.set(table, types);
  return types;
}
