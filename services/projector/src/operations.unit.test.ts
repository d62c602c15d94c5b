import { type RowOperation, coalesce, insertOnce, update, upsert } from './operations';

/** Apply operations one by one to an in-memory table: the meaning coalescing must preserve. */
function applySequentially(operations: RowOperation[], table = new Map<string, Record<string, unknown>>()) {
  for (const operation of operations) {
    const key = JSON.stringify(operation.key);
    const existing = table.get(key);
    if (operation.mode === 'insert') {
      if (!existing) table.set(key, { ...operation.key, ...operation.values });
    } else if (operation.mode === 'update') {
      if (existing) table.set(key, { ...existing, ...operation.values });
    } else if (!existing) {
      table.set(key, { ...operation.key, ...operation.values });
    } else {
      const values = Object.fromEntries(Object.entries(operation.values).filter(([column]) => !(operation.insertOnly ?? []).includes(column)));
      table.set(key, { ...existing, ...values });
    }
  }
  return table;
}

const applyPhases = (operations: RowOperation[], table?: Map<string, Record<string, unknown>>) => {
  let result = table ?? new Map();
  for (const phase of coalesce(operations)) result = applySequentially(phase, result);
  return result;
};

describe('coalescing row operations', () => {
  const key = { agent_id: 'prime' };
  const registered = upsert('demo', 'agent_state', key, { mode: 'Auto', created_at: 't1', last_decision_at: null }, ['created_at', 'last_decision_at']);
  const decided = update('demo', 'agent_state', key, { last_decision_at: 't2' });
  const registeredAgain = upsert('demo', 'agent_state', key, { mode: 'SemiAuto', created_at: 't3', last_decision_at: null }, ['created_at', 'last_decision_at']);

  it('applies an update that follows an upsert, even to an insert-only column', () => {
    expect(applyPhases([registered, decided]).get(JSON.stringify(key))).toEqual(applySequentially([registered, decided]).get(JSON.stringify(key)));
    expect(applyPhases([registered, decided]).get(JSON.stringify(key))?.last_decision_at).toBe('t2');
  });

  it('keeps insert-only columns when a second upsert follows', () => {
    const row = applyPhases([registered, decided, registeredAgain]).get(JSON.stringify(key));
    expect(row).toEqual({ agent_id: 'prime', mode: 'SemiAuto', created_at: 't1', last_decision_at: 't2' });
  });

  it('does not let an update create a row that an upsert creates later', () => {
    const row = applyPhases([decided, registered]).get(JSON.stringify(key));
    expect(row).toEqual(applySequentially([decided, registered]).get(JSON.stringify(key)));
    expect(coalesce([decided, registered])).toHaveLength(2);
  });

  it('keeps the first write of an immutable row', () => {
    const first = insertOnce('demo', 'fills', { fill_id: 'f1' }, { count: '1.00' });
    const second = insertOnce('demo', 'fills', { fill_id: 'f1' }, { count: '9.00' });
    expect(coalesce([first, second])).toEqual([[first]]);
  });

  it('equals one-by-one application for every ordering of a mixed history, on empty and existing rows', () => {
    const operations = [registered, decided, registeredAgain, update('demo', 'agent_state', key, { mode: 'FullStop' })];
    const permutations = (items: RowOperation[]): RowOperation[][] =>
      items.length <= 1 ? [items] : items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
    for (const ordering of permutations(operations)) {
      expect(applyPhases(ordering)).toEqual(applySequentially(ordering));
      const existing = () => new Map([[JSON.stringify(key), { agent_id: 'prime', mode: 'Auto', created_at: 't0', last_decision_at: 't0' } as Record<string, unknown>]]);
      expect(applyPhases(ordering, existing())).toEqual(applySequentially(ordering, existing()));
    }
  });
});
