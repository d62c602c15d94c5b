/**
 * Where the gate keeps its snapshots: the `gate-snapshots` KV bucket (namespaced like every
 * bucket), one key per environment, one revision, gzip-compressed JSON. The gate is the only
 * writer. Reading returns the parsed JSON or null; what it means is decided by `restoreSnapshot`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KV } from '@nats-io/kv';
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import type { GateSnapshot } from './snapshot';

export const GATE_SNAPSHOT_BUCKET = 'gate-snapshots';
/** Under nats-server's default largest message (1 MiB), with room for the headers. */
const LARGEST_SNAPSHOT_BYTES = 1_000_000;

export interface SnapshotStore {
  load(environment: Environment): Promise<unknown | null>;
  /** Store a snapshot; resolves with its compressed size. Throws when it is too large or the write fails. */
  save(environment: Environment, snapshot: GateSnapshot): Promise<number>;
}

export async function openSnapshotStore(bus: Bus): Promise<SnapshotStore> {
  const bucket: KV = await bus.bucketKeyValue(GATE_SNAPSHOT_BUCKET, { history: 1, description: 'the permission gate’s state snapshots, one per environment' });
  return {
    async load(environment) {
      const entry = await bucket.get(environment);
      if (!entry || entry.operation !== 'PUT' || entry.length === 0) return null;
      return JSON.parse(gunzipSync(entry.value).toString('utf8')) as unknown;
    },
    async save(environment, snapshot) {
      const bytes = gzipSync(JSON.stringify(snapshot));
      if (bytes.length > LARGEST_SNAPSHOT_BYTES) throw new Error(`the snapshot takes ${bytes.length} bytes compressed, more than ${LARGEST_SNAPSHOT_BYTES}`);
      await bucket.put(environment, bytes);
      return bytes.length;
    },
  };
}
