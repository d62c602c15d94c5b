import { CycleProgress, type ProgressSnapshot } from './progress';
import { Mutex, mapConcurrently, pipelineChunks } from './support';

async function* numbers(count: number, failAt?: number): AsyncGenerator<number> {
  for (let value = 0; value < count; value += 1) {
    if (value === failAt) throw new Error(`listing failed at ${value}`);
    await Promise.resolve();
    yield value;
  }
}

describe('reading a listing in chunks while the previous chunk is handled', () => {
  it('hands every item over once, in order, in chunks of the given size', async () => {
    const chunks: number[][] = [];
    await pipelineChunks(numbers(7), 3, async (chunk) => void chunks.push(chunk));
    expect(chunks).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('reads the next chunk while one is being handled, never two ahead', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const source = (async function* () {
      for (let value = 0; value < 6; value += 1) {
        log.push(`read ${value}`);
        yield value;
      }
    })();
    const done = pipelineChunks(source, 2, async (chunk) => {
      log.push(`handle ${chunk.join(',')}`);
      if (chunk[0] === 0) await new Promise<void>((resolve) => (release = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['read 0', 'read 1', 'handle 0,1', 'read 2', 'read 3']);
    release();
    await done;
    expect(log.slice(-3)).toEqual(['read 4', 'read 5', 'handle 4,5']);
  });

  it('still handles what the listing yielded before it failed, then throws its failure', async () => {
    const handled: number[][] = [];
    await expect(pipelineChunks(numbers(10, 5), 2, async (chunk) => void handled.push(chunk))).rejects.toThrow('listing failed at 5');
    expect(handled).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('stops reading when a chunk cannot be handled', async () => {
    let read = 0;
    const source = (async function* () {
      for (let value = 0; value < 100; value += 1) {
        read += 1;
        yield value;
      }
    })();
    await expect(pipelineChunks(source, 10, async () => Promise.reject(new Error('publish failed')))).rejects.toThrow('publish failed');
    expect(read).toBeLessThanOrEqual(30);
  });
});

describe('small concurrency helpers', () => {
  it('keeps the input order whatever order calls finish in', async () => {
    const results = await mapConcurrently([30, 10, 20], 3, async (delay) => new Promise<number>((resolve) => setTimeout(() => resolve(delay), delay)));
    expect(results).toEqual([30, 10, 20]);
  });

  it('runs mutex tasks one at a time in the order queued, past a failing one', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const slow = mutex.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('slow');
    });
    const failing = mutex.run(async () => Promise.reject(new Error('no')));
    const fast = mutex.run(async () => void order.push('fast'));
    await Promise.allSettled([slow, failing, fast]);
    expect(order).toEqual(['slow', 'fast']);
    await expect(failing).rejects.toThrow('no');
  });
});

describe('a cycle\'s progress', () => {
  const listen = () => {
    const reports: ProgressSnapshot[] = [];
    const counted: number[] = [];
    let now = 1_000;
    const progress = new CycleProgress('demo-1', 1_000, () => (now += 100), 3, { counted: (_phase, delta) => counted.push(delta.pages), reported: (snapshot) => reports.push(snapshot) });
    return { progress, reports, counted };
  };

  it('adds the pages, retries and restarts of several listings and reports every few pages', () => {
    const { progress, reports } = listen();
    const unopened = progress.listing('markets');
    const open = progress.listing('markets');
    unopened({ pages: 1, items: 1000, duplicatesSkipped: 0, retries: 2, restarts: 0, elapsedMs: 1, done: false });
    unopened({ pages: 2, items: 1500, duplicatesSkipped: 0, retries: 2, restarts: 0, elapsedMs: 2, done: true });
    open({ pages: 1, items: 1000, duplicatesSkipped: 0, retries: 0, restarts: 0, elapsedMs: 1, done: false });
    expect(reports.map((report) => [report.pages, report.items, report.retries])).toEqual([[3, 2500, 2]]);
    expect(progress.items.markets).toBe(2500);
  });

  it('reports a cursor restart at once', () => {
    const { progress, reports } = listen();
    progress.listing('events')({ pages: 1, items: 200, duplicatesSkipped: 0, retries: 0, restarts: 1, elapsedMs: 1, done: false });
    expect(reports).toEqual([expect.objectContaining({ phase: 'events', pages: 1, restarts: 1, cycleId: 'demo-1' })]);
  });
});
