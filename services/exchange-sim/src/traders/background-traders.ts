/**
 * Seeded background traders: market makers quoting around a fair value, takers crossing the
 * spread, and cancels, so books move and trades print. The flow is concentrated on a focus set —
 * every Bitcoin market, the weather brackets and a sample of the rest — and kept modest (a few
 * dozen orders per second by default). Each tick draws from one seeded stream, so the same seed
 * gives the same sequence of decisions tick after tick (tick timing follows the wall clock).
 *
 * Fair values: Bitcoin markets from the simulated BRTI (a normal model of the settlement average
 * against the strike); other markets drift around their model probability.
 */
import { type Centis, type Micros, ONE_DOLLAR, centis, micros, probabilityToPrice } from '@polly/contracts';
import { snapToGrid } from '@polly/market';
import type { BookSide } from '../engine/types';
import { OrderRejected } from '../engine/types';
import type { SimulatedExchange } from '../exchange/simulated-exchange';
import type { Random } from '../support/random';
import type { SimMarket } from '../universe/model';
import { clampProbability, strikeProbability } from '../universe/series';

const TRADERS = ['sim-maker-1', 'sim-maker-2', 'sim-maker-3', 'sim-taker-1', 'sim-taker-2'];
const TRADER_BALANCE = micros(10_000_000_000_000n); // $10,000,000 each
const TICK_MS = 250;
const REFRESH_FOCUS_MS = 10_000;
/** Dollar move of the index per second, one standard deviation (matches the BRTI walk). */
const INDEX_VOLATILITY = 6;

export interface TraderSettings {
  enabled: boolean;
  ordersPerSecond: number;
  /** Markets the traders never touch (tests that need flow of their own): how many. */
  leftAlone: number;
}

export class BackgroundTraders {
  private timer: NodeJS.Timeout | null = null;
  private bitcoin: SimMarket[] = [];
  private others: SimMarket[] = [];
  private focusRefreshedAt = -Infinity;
  private owed = 0;
  private lastTick = 0;
  /** Resting order ids per trader and market, oldest first. */
  private readonly resting = new Map<string, string[]>();
  /** Markets excluded from every focus set, for good. */
  private readonly untouched = new Set<string>();

  constructor(
    private readonly exchange: SimulatedExchange,
    private readonly random: Random,
    readonly settings: TraderSettings,
    private readonly focusSize: number,
    private readonly onOrder: () => void,
  ) {
    for (const trader of TRADERS) exchange.openAccount(trader, TRADER_BALANCE, false);
  }

  start(): void {
    this.configure(this.settings);
  }

