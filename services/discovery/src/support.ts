/** Small asynchronous helpers: a mutex, an abortable sleep, a bounded pipeline over chunks. */

/** Runs tasks one at a time, in the order they were queued. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Resolves after `milliseconds`, or at once (false) when the signal aborts. */
export function pause(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Pull `source` in chunks of `size` and hand each chunk to `handle`, reading the next chunk while
 * the previous one is handled (at most one chunk waits), so listing and publishing overlap.
 * When the source fails, what it yielded before is still handled, then its failure is thrown; when
 * a chunk cannot be handled, reading stops and that failure is thrown.
 */
export async function pipelineChunks<T>(source: AsyncIterable<T>, size: number, handle: (chunk: T[]) => Promise<void>): Promise<void> {
  let pending: Promise<void> = Promise.resolve();
  let chunk: T[] = [];
  let handlerFailure: { error: unknown } | undefined;
  const submit = async (items: T[]) => {
    await pending;
    if (handlerFailure) throw handlerFailure.error;
    pending = handle(items).catch((error: unknown) => {
      handlerFailure = { error };
    });
  };
  let sourceFailure: { error: unknown } | undefined;
  try {
    for await (const item of source) {
      chunk.push(item);
      if (chunk.length >= size) {
        const full = chunk;
        chunk = [];
        await submit(full);
      }
    }
  } catch (error) {
    if (handlerFailure) throw handlerFailure.error;
    sourceFailure = { error };
  }
  if (chunk.length > 0 && !handlerFailure) await submit(chunk).catch(() => undefined);
  await pending;
  if (handlerFailure) throw handlerFailure.error;
  if (sourceFailure) throw sourceFailure.error;
}

/** Map with at most `concurrency` calls in flight; results keep the input order. */
export async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
