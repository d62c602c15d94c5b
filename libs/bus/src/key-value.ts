/** NATS KV buckets (namespaced like everything else). */
import { type KV, type KvOptions, Kvm } from '@nats-io/kv';
import type { BusCore } from './connection';

export async function openBucket(core: BusCore, name: string, options: Partial<KvOptions> = {}): Promise<KV> {
  return new Kvm(core.jetstream).create(core.bucket(name), options);
}
