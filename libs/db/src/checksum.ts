/**
 * Checksums of read-model tables: md5 over every row's text, ordered by primary key. Two schemas
 * with the same rows give the same checksum, so a rebuild can be compared with the live tables.
 */
import { sql } from 'kysely';
import type { Db, ReadModelTable } from './database';
import { READ_MODEL_KEYS, READ_MODEL_TABLES } from './database';

export interface TableChecksum {
  table: ReadModelTable;
  rows: number;
  checksum: string;
}

export async function tableChecksum(db: Db, schema: string, table: ReadModelTable): Promise<TableChecksum> {
  const order = READ_MODEL_KEYS[table].map((column) => sql.ref(`t.${column}`));
  const result = await sql<{ rows: string; checksum: string }>`
    select count(*)::text as rows,
           md5(coalesce(string_agg(t::text, E'\n' order by ${sql.join(order)}), '')) as checksum
    from ${sql.table(`${schema}.${table}`)} as t`.execute(db);
  const row = result.rows[0];
  return { table, rows: Number(row?.rows ?? 0), checksum: row?.checksum ?? '' };
}

export async function schemaChecksums(db: Db, schema: string): Promise<TableChecksum[]> {
  const checksums: TableChecksum[] = [];
  for (const table of READ_MODEL_TABLES) checksums.push(await tableChecksum(db, schema, table));
  return checksums;
}
