/**
 * A NATS KV bucket of JSON records validated with zod on every read. Writes are compare-and-set
 * on the entry's revision (and serialized per key inside this process), so a record is never
 * overwritten with a change computed from an older version. `create` is atomic: it fails when
 * the key exists, which is what makes client order ids single-use across restarts.
 */
import type { KV, KvEntry } from '@nats-io/kv';
import type { z } from 'zod';
import { KeyedQueue } from './keyed-queue';

export interface Stored<T> {
  value: T;
  revision: number;
}

export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
}

const MAX_COMPARE_AND_SET_ATTEMPTS = 20;

export class RecordBucket<T> {
  private readonly queue = new KeyedQueue();

  constructor(
    readonly kv: KV,
    private readonly schema: z.ZodType<T>,
  ) {}

  private decode(key: string, entry: KvEntry | null): Stored<T> | null {
    if (entry === null || entry.operation !== 'PUT' || entry.length === 0) return null;
    let raw: unknown;
    try {
      raw = entry.json();
    } catch (error) {
      throw new InvalidRecordError(`record ${key} is not JSON: ${String(error)}`);
    }
    const parsed = this.schema.safeParse(raw);
    if (!parsed.success) throw new InvalidRecordError(`record ${key} is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    return { value: parsed.data, revision: entry.revision };
  }

  async get(key: string): Promise<Stored<T> | null> {
    return this.decode(key, await this.kv.get(key));
  }

  /** Store `value` under a new key; when the key exists, the stored record instead. */
  create(key: string, value: T): Promise<{ created: true; revision: number } | { created: false; existing: Stored<T> }> {
    return this.queue.run(key, async () => {
      try {
        const revision = await this.kv.create(key, JSON.stringify(value));
        return { created: true as const, revision };
      } catch (error) {
        const existing = await this.get(key);
        if (existing === null) throw error;
        return { created: false as const, existing };
      }
    });
  }

  /**
   * Read, apply `change`, write back if the revision is unchanged, else again. `change` returning
   * the same object (or null) writes nothing. `beforeWrite` runs (with the new and the old value)
   * before each write: changes of one key are serialized here, so what it publishes comes out in
   * the order the record changed, and a crash after it but before the write repeats it later
   * rather than losing it.
   */
  change(
    key: string,
    change: (current: T | null) => T | null,
    beforeWrite?: (next: T, previous: T | null) => Promise<void>,
  ): Promise<{ value: T | null; changed: boolean }> {
    return this.queue.run(key, async () => {
      for (let attempt = 1; ; attempt += 1) {
        const current = await this.get(key);
        const next = change(current?.value ?? null);
        if (next === null || next === current?.value) return { value: current?.value ?? null, changed: false };
        await beforeWrite?.(next, current?.value ?? null);
        try {
          if (current === null) await this.kv.create(key, JSON.stringify(next));
          else await this.kv.update(key, JSON.stringify(next), current.revision);
          return { value: next, changed: true };
        } catch (error) {
          if (attempt >= MAX_COMPARE_AND_SET_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** Every record (the bucket's keys, then their values); invalid ones are reported, not returned. */
  async *entries(onInvalid: (key: string, error: Error) => void): AsyncGenerator<{ key: string; value: T }> {
    const keys: string[] = [];
    for await (const key of await this.kv.keys()) keys.push(key);
    for (let start = 0; start < keys.length; start += 64) {
      const batch = keys.slice(start, start + 64);
      const values = await Promise.all(
        batch.map((key) =>
          this.get(key).catch((error: unknown) => {
            onInvalid(key, error instanceof Error ? error : new Error(String(error)));
            return null;
          }),
        ),
      );
      for (const [index, stored] of values.entries()) if (stored) yield { key: batch[index] as string, value: stored.value };
    }
  }
}
