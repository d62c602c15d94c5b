/**
 * Paper trading: orders take the identical path up to the exchange call, then fill against the
 * cached live book (the cache's `MarketState` in KV) by the fill model of
 * `domain/paper-fill-model.ts`, with fees from `@polly/market`. Nothing here calls the exchange.
 *
 * Resting paper orders are watched per market (a KV watch on the market's cache entry): each new
 * public trade in `recentTrades` may fill them as makers; a market that stops trading cancels
 * them. Fill ids are `paper:{order id}:{trade id}` (or `:taker`), so a trade replayed after a
 * restart fills nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { type Centis, type DenialCode, type MarketState, type Micros, ZERO_MICROS, parseCount, parseDollars } from '@polly/contracts';
import { type FeeSchedule, makerFee, takerFee } from '@polly/market';
import type { Logger } from '@polly/runtime';
import { type TakerFill, matchOnPlacement, matchRestingOrders, printedTrades, touchOf } from '../domain/paper-fill-model';
import type { FillProcessor, NormalizedFill } from '../environment/fill-processor';
import { KeyedQueue } from '../store/keyed-queue';
import type { MarketCatalog } from '../store/market-catalog';
import type { MarketStates } from '../store/market-states';
import type { OrderRecord, OrderStore } from '../store/order-store';

export type PaperPlacement =
  | { kind: 'rejected'; code: DenialCode; message: string; exchangeCode: string | null }
  | { kind: 'placed'; orderId: string; fill: TakerFill | null; remaining: Centis; status: 'resting' | 'executed' | 'canceled' };

const OPEN_STATUSES = new Set(['active', 'open']);
const WATCH_RETRY_MS = 5000;

export function paperFee(role: 'taker' | 'maker', yesPrice: Micros, count: Centis, schedule: FeeSchedule | null): Micros {
  if (schedule === null) return ZERO_MICROS;
  return role === 'taker' ? takerFee(yesPrice, count, schedule) : makerFee(yesPrice, count, schedule);
}

export interface PaperBookOptions {
  orders: OrderStore;
  markets: MarketStates;
  catalog: MarketCatalog;
  fills: FillProcessor;
  logger: Logger;
  /** Publishes `order.cancelled` for a resting paper order the market closed on. */
  onClosed: (record: OrderRecord, reason: string) => Promise<void>;
}

const isRestingPaper = (record: OrderRecord, ticker?: string): boolean =>
  record.order.paper && record.order.status === 'resting' && record.phase !== 'submitting' && (ticker === undefined || record.order.marketTicker === ticker);

export class PaperBook {
  private readonly watchers = new Map<string, () => void>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private readonly queue = new KeyedQueue();
  private stopped = false;

  constructor(private readonly options: PaperBookOptions) {}

  /** Match a new paper order against the cached book. */
  async place(record: OrderRecord): Promise<PaperPlacement> {
    const { order } = record;
    const state = await this.options.markets.get(order.marketTicker);
    if (state === null) return { kind: 'rejected', code: 'MARKET_UNKNOWN', message: `no cached book for ${order.marketTicker} to fill a paper order against`, exchangeCode: null };
    if (state.stale) return { kind: 'rejected', code: 'MARKET_STALE', message: `the cached book of ${order.marketTicker} is stale (${state.staleReason ?? 'unknown reason'})`, exchangeCode: null };
    const match = matchOnPlacement(
      { bookSide: order.bookSide, yesPrice: parseDollars(order.yesPrice), remaining: parseCount(order.remainingCount), timeInForce: order.timeInForce, postOnly: order.postOnly },
      touchOf(state),
    );
    if (match.kind === 'post-only-cross') return { kind: 'rejected', code: 'EXCHANGE_REJECTED', message: 'post only cross', exchangeCode: 'invalid_order' };
    const status = match.remainder === 'rests' ? 'resting' : match.fill !== null && match.remaining === 0n ? 'executed' : 'canceled';
    return { kind: 'placed', orderId: `paper-${randomUUID()}`, fill: match.fill, remaining: match.remaining, status };
  }

