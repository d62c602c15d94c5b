/**
 * Reads the cache service's KV bucket `market-state-{environment}` when it exists. The control
 * API never creates it (only the cache writes market state); until it appears, answers come from
 * the markets table alone. A missing bucket is looked for again at most every few seconds.
 */
import { type KV, Kvm } from '@nats-io/kv';
import type { Bus } from '@polly/bus';
import { type Environment, MarketState, encodeSubjectToken, marketStateBucket } from '@polly/contracts';

const RECHECK_MS = 5000;
const VALID_KV_KEY = /^[-/=\w]+(\.[-/=\w]+)*$/;

/**
 * The KV key of a market. The contract says "escaped like a subject token", but KV keys cannot
 * hold `%`, so a ticker with a dot (KXHIGHNY-26NOV16-B78.5) can only be stored under the ticker
 * itself (dots are legal in KV keys). Undefined when neither form is a legal key.
 */
export function marketStateKey(ticker: string): string | undefined {
  const escaped = encodeSubjectToken(ticker);
  if (VALID_KV_KEY.test(escaped)) return escaped;
  return VALID_KV_KEY.test(ticker) ? ticker : undefined;
}

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
