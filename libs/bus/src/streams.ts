/** Create or update the JetStream streams from their definitions in @polly/contracts. */
import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { STREAMS, STREAM_NAMES, type StreamName } from '@polly/contracts';
import type { BusCore } from './connection';

export function streamConfig(core: BusCore, name: StreamName): Partial<StreamConfig> & { name: string } {
  const definition = STREAMS[name];
  return {
    name: core.stream(name),
    subjects: [core.subject(`${definition.prefix}.>`)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: definition.maxAgeSeconds > 0 ? nanos(definition.maxAgeSeconds * 1000) : 0,
    max_bytes: definition.maxBytes,
    duplicate_window: nanos(definition.duplicateWindowSeconds * 1000),
    description: definition.description,
  };
}

export async function ensureStreams(core: BusCore, names: readonly StreamName[] = STREAM_NAMES): Promise<void> {
  for (const name of names) {
    const config = streamConfig(core, name);
    try {
      await core.manager.streams.info(config.name);
      await core.manager.streams.update(config.name, config);
    } catch (error) {
      if (!/stream not found/i.test(String(error))) throw error;
      await core.manager.streams.add(config);
    }
  }
}

/** The last sequence currently stored in a stream (0 when empty). */
export async function lastSequence(core: BusCore, name: StreamName): Promise<number> {
  const info = await core.manager.streams.info(core.stream(name));
  return info.state.last_seq;
}
