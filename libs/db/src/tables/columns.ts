import type { ColumnType } from 'kysely';

/** numeric columns: exact decimal text in and out (pg returns numeric as a string). */
export type Decimal = ColumnType<string, string, string>;
export type NullableDecimal = ColumnType<string | null, string | null, string | null>;
/** timestamptz: read as Date, written as ISO text from the event. */
export type Timestamp = ColumnType<Date, string, string>;
export type NullableTimestamp = ColumnType<Date | null, string | null, string | null>;
/** jsonb: read as parsed JSON, written as JSON text (so arrays are not turned into SQL arrays). */
export type Json<T = unknown> = ColumnType<T, string, string>;
export type NullableJson<T = unknown> = ColumnType<T | null, string | null, string | null>;
