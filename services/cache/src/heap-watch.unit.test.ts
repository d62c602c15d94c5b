import { HEAP_WARNING_INTERVAL_MS, shouldWarn } from './heap-watch';

describe('the heap warning', () => {
  const limit = 200;
  it('stays quiet below 85 % of the limit', () => {
    expect(shouldWarn(169, limit, null, 0)).toBe(false);
  });
  it('warns from 85 %, then at most once per interval', () => {
    expect(shouldWarn(170, limit, null, 0)).toBe(true);
    expect(shouldWarn(190, limit, 1_000, 1_000 + HEAP_WARNING_INTERVAL_MS - 1)).toBe(false);
    expect(shouldWarn(190, limit, 1_000, 1_000 + HEAP_WARNING_INTERVAL_MS)).toBe(true);
  });
});
