/**
 * @polly/bus: the event bus over NATS JetStream. `connectBus` returns a facade over the pieces;
 * each piece is also exported for code that wants only one.
 */
import type { KV, KvOptions } from '@nats-io/kv';
import type { AnyEvent, Envelope, StreamEvent, StreamName } from '@polly/contracts';
import { type BusCore, type BusOptions, connectCore } from './connection';
import { type ConsumerOptions, type Delivered, type Disposition, runBatchConsumer, runConsumer } from './consumer';
import { type HeartbeatOptions, startHeartbeat } from './heartbeat';
import { openBucket } from './key-value';
import { type PublishResult, publishEvent } from './publisher';
import { type FollowOptions, type ReadItem, type ReadOptions, followStream, readStream } from './reader';
import { ensureStreams, lastSequence } from './streams';

export * from './connection';
export * from './consumer';
export * from './dead-letter';
export * from './heartbeat';
export * from './key-value';
export * from './publisher';
export * from './reader';
export * from './streams';

export interface Bus extends BusCore {
  ensureStreams(names?: readonly StreamName[]): Promise<void>;
  lastSequence(name: StreamName): Promise<number>;
  publish(event: AnyEvent | Envelope): Promise<PublishResult>;
  consume<S extends StreamName>(
    options: ConsumerOptions<S> & { handle(delivered: Delivered<StreamEvent<S>>): Promise<Disposition | void> },
  ): Promise<void>;
  consumeBatches<S extends StreamName>(
    options: ConsumerOptions<S> & { handleBatch(batch: Delivered<StreamEvent<S>>[]): Promise<void> },
  ): Promise<void>;
  read<S extends StreamName>(options: ReadOptions<S>): AsyncGenerator<ReadItem<S>>;
  follow<S extends StreamName>(options: FollowOptions<S>): Promise<void>;
  bucketKeyValue(name: string, options?: Partial<KvOptions>): Promise<KV>;
  heartbeat(options: HeartbeatOptions): void;
}

export async function connectBus(options: BusOptions): Promise<Bus> {
  const core = await connectCore(options);
  return {
    ...core,
    ensureStreams: (names) => ensureStreams(core, names),
    lastSequence: (name) => lastSequence(core, name),
    publish: (event) => publishEvent(core, event),
    consume: (consumerOptions) => runConsumer(core, consumerOptions),
    consumeBatches: (consumerOptions) => runBatchConsumer(core, consumerOptions),
    read: (readOptions) => readStream(core, readOptions),
    follow: (followOptions) => followStream(core, followOptions),
    bucketKeyValue: (name, bucketOptions) => openBucket(core, name, bucketOptions),
    heartbeat: (heartbeatOptions) => startHeartbeat(core, heartbeatOptions),
  };
}
