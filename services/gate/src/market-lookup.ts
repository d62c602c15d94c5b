/**
 * The gate's read of the market cache (`market-state-{environment}` KV bucket, written only by
 * the cache service). The gate never creates the bucket; until it exists, markets are unknown
 * to the gate and only execution's own validation applies. A missing bucket is looked for again
 * at most every few seconds.
 */
import { type KV, Kvm } from '@nats-io/kv';
import type { Bus } from '@polly/bus';
import { type Environment, MarketStateStatus, marketStateBucket, marketStateKey } from '@polly/contracts';

export { marketStateKey };
import type { MarketView } from './checks';

const RECHECK_MS = 5000;


export interface MarketLookup {
  view(marketTicker: string): Promise<MarketView>;
}

export function createMarketLookup(bus: Bus, environment: Environment, now: () => number = Date.now): MarketLookup {
  let bucket: KV | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  const open = async (): Promise<KV | undefined> => {
    if (bucket || now() - checkedAt < RECHECK_MS) return bucket;
    checkedAt = now();
    const name = bus.bucket(marketStateBucket(environment));
    try {
      await bus.manager.streams.info(`KV_${name}`);
      bucket = await new Kvm(bus.jetstream).open(name);
    } catch (error) {
      if (!/not found/i.test(String(error))) throw error;
    }
    return bucket;
  };
  return {
    async view(marketTicker) {
      const key = marketStateKey(marketTicker);
      const kv = key === undefined ? undefined : await open();
      if (!kv || key === undefined) return { known: false };
      const entry = await kv.get(key);
      if (!entry || entry.operation !== 'PUT' || entry.length === 0) return { known: false };
      try {
        // Status and staleness only: the book and trades are not the gate's to check.
        const state = MarketStateStatus.safeParse(entry.json());
        if (!state.success) return { known: false };
        return { known: true, stale: state.data.stale, staleReason: state.data.staleReason, status: state.data.status };
      } catch {
        return { known: false };
      }
    },
  };
}
