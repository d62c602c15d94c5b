import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from '@polly/runtime';
import { HEAP_WARNING_INTERVAL_MS, shouldWarn, watchHeap } from './heap-watch';

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

  it('is logged after a full collection that leaves the heap near the limit, and not when far below it', async () => {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const logged: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
    const logger = {
      info: (fields: Record<string, unknown>, message: string) => logged.push({ level: 'info', fields, message }),
      warn: (fields: Record<string, unknown>, message: string) => logged.push({ level: 'warn', fields, message }),
    } as unknown as Logger;
    const far = watchHeap(logger, 4096, 64 * 1024 ** 3);
    const near = watchHeap(logger, 1, 1024 * 1024);
    collect();
    await new Promise((resolve) => setTimeout(resolve, 200));
    far();
    near();
    expect(logged.filter((entry) => entry.level === 'info').map((entry) => entry.fields)).toEqual([
      { heapLimitMb: 65536, configuredHeapMb: 4096 },
      { heapLimitMb: 1, configuredHeapMb: 1 },
    ]);
    const warnings = logged.filter((entry) => entry.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ heapLimitMb: 1 });
    expect(warnings[0]?.message).toMatch(/raise POLLY_CACHE_HEAP_MB/);
  });
});