  /**
   * The taker fill of a placement (stored with the acceptance), through the common fill path.
   * Also run at start for accepted paper orders, in case a crash came between the two.
   */
  async fillTaker(record: OrderRecord): Promise<void> {
    const taker = record.paperTaker;
    if (!taker) return;
    const fill = this.paperFill(record, 'taker', parseDollars(taker.yesPrice), parseCount(taker.count), 'taker', null, taker.at);
    if (record.applied.tradeIds.includes(fill.tradeId)) return;
    const info = await this.options.catalog.facts(record.order.marketTicker);
    fill.fee = paperFee('taker', fill.yesPrice, fill.count, info?.feeSchedule ?? null);
    await this.options.fills.record(fill, { correlationId: record.approval.correlationId, causationId: record.approval.eventId });
  }

  private paperFill(record: OrderRecord, tradeId: string, yesPrice: Micros, count: Centis, role: 'taker' | 'maker', schedule: FeeSchedule | null, at: string): NormalizedFill {
    return {
      tradeId: `paper:${record.order.orderId ?? record.order.clientOrderId}:${tradeId}`,
      orderId: record.order.orderId,
      clientOrderId: record.order.clientOrderId,
      marketTicker: record.order.marketTicker,
      bookSide: record.order.bookSide,
      yesPrice,
      count,
      fee: paperFee(role, yesPrice, count, schedule),
      isTaker: role === 'taker',
      filledAt: at,
      source: 'paper',
    };
  }

  /** Start (or keep) watching the markets of resting paper orders. */
  async track(tickers: Iterable<string>): Promise<void> {
    for (const ticker of new Set(tickers)) await this.watch(ticker);
  }

  private async watch(ticker: string): Promise<void> {
    if (this.stopped || this.watchers.has(ticker) || this.retries.has(ticker)) return;
    const stop = await this.options.markets.watch(ticker, (state) => {
      void this.queue.run(ticker, () => this.onState(state)).catch((error: unknown) => this.options.logger.warn({ error: String(error), ticker }, 'paper fills failed'));
    });
    if (stop === null) {
      // The cache has not created its bucket yet: look again later.
      this.retries.set(ticker, setTimeout(() => {
        this.retries.delete(ticker);
        void this.watch(ticker);
      }, WATCH_RETRY_MS));
      return;
    }
    this.watchers.set(ticker, stop);
  }

  private unwatchIfIdle(ticker: string): void {
    if (this.options.orders.openOrders().some((record) => isRestingPaper(record, ticker))) return;
    this.watchers.get(ticker)?.();
    this.watchers.delete(ticker);
  }

  private async onState(state: MarketState): Promise<void> {
    const ticker = state.marketTicker;
    const resting = this.options.orders.openOrders().filter((record) => isRestingPaper(record, ticker));
    if (state.status !== null && !OPEN_STATUSES.has(state.status)) {
      for (const record of resting) await this.options.onClosed(record, `market ${state.status}`);
      this.unwatchIfIdle(ticker);
      return;
    }
    const fills = matchRestingOrders(
      resting.map((record) => ({
        key: record.order.clientOrderId,
        bookSide: record.order.bookSide,
        yesPrice: parseDollars(record.order.yesPrice),
        remaining: parseCount(record.order.remainingCount),
        placedAt: record.order.createdAt,
      })),
      printedTrades(state),
    );
    if (fills.length === 0) return;
    const schedule = (await this.options.catalog.facts(ticker))?.feeSchedule ?? null;
    for (const fill of fills) {
      const record = resting.find((candidate) => candidate.order.clientOrderId === fill.orderKey);
      const trade = state.recentTrades.find((candidate) => candidate.tradeId === fill.tradeId);
      if (!record || !trade) continue;
      await this.options.fills.record(this.paperFill(record, fill.tradeId, fill.yesPrice, fill.count, 'maker', schedule, trade.at), {
        correlationId: record.approval.correlationId,
        causationId: record.approval.eventId,
      });
    }
    this.unwatchIfIdle(ticker);
  }

  /** The resting paper orders (of one market, or all). */
  restingOrders(ticker?: string): OrderRecord[] {
    return this.options.orders.openOrders().filter((record) => isRestingPaper(record, ticker));
  }

  stop(): void {
    this.stopped = true;
    for (const stop of this.watchers.values()) stop();
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.watchers.clear();
    this.retries.clear();
  }
}
