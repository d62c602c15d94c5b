/**
 * Reads the cache service's KV bucket `market-state-{environment}` when it exists. The control
 * API never creates it (only the cache writes market state); until it appears, answers come from
 * the markets table alone. A missing bucket is looked for again at most every few seconds.
 */
import { type KV, Kvm } from '@nats-io/kv';
import type { Bus } from '@polly/bus';
import { type Environment, MarketState, marketStateBucket, marketStateKey } from '@polly/contracts';

export { marketStateKey };

const RECHECK_MS = 5000;
export class MarketCache {
  private readonly buckets = new Map<Environment, { kv: KV | undefined; checkedAt: number }>();

  constructor(
    private readonly bus: Bus,
    private readonly now: () => number = Date.now,
  ) {}

  private async bucket(environment: Environment): Promise<KV | undefined> {
    const known = this.buckets.get(environment);
    if (known?.kv || (known && this.now() - known.checkedAt < RECHECK_MS)) return known.kv;
    const name = this.bus.bucket(marketStateBucket(environment));
    let kv: KV | undefined;
    try {
      await this.bus.manager.streams.info(`KV_${name}`);
      kv = await new Kvm(this.bus.jetstream).open(name);
    } catch (error) {
      if (!/not found/i.test(String(error))) throw error;
    }
    this.buckets.set(environment, { kv, checkedAt: this.now() });
    return kv;
  }

  async available(environment: Environment): Promise<boolean> {
    return (await this.bucket(environment)) !== undefined;
  }

  /** The cached states of these markets (absent or invalid entries are left out). */
  async read(environment: Environment, tickers: readonly string[]): Promise<Map<string, MarketState>> {
    const kv = await this.bucket(environment);
    const states = new Map<string, MarketState>();
    if (!kv || tickers.length === 0) return states;
    const entries = await Promise.all(
      tickers.map((ticker) => {
        const key = marketStateKey(ticker);
        return key === undefined ? null : kv.get(key).catch(() => null);
      }),
    );
    entries.forEach((entry, index) => {
      if (!entry || entry.operation !== 'PUT' || entry.length === 0) return;
      try {
        const parsed = MarketState.safeParse(entry.json());
        if (parsed.success) states.set(tickers[index] as string, parsed.data);
      } catch {
        // Not JSON: the cache writes JSON, so this entry is skipped rather than served.
      }
    });
    return states;
  }
}
