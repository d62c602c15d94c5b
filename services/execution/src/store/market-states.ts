/**
 * Reads the cache's `market-state-{environment}` KV bucket (written only by the cache): a
 * market's status, top of book, midpoint and recent trades. Execution never creates the bucket;
 * until it exists, reads answer null and the bucket is looked for again every few seconds.
 * Marks for P/L are read at most once a second per market.
 */
import { type KV, Kvm } from '@nats-io/kv';
import type { Bus } from '@polly/bus';
import { type Environment, MarketState, MarketStateStatus, type Micros, marketStateBucket, marketStateKey, parseDollars } from '@polly/contracts';

const RECHECK_MS = 5000;
const MARK_TTL_MS = 1000;

export function parseMarketState(raw: unknown): MarketState | null {
  const parsed = MarketState.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export class MarketStates {
  private kv: KV | undefined;
  private checkedAt = 0;
  private readonly marks = new Map<string, { mark: Micros | null; at: number }>();

  constructor(
    private readonly bus: Bus,
    private readonly environment: Environment,
    private readonly now: () => number = Date.now,
  ) {}

  private async bucket(): Promise<KV | undefined> {
    if (this.kv || this.now() - this.checkedAt < RECHECK_MS) return this.kv;
    this.checkedAt = this.now();
    const name = this.bus.bucket(marketStateBucket(this.environment));
    try {
      await this.bus.manager.streams.info(`KV_${name}`);
      this.kv = await new Kvm(this.bus.jetstream).open(name);
    } catch (error) {
      if (!/not found/i.test(String(error))) throw error;
    }
    return this.kv;
  }

  private async read(ticker: string): Promise<unknown> {
    const kv = await this.bucket();
    const key = marketStateKey(ticker);
    if (!kv || key === undefined) return null;
    const entry = await kv.get(key);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return null;
    try {
      return entry.json();
    } catch {
      return null;
    }
  }

  async get(ticker: string): Promise<MarketState | null> {
    return parseMarketState(await this.read(ticker));
  }

  /** The status and staleness alone (the order path's check), without validating the book and trades. */
  async status(ticker: string): Promise<MarketStateStatus | null> {
    const parsed = MarketStateStatus.safeParse(await this.read(ticker));
    return parsed.success ? parsed.data : null;
  }

  /** The YES midpoint to mark positions at (null without a two-sided book). */
  async mark(ticker: string): Promise<Micros | null> {
    const known = this.marks.get(ticker);
    if (known && this.now() - known.at < MARK_TTL_MS) return known.mark;
    const state = await this.get(ticker).catch(() => null);
    const mark = state?.midpoint ? parseDollars(state.midpoint) : null;
    this.marks.set(ticker, { mark, at: this.now() });
    return mark;
  }

  /**
   * Call `onState` with the market's state now and after each change, until the returned stop
   * function runs. Null when the bucket does not exist (yet).
   */
  async watch(ticker: string, onState: (state: MarketState) => void): Promise<(() => void) | null> {
    const kv = await this.bucket();
    const key = marketStateKey(ticker);
    if (!kv || key === undefined) return null;
    const watcher = await kv.watch({ key, ignoreDeletes: true });
    void (async () => {
      for await (const entry of watcher) {
        if (entry.operation !== 'PUT' || entry.length === 0) continue;
        let state: MarketState | null = null;
        try {
          state = parseMarketState(entry.json());
        } catch {
          state = null;
        }
        if (state) onState(state);
      }
    })();
    return () => watcher.stop();
  }
}
