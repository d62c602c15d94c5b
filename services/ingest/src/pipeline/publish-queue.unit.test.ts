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

  describe('with coalescing', () => {
    // Items are numbers; the key is the tens digit, 0 is a barrier for all, and a joined item is the sum.
    const sealed: number[] = [];
    const coalescing = {
      key: (item: number) => (item === 0 ? null : String(Math.floor(item / 10))),
      barrier: (item: number): readonly string[] | 'all' => (item === 0 ? 'all' : []),
      join: (waiting: number, item: number) => (waiting + item < 1000 ? waiting + item : null),
      seal: (item: number) => {
        sealed.push(item);
        return item;
      },
    };

    it('joins waiting items by key, counts each toward depth and capacity, and seals each joined one once as it leaves', async () => {
      sealed.length = 0;
      const publisher = manualPublisher();
      const { queue, events } = queueWith(publisher, { coalescing, capacity: 4, concurrency: 1 });
      queue.push(11); // in flight at once
      queue.push(12);
      queue.push(21);
      queue.push(13);
      expect(queue.stats()).toMatchObject({ depth: 3, joined: 1 });
      queue.push(14);
      expect(events).toEqual(['pause']);
      queue.push(0);
      queue.push(15);
      expect(queue.stats()).toMatchObject({ depth: 6, joined: 2 });
      for (let round = 0; round < 5; round += 1) await publisher.acknowledge();
      expect(publisher.sent).toEqual([11, 12 + 13 + 14, 21, 0, 15]);
      expect(sealed).toEqual([39]);
      expect(queue.stats()).toMatchObject({ depth: 0, published: 5, joined: 2 });
    });

    it('starts a new item when the waiting one refuses, and never joins one already sent', async () => {
      const publisher = manualPublisher();
      const { queue } = queueWith(publisher, { coalescing: { ...coalescing, join: (waiting: number, item: number) => (waiting + item <= 100 ? waiting + item : null) }, capacity: 100, concurrency: 1 });
      queue.push(41); // sent at once
      queue.push(42);
      queue.push(43); // joins 42: 85
      queue.push(44); // 85 + 44 is refused: a new item
      queue.push(45); // joins 44: 89
      for (let round = 0; round < 3; round += 1) await publisher.acknowledge();
      expect(publisher.sent).toEqual([41, 85, 89]);
      queue.push(51); // sent at once
      queue.push(52); // 51 has left: nothing to join
      for (let round = 0; round < 2; round += 1) await publisher.acknowledge();
      expect(publisher.sent).toEqual([41, 85, 89, 51, 52]);
    });
  });
});
