/**
 * Market updates for the agents, driven by the cache's notifications (core NATS,
 * `cache.{environment}.updated.{ticker}`): for a market some running agent looks at, read its
 * entry from the `market-state-{environment}` KV bucket, join it with its metadata, work out the
 * trades not seen before, and hand the result to the agents. Reads are coalesced per market:
 * while one is in flight, further notifications only ask for one more read afterwards.
 *
 * New trades: the entry carries the last 100 trades, oldest first. The feed remembers the last
 * trade it passed on per market and passes on what follows it (or, when that trade has left the
 * window, everything newer than its time). More than 100 trades between two reads of one market
 * would lose the oldest of them; the flow of such a market is still measured from 100 trades.
 */
import { type KV, Kvm } from '@nats-io/kv';
import type { Subscription } from '@nats-io/transport-node';
import type { Bus } from '@polly/bus';
import { marketStateKey } from '@polly/cache';
import {
  type Environment,
  MarketState,
  MarketStateNotification,
  MarketStateTrade,
  decodeSubjectToken,
  marketStateBucket,
  marketStateNotificationSubject,
  parseCount,
  parseDollars,
} from '@polly/contracts';
import { seriesOfTicker } from '@polly/market';
import { z } from 'zod';
import { toMarketView } from '../domain/market-view';
import type { MarketTrade, MarketView } from '../plugin';
import type { MarketCatalog } from './market-catalog';

const BUCKET_RECHECK_MS = 5000;

/**
 * What the agents read of an entry, validated: everything but the depth of the book (the top of
 * book is in the quote fields) and the trades, of which only the ones not seen before are
 * validated, one by one. A busy market's entry holds 100 trades; validating all of them on every
 * read cost half a millisecond.
 */
export const AgentMarketState = MarketState.omit({ book: true, recentTrades: true }).extend({ recentTrades: z.array(z.unknown()).max(100) });
export type AgentMarketState = z.infer<typeof AgentMarketState>;

export interface MarketFeedOptions {
  bus: Bus;
  environment: Environment;
  catalog: MarketCatalog;
  now: () => number;
  /** Whether any running agent looks at this market. */
  wanted(marketTicker: string, seriesTicker: string | null): boolean;
  /** A fresh view and the trades not seen before; `only` limits it to one agent (a review). */
  deliver(view: MarketView, trades: MarketTrade[], trigger: 'market' | 'review', only?: string): void;
  onInvalid(reason: string): void;
  onError(error: unknown): void;
}

interface ReadState {
  again: boolean;
}

export class MarketFeed {
  private subscription: Subscription | null = null;
  private kv: KV | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private readonly reading = new Map<string, ReadState>();
  private readonly lastTrade = new Map<string, { tradeId: string; at: number }>();
  private readonly decoder = new TextDecoder();
  notifications = 0;
  reads = 0;

  constructor(private readonly options: MarketFeedOptions) {}

  start(): void {
    const { bus, environment } = this.options;
    const prefix = bus.subject(marketStateNotificationSubject(environment, 'x')).slice(0, -1);
    this.subscription = bus.connection.subscribe(`${prefix}>`, {
      callback: (error, message) => {
        if (error) return this.options.onError(error);
        this.notifications += 1;
        let notification: MarketStateNotification;
        try {
          const parsed = MarketStateNotification.safeParse(JSON.parse(this.decoder.decode(message.data)));
          if (!parsed.success) return this.options.onInvalid(`notification: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
          notification = parsed.data;
        } catch {
          return this.options.onInvalid('notification: not JSON');
        }
        const ticker = notification.marketTicker;
        if (decodeSubjectToken(message.subject.slice(prefix.length)) !== ticker) return this.options.onInvalid('notification: subject and ticker differ');
        if (!this.options.wanted(ticker, seriesOfTicker(ticker))) return;
        this.request(ticker);
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  /** Read a market now and hand it to one agent (or all), e.g. for the minute review. */
  async review(marketTicker: string, agentId: string): Promise<void> {
    const view = await this.read(marketTicker, false);
    if (view) this.options.deliver(view.view, [], 'review', agentId);
  }

  private request(ticker: string): void {
    const inFlight = this.reading.get(ticker);
    if (inFlight) {
      inFlight.again = true;
      return;
    }
    const state: ReadState = { again: false };
    this.reading.set(ticker, state);
    void (async () => {
      try {
        do {
          state.again = false;
          const read = await this.read(ticker, true);
          if (read) this.options.deliver(read.view, read.trades, 'market');
        } while (state.again);
      } catch (error) {
        this.options.onError(error);
      } finally {
        this.reading.delete(ticker);
      }
    })();
  }

  private async bucket(): Promise<KV | undefined> {
    if (this.kv || this.options.now() - this.checkedAt < BUCKET_RECHECK_MS) return this.kv;
    this.checkedAt = this.options.now();
    const { bus, environment } = this.options;
    const name = bus.bucket(marketStateBucket(environment));
    try {
      await bus.manager.streams.info(`KV_${name}`);
      this.kv = await new Kvm(bus.jetstream).open(name);
    } catch (error) {
      if (!/not found/i.test(String(error))) throw error;
    }
    return this.kv;
  }

  private async read(ticker: string, withTrades: boolean): Promise<{ view: MarketView; trades: MarketTrade[] } | null> {
    const key = marketStateKey(ticker);
    const kv = key === undefined ? undefined : await this.bucket();
    if (!kv || key === undefined) return null;
    const [entry, info] = await Promise.all([kv.get(key), this.options.catalog.info(ticker)]);
    this.reads += 1;
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return null;
    let parsed: ReturnType<typeof AgentMarketState.safeParse>;
    try {
      parsed = AgentMarketState.safeParse(entry.json());
    } catch {
      this.options.onInvalid('market state: not JSON');
      return null;
    }
    if (!parsed.success) {
      this.options.onInvalid(`market state: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return null;
    }
    const state = parsed.data;
    const view = toMarketView(state, info, this.options.catalog.watchlist.has(ticker), this.options.now());
    return { view, trades: withTrades ? this.newTrades(ticker, state.recentTrades) : [] };
  }

  private newTrades(ticker: string, recent: readonly unknown[]): MarketTrade[] {
    const idOf = (trade: unknown) => (typeof trade === 'object' && trade !== null ? (trade as { tradeId?: unknown }).tradeId : undefined);
    const timeOf = (trade: unknown) => Date.parse(String((trade as { at?: unknown } | null)?.at));
    const last = this.lastTrade.get(ticker);
    let fresh = recent;
    if (last) {
      const index = recent.findIndex((trade) => idOf(trade) === last.tradeId);
      fresh = index >= 0 ? recent.slice(index + 1) : recent.filter((trade) => timeOf(trade) > last.at);
    }
    const trades: MarketTrade[] = [];
    for (const raw of fresh) {
      const parsed = MarketStateTrade.safeParse(raw);
      if (!parsed.success) {
        this.options.onInvalid(`market state trade: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        continue;
      }
      const trade = parsed.data;
      trades.push({ tradeId: trade.tradeId, yesPrice: parseDollars(trade.yesPrice), count: parseCount(trade.count), takerSide: trade.takerSide, at: Date.parse(trade.at) });
    }
    const newest = trades[trades.length - 1];
    if (newest) this.lastTrade.set(ticker, { tradeId: newest.tradeId, at: newest.at });
    return trades;
  }
}
