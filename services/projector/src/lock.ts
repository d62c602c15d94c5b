/**
 * Only one writer folds into the live read models: the projector holds a Postgres advisory lock
 * on one pooled connection for as long as it runs; an in-place rebuild must take the same lock.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@polly/db';

export const PROJECTION_LOCK = 'polly-projection-main';

/** Take the lock if it is free; the returned function releases it (and the connection). */
export function tryLock(db: Kysely<Database>, name: string): Promise<(() => Promise<void>) | undefined> {
  return new Promise((resolve, reject) => {
    db.connection()
      .execute(async (session) => {
        const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${name})) as locked`.execute(session);
        if (!rows[0]?.locked) return resolve(undefined);
        let release!: () => void;
        const released = new Promise<void>((done) => (release = done));
        let finished!: () => void;
        const unlocked = new Promise<void>((done) => (finished = done));
        resolve(async () => {
          release();
          await unlocked;
        });
        await released;
        await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(session);
        finished();
      })
      .catch(reject);
  });
}

/** Wait for the lock (a second projector stands by until the first stops). */
export async function waitForLock(db: Kysely<Database>, name: string, signal: AbortSignal, onWaiting: () => void): Promise<(() => Promise<void>) | undefined> {
  let warned = false;
  while (!signal.aborted) {
    const release = await tryLock(db, name);
    if (release) return release;
    if (!warned) onWaiting();
    warned = true;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  return undefined;
}
