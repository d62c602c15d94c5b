/**
 * Where the gate keeps its snapshots: the `gate-snapshots` KV bucket (namespaced like every
 * bucket), one key per environment, one revision, gzip-compressed JSON. The gate is the only
 * writer. Reading returns the parsed JSON or null; what it means is decided by `restoreSnapshot`,
 * which `loadSnapshot` applies to a fresh state.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KV } from '@nats-io/kv';
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import type { Logger } from '@polly/runtime';
import { type FoldedPositions, type GateSnapshot, type SnapshotSettings, type StreamIdentities, restoreSnapshot } from './snapshot';
import type { GateState } from './state';

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

/** When TRADING and CONTROL were created, and their last sequences: what a snapshot's sequences are checked against. */
export async function streamIdentities(bus: Bus): Promise<StreamIdentities> {
  const identity = async (name: 'TRADING' | 'CONTROL') => {
    const info = await bus.manager.streams.info(bus.stream(name));
    return { created: info.created, lastSequence: info.state.last_seq };
  };
  return { TRADING: await identity('TRADING'), CONTROL: await identity('CONTROL') };
}

/** The stored snapshot folded into the (fresh) state, or null: none, unreadable or refused (then the whole history is read). */
export async function loadSnapshot(
  snapshots: { store: SnapshotStore; settings: SnapshotSettings },
  bus: Bus,
  state: GateState,
  logger: Logger,
): Promise<FoldedPositions | null> {
  const environment = state.environment;
  let stored: unknown;
  try {
    stored = await snapshots.store.load(environment);
  } catch (error) {
    logger.warn({ environment, error: String(error) }, 'gate snapshot unreadable; reading the whole history');
    return null;
  }
  if (stored === null) return null;
  const restored = restoreSnapshot(state, stored, snapshots.settings, await streamIdentities(bus));
  if (!restored.ok) {
    logger.warn({ environment, problem: restored.problem }, 'gate snapshot not used; reading the whole history');
    return null;
  }
  return restored.folded;
}
