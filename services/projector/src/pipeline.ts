/**
 * A bounded serial pipeline: tasks run one after another in the order they were pushed, while the
 * producer prepares the next ones. `push` waits while `depth` tasks are already queued or running,
 * so a fast producer cannot buffer without limit. After a task fails, every later push and
 * `drain` rejects with that error (the remaining tasks are not run).
 */
export interface SerialPipeline {
  push(task: () => Promise<void>): Promise<void>;
  /** Wait for every pushed task. */
  drain(): Promise<void>;
}

export function serialPipeline(depth: number): SerialPipeline {
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`pipeline depth must be a positive integer, not ${depth}`);
  let tail: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const running: Promise<void>[] = [];
  return {
    async push(task) {
      while (running.length >= depth && !failure) await Promise.race(running);
      if (failure) throw failure.error;
      const run: Promise<void> = tail
        .then(() => (failure ? undefined : task()))
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.splice(running.indexOf(run), 1));
      running.push(run);
      tail = run;
    },
    async drain() {
      await tail;
      if (failure) throw failure.error;
    },
  };
}