  configure(settings: Partial<Omit<TraderSettings, 'leftAlone'>>): void {
    Object.assign(this.settings, settings);
    if (this.settings.enabled && !this.timer) {
      this.lastTick = Date.now();
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    } else if (!this.settings.enabled && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  stop(): void {
    this.configure({ enabled: false });
  }

  /**
   * Never trade these markets again, from this moment on (orders already resting there stay).
   * Tests that make their own flow use it so that no background order lands in their markets.
   */
  leaveAlone(tickers: Iterable<string>): void {
    for (const ticker of tickers) this.untouched.add(ticker);
    this.settings.leftAlone = this.untouched.size;
    const touchable = (market: SimMarket) => !this.untouched.has(market.ticker);
    this.bitcoin = this.bitcoin.filter(touchable);
    this.others = this.others.filter(touchable);
  }

  /** One round of decisions; `elapsedMs` of wall time sets how many orders are due. */
  tick(elapsedMs = Date.now() - this.lastTick): void {
    this.lastTick = Date.now();
    this.exchange.advance();
    if (this.exchange.paused) return;
    if (this.exchange.now() - this.focusRefreshedAt > REFRESH_FOCUS_MS) this.refreshFocus();
    this.owed += (this.settings.ordersPerSecond * Math.min(elapsedMs, 5_000)) / 1000;
    while (this.owed >= 1) {
      this.owed -= 1;
      const market = this.chooseMarket();
      if (market) this.act(market);
    }
  }

  private refreshFocus(): void {
    this.focusRefreshedAt = this.exchange.now();
    const active = this.exchange.universe.listed.filter((market) => market.status === 'active' && !this.untouched.has(market.ticker));
    this.bitcoin = active.filter((market) => market.seriesTicker.startsWith('KXBTC'));
    const rest = active.filter((market) => !market.seriesTicker.startsWith('KXBTC'));
    const weather = rest.filter((market) => market.seriesTicker.startsWith('KXHIGH'));
    const sampled = this.random.fork(`focus/${Math.floor(this.focusRefreshedAt / 3_600_000)}`).shuffle(rest).slice(0, this.focusSize);
    this.others = [...new Set([...weather, ...sampled])];
    for (const [key, ids] of this.resting) {
      const live = ids.filter((id) => this.exchange.engine.order(id)?.status === 'resting');
      if (live.length === 0) this.resting.delete(key);
      else this.resting.set(key, live);
    }
  }

  private chooseMarket(): SimMarket | undefined {
    const roll = this.random.next();
    const windows = this.bitcoin.filter((market) => market.seriesTicker === 'KXBTC15M' && market.status === 'active');
    if (roll < 0.35 && windows.length > 0) return this.random.pick(windows);
    if (roll < 0.75 && this.bitcoin.length > 0) return this.random.pick(this.bitcoin);
    return this.others.length > 0 ? this.random.pick(this.others) : undefined;
  }

  private fairValue(market: SimMarket): number {
    if (market.resolution.kind === 'bitcoin' && market.strikeType !== null) {
      const seconds = Math.max(1, (market.closeTime - this.exchange.now()) / 1000);
      const spot = this.exchange.index.latest / 100;
      const probability = strikeProbability(market.strikeType, market.floorStrike ?? spot, market.capStrike, spot, INDEX_VOLATILITY * Math.sqrt(seconds));
      market.fairProbability = clampProbability(probability);
    } else {
      market.fairProbability = clampProbability(market.fairProbability + this.random.normal() * 0.004);
    }
    return market.fairProbability;
  }

  private act(market: SimMarket): void {
    if (this.exchange.engine.market(market.ticker)?.status !== 'active') return;
    const fair = probabilityToPrice(this.fairValue(market));
    const book = this.exchange.engine.book(market.ticker);
    const roll = this.random.next();
    if (book?.empty || roll < 0.55) this.quote(market, fair, book?.empty ?? true);
    else if (roll < 0.8) this.take(market);
    else this.cancelOne(market);
  }

  /** A maker posts one resting order a few ticks away from fair (a small ladder on an empty book). */
  private quote(market: SimMarket, fair: Micros, empty: boolean): void {
    const trader = this.random.pick(TRADERS.slice(0, 3));
    const levels = empty ? 3 : 1;
    for (let level = 0; level < levels; level += 1) {
      const side: BookSide = empty ? (level % 2 === 0 ? 'bid' : 'ask') : this.random.chance(0.5) ? 'bid' : 'ask';
      const offset = micros(BigInt(this.random.integer(1, 4 + level * 2)) * 10_000n);
      const target = side === 'bid' ? fair - offset : fair + offset;
      const price = snapToGrid(micros(target), market.bands, side === 'bid' ? 'down' : 'up');
      this.place(trader, market, side, price, centis(BigInt(this.random.integer(1, 40)) * 100n), 'good_till_canceled');
    }
  }

  /** A taker crosses the spread with an immediate-or-cancel order. */
  private take(market: SimMarket): void {
    const top = this.exchange.topOfBook(market.ticker);
    const buy = this.random.chance(0.5);
    const price = buy ? top.yesAsk : top.yesBid;
    if (price === null || price <= 0n || price >= ONE_DOLLAR) return;
    const trader = this.random.pick(TRADERS.slice(3));
    this.place(trader, market, buy ? 'bid' : 'ask', price, centis(BigInt(this.random.integer(1, 15)) * 100n), 'immediate_or_cancel');
  }

  private cancelOne(market: SimMarket): void {
    const trader = this.random.pick(TRADERS.slice(0, 3));
    const key = `${trader}|${market.ticker}`;
    const ids = this.resting.get(key);
    const orderId = ids?.shift();
    if (!orderId) return;
    const order = this.exchange.engine.order(orderId);
    if (order?.status === 'resting') this.exchange.cancelOrder(trader, orderId);
  }

  private place(trader: string, market: SimMarket, side: BookSide, yesPrice: Micros, count: Centis, timeInForce: 'good_till_canceled' | 'immediate_or_cancel'): void {
    try {
      const outcome = this.exchange.placeOrder({ accountId: trader, ticker: market.ticker, side, yesPrice, count, timeInForce, selfTradePrevention: 'maker' });
      this.onOrder();
      if (outcome.order.status !== 'resting') return;
      const key = `${trader}|${market.ticker}`;
      const ids = (this.resting.get(key) ?? []).filter((id) => this.exchange.engine.order(id)?.status === 'resting');
      ids.push(outcome.order.orderId);
      // Keep each maker's footprint per market small: the oldest quote goes.
      if (ids.length > 4) {
        const oldest = ids.shift() as string;
        this.exchange.cancelOrder(trader, oldest);
      }
      this.resting.set(key, ids);
    } catch (error) {
      if (!(error instanceof OrderRejected)) throw error;
    }
  }
}
