/**
 * Row operations: what an event does to the read models, as data. Folds produce them (pure);
 * the writer coalesces a batch's operations per row and applies them with a few multi-row
 * statements. Coalescing keeps the result identical to applying operations one by one:
 *   upsert  — the event carries the whole row (insert, or overwrite the given columns)
 *   insert  — immutable rows (fills, decisions, P/L points): first write wins
 *   update  — a partial change to a row that an earlier event created
 */
import type { Environment } from '@polly/contracts';
import type { ReadModelTable } from '@polly/db';

export type Row = Record<string, string | number | boolean | null>;

export interface RowOperation {
  environment: Environment;
  table: ReadModelTable;
  mode: 'upsert' | 'insert' | 'update';
  /** Primary-key columns and values. */
  key: Row;
  /** Other columns. */
  values: Row;
  /** Columns written only when the row is first inserted (e.g. discovered_at). */
  insertOnly?: readonly string[];
}

export const upsert = (environment: Environment, table: ReadModelTable, key: Row, values: Row, insertOnly?: readonly string[]): RowOperation => ({
  environment,
  table,
  mode: 'upsert',
  key,
  values,
  ...(insertOnly ? { insertOnly } : {}),
});
export const insertOnce = (environment: Environment, table: ReadModelTable, key: Row, values: Row): RowOperation => ({ environment, table, mode: 'insert', key, values });
export const update = (environment: Environment, table: ReadModelTable, key: Row, values: Row): RowOperation => ({ environment, table, mode: 'update', key, values });

/** Which row an operation touches. A table's key always has the same columns. */
function rowIdentity(operation: RowOperation): string {
  const values = Object.values(operation.key);
  const key = values.length === 1 ? String(values[0]) : JSON.stringify(values);
  return `${operation.environment}\u0000${operation.table}\u0000${key}`;
}

/**
 * Merge `next` into `previous` (same row) when the merged operation has exactly the effect of
 * applying both in order; undefined when they must stay separate.
 */
function merge(previous: RowOperation, next: RowOperation): RowOperation | 'skip' | undefined {
  if (next.mode === 'insert') {
    // After an insert or upsert the row exists, so a later insert changes nothing.
    return previous.mode === 'update' ? undefined : 'skip';
  }
  if (previous.mode === 'insert' || (previous.mode === 'update' && next.mode === 'upsert')) return undefined;
  const insertOnly = previous.insertOnly ?? next.insertOnly;
  // On an existing row the upsert would skip its insert-only columns, so an update of one of
  // them must be applied after it, not folded into it.
  if (previous.mode === 'upsert' && next.mode === 'update' && (insertOnly ?? []).some((column) => column in next.values)) return undefined;
  // A later upsert must not overwrite insert-only columns (the row exists by then); a later
  // update may, exactly as it would on its own.
  const preserved: Row = {};
  if (previous.mode === 'upsert' && next.mode === 'upsert' && insertOnly) {
    for (const column of insertOnly) if (column in previous.values) preserved[column] = previous.values[column] as Row[string];
  }
  return {
    ...previous,
    mode: previous.mode,
    values: { ...previous.values, ...next.values, ...preserved },
    ...(insertOnly ? { insertOnly } : {}),
  };
}

/**
 * Group a batch's operations into phases with at most one operation per row, merging
 * operations on the same row whenever that is exact. Applying the phases in order equals
 * applying the operations one by one.
 */
export function coalesce(operations: readonly RowOperation[]): RowOperation[][] {
  const phases: Map<string, RowOperation>[] = [];
  const lastPhaseOf = new Map<string, number>();
  for (const operation of operations) {
    const identity = rowIdentity(operation);
    const phaseIndex = lastPhaseOf.get(identity);
    if (phaseIndex !== undefined) {
      const phase = phases[phaseIndex] as Map<string, RowOperation>;
      const merged = merge(phase.get(identity) as RowOperation, operation);
      if (merged === 'skip') continue;
      if (merged) {
        phase.set(identity, merged);
        continue;
      }
    }
    const target = phaseIndex === undefined ? 0 : phaseIndex + 1;
    while (phases.length <= target) phases.push(new Map());
    // Operations are never changed in place (merging makes new ones), so they can be kept as they are.
    (phases[target] as Map<string, RowOperation>).set(identity, operation);
    lastPhaseOf.set(identity, target);
  }
  return phases.map((phase) => [...phase.values()]);
}
