import { serialPipeline } from './pipeline';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { promise, resolve, reject };
};

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
  return done;
};

describe('a serial pipeline of depth 2', () => {
  it('runs tasks one at a time, in the order they were pushed', async () => {
    const pipeline = serialPipeline(2);
    const order: string[] = [];
    const first = deferred();
    await pipeline.push(async () => {
      order.push('first started');
      await first.promise;
      order.push('first finished');
    });
    await pipeline.push(async () => {
      order.push('second');
    });
    expect(order).toEqual(['first started']);
    first.resolve();
    await pipeline.drain();
    expect(order).toEqual(['first started', 'first finished', 'second']);
  });

  it('makes the producer wait while two tasks are queued or running', async () => {
    const pipeline = serialPipeline(2);
    const first = deferred();
    await pipeline.push(() => first.promise);
    await pipeline.push(async () => undefined);
    const third = pipeline.push(async () => undefined);
    expect(await settled(third)).toBe(false);
    first.resolve();
    await third;
    await pipeline.drain();
  });

  it('rejects later pushes and the drain with the first failure, without running later tasks', async () => {
    const pipeline = serialPipeline(2);
    const ran: string[] = [];
    const first = deferred();
    await pipeline.push(() => first.promise);
    await pipeline.push(async () => {
      ran.push('second');
    });
    first.reject(new Error('postgres went away'));
    await expect(pipeline.drain()).rejects.toThrow('postgres went away');
    await expect(pipeline.push(async () => undefined)).rejects.toThrow('postgres went away');
    expect(ran).toEqual([]);
  });
});

describe('a serial pipeline', () => {
  it('refuses a depth below one', () => {
    expect(() => serialPipeline(0)).toThrow('positive integer');
  });
});
