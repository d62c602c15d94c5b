import { PublishQueue, type PublishQueueOptions } from './publish-queue';

class PermanentError extends Error {}

/** A publisher whose publishes settle only when the test says so. */
function manualPublisher() {
  const pending: Array<{ item: number; resolve: () => void; reject: (error: unknown) => void }> = [];
  const sent: number[] = [];
  return {
    pending,
    sent,
    publish: (item: number) =>
      new Promise<void>((resolve, reject) => {
        sent.push(item);
        pending.push({ item, resolve, reject });
      }),
    /** Acknowledge the oldest `count` publishes. */
    acknowledge(count = pending.length) {
      for (const entry of pending.splice(0, count)) entry.resolve();
      return flush();
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function queueWith(publisher: { publish(item: number): Promise<void> }, overrides: Partial<PublishQueueOptions<number>> = {}) {
  const events: string[] = [];
  let clock = 0;
  const queue = new PublishQueue<number>({
    capacity: 4,
    concurrency: 2,
    publish: (item) => publisher.publish(item),
    isPermanent: (error) => error instanceof PermanentError,
    onPause: () => events.push('pause'),
    onResume: () => events.push('resume'),
    onRejected: (item) => events.push(`rejected ${item}`),
    onRetry: (item, _error, attempt) => events.push(`retry ${item} #${attempt}`),
    now: () => clock,
    retryDelayMs: () => 1,
    ...overrides,
  });
  return { queue, events, advance: (milliseconds: number) => (clock += milliseconds) };
}

describe('a publish queue', () => {
  it('dispatches in arrival order with at most `concurrency` publishes in flight', async () => {
    const publisher = manualPublisher();
    const { queue } = queueWith(publisher);
    for (const item of [1, 2, 3]) queue.push(item);
    expect(publisher.sent).toEqual([1, 2]);
    expect(queue.stats()).toMatchObject({ depth: 1, inFlight: 2 });
    await publisher.acknowledge(1);
    expect(publisher.sent).toEqual([1, 2, 3]);
    await publisher.acknowledge();
    expect(queue.stats()).toMatchObject({ depth: 0, inFlight: 0, published: 3 });
  });

  describe('when the bus is slower than the socket', () => {
    it('pauses the producer at capacity, keeps every item pushed while paused, and resumes at half', async () => {
      const publisher = manualPublisher();
      const { queue, events, advance } = queueWith(publisher);
      for (let item = 1; item <= 6; item += 1) queue.push(item);
      expect(events).toEqual(['pause']);
      // Frames the socket had already buffered still arrive; none is dropped.
      queue.push(7);
      queue.push(8);
      expect(queue.stats()).toMatchObject({ depth: 6, paused: true, highWater: 6 });
      advance(250);
      await publisher.acknowledge(2);
      expect(events).toEqual(['pause']);
      await publisher.acknowledge(2);
      expect(events).toEqual(['pause', 'resume']);
      expect(queue.stats()).toMatchObject({ depth: 2, paused: false, pauses: 1, pausedMs: 250 });
      await publisher.acknowledge();
      await publisher.acknowledge();
      expect(publisher.sent).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      await queue.idle();
      expect(queue.stats().published).toBe(8);
    });

    it('counts the current pause in the paused time', () => {
      const publisher = manualPublisher();
      const { queue, advance } = queueWith(publisher);
      for (let item = 1; item <= 6; item += 1) queue.push(item);
      advance(40);
      expect(queue.stats().pausedMs).toBe(40);
    });
  });

  describe('when a publish fails', () => {
    it('retries a transient failure until it succeeds', async () => {
      let failures = 2;
      const published: number[] = [];
      const { queue, events } = queueWith({
        publish: async (item) => {
          if (item === 2 && failures > 0) {
            failures -= 1;
            throw new Error('timeout');
          }
          published.push(item);
        },
      });
      for (const item of [1, 2, 3]) queue.push(item);
      await queue.idle();
      expect(published.sort()).toEqual([1, 2, 3]);
      expect(events).toEqual(['retry 2 #1', 'retry 2 #2']);
      expect(queue.stats()).toMatchObject({ retries: 2, published: 3, rejected: 0 });
    });

    it('rejects an item that can never be published, says so, and goes on', async () => {
      const published: number[] = [];
      const { queue, events } = queueWith({
        publish: async (item) => {
          if (item === 2) throw new PermanentError('invalid event');
          published.push(item);
        },
      });
      for (const item of [1, 2, 3]) queue.push(item);
      await queue.idle();
      expect(published).toEqual([1, 3]);
      expect(events).toEqual(['rejected 2']);
      expect(queue.stats()).toMatchObject({ rejected: 1, published: 2 });
    });

    it('treats a publish that throws synchronously like one that fails', async () => {
      const { queue, events } = queueWith({
        publish: (item) => {
          if (item === 1) throw new PermanentError('bad');
          return Promise.resolve();
        },
      });
      queue.push(1);
      await queue.idle();
      expect(events).toEqual(['rejected 1']);
    });
  });

  it('refuses items once closed but finishes what it holds', async () => {
    const publisher = manualPublisher();
    const { queue } = queueWith(publisher);
    queue.push(1);
    queue.close();
    expect(() => queue.push(2)).toThrow(/closed/);
    const idle = queue.idle();
    await publisher.acknowledge();
    await idle;
    expect(queue.stats().published).toBe(1);
  });

  it('keeps its order over many items as its storage is compacted', async () => {
    const published: number[] = [];
    const { queue } = queueWith({ publish: async (item) => void published.push(item) }, { capacity: 100_000, concurrency: 8 });
    for (let item = 0; item < 20_000; item += 1) queue.push(item);
    await queue.idle();
    expect(published).toHaveLength(20_000);
    expect(published.every((item, index) => item === index)).toBe(true);
  });
});
