import { CoalescingWriter } from './coalescing-writer';

/** A store whose writes complete when the test says so, recording the value each write saw. */
function manualStore(values: Map<string, number>) {
  const pending: Array<{ key: string; value: number | undefined; done: () => void; fail: (error: unknown) => void }> = [];
  const written: Array<[string, number | undefined]> = [];
  return {
    pending,
    written,
    write: (key: string) =>
      new Promise<void>((done, fail) => {
        const value = values.get(key);
        pending.push({ key, value, done: () => (written.push([key, value]), done()), fail });
      }),
    async complete(count = pending.length) {
      for (const entry of pending.splice(0, count)) entry.done();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('a coalescing writer', () => {
  it('writes a marked key at once', async () => {
    const values = new Map([['A', 1]]);
    const store = manualStore(values);
    const writer = new CoalescingWriter({ write: store.write, concurrency: 10 });
    writer.mark('A');
    expect(store.pending.map((entry) => entry.key)).toEqual(['A']);
    await store.complete();
    expect(store.written).toEqual([['A', 1]]);
    await writer.idle();
  });

  describe('when a key changes many times while its write is in flight', () => {
    it('writes it exactly once more, with the latest value', async () => {
      const values = new Map([['A', 1]]);
      const store = manualStore(values);
      const writer = new CoalescingWriter({ write: store.write, concurrency: 10 });
      writer.mark('A');
      for (let value = 2; value <= 50; value += 1) {
        values.set('A', value);
        writer.mark('A');
      }
      expect(store.pending).toHaveLength(1);
      await store.complete();
      await store.complete();
      expect(store.written).toEqual([
        ['A', 1],
        ['A', 50],
      ]);
      expect(writer.stats()).toMatchObject({ writes: 2, coalesced: 48, pending: 0 });
    });
  });

  it('keeps one write in flight per key while different keys write in parallel', async () => {
    const store = manualStore(new Map());
    const writer = new CoalescingWriter({ write: store.write, concurrency: 10 });
    for (const key of ['A', 'B', 'A', 'C', 'B']) writer.mark(key);
    expect(store.pending.map((entry) => entry.key)).toEqual(['A', 'B', 'C']);
  });

  it('lets other keys wait, in marking order, beyond its concurrency', async () => {
    const store = manualStore(new Map());
    const writer = new CoalescingWriter({ write: store.write, concurrency: 2 });
    for (const key of ['A', 'B', 'C', 'D', 'C']) writer.mark(key);
    expect(store.pending.map((entry) => entry.key)).toEqual(['A', 'B']);
    expect(writer.pending).toBe(4);
    await store.complete(1);
    expect(store.pending.map((entry) => entry.key)).toEqual(['B', 'C']);
    await store.complete();
    await store.complete();
    expect(store.written.map(([key]) => key)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('resolves idle only when every marked key is written, including keys marked again meanwhile', async () => {
    const store = manualStore(new Map());
    const writer = new CoalescingWriter({ write: store.write, concurrency: 1 });
    writer.mark('A');
    writer.mark('B');
    let idle = false;
    const waiting = writer.idle().then(() => (idle = true));
    await store.complete();
    writer.mark('A');
    await store.complete();
    expect(idle).toBe(false);
    await store.complete();
    await waiting;
    expect(store.written.map(([key]) => key)).toEqual(['A', 'B', 'A']);
  });

  it('retries a failed write with the latest value', async () => {
    const values = new Map([['A', 1]]);
    let failures = 1;
    const written: Array<number | undefined> = [];
    const failed: number[] = [];
    const writer = new CoalescingWriter({
      concurrency: 4,
      retryDelayMs: () => 5,
      onFailure: (_key, _error, attempt) => failed.push(attempt),
      write: async (key) => {
        const value = values.get(key);
        if (failures > 0) {
          failures -= 1;
          values.set('A', 2);
          throw new Error('KV unavailable');
        }
        written.push(value);
      },
    });
    writer.mark('A');
    await writer.idle();
    expect(failed).toEqual([1]);
    expect(written).toEqual([2]);
  });
});
