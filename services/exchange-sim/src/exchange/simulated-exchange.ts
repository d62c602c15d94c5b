/**
 * The simulated exchange: one clock, one market universe, one matching engine, one index.
 *
 * Time only moves through `advance()`: it walks every due lifecycle step and listing roll in
 * time order, moving the BRTI walk along before each, then expires orders. Every trading call
 * first catches up with the clock, so a request sees the market as of its own instant. All
 * changes are published to the registered listeners.
 */
import { type Centis, type Micros, ONE_DOLLAR, micros } from '@polly/contracts';
import { feeSchedule } from '@polly/market';
import { MatchingEngine, type AmendInput, type DecreaseInput, type OrderOutcome, type PlaceOrderInput } from '../engine/engine';
import type { Account, EngineEvent, Order } from '../engine/types';
import { CandleStore } from '../market-data/candles';
import { TradeLog } from '../market-data/trade-log';
import { SimulatedClock, type ClockMode } from '../support/clock';
import { addEasternDays, easternDayStart } from '../support/eastern-time';
import { Random, uuidSource } from '../support/random';
import { BitcoinListings } from '../universe/bitcoin';
import { BitcoinIndex } from '../universe/brti';
import { addFillerMarkets, registerFillerSeries } from '../universe/filler';
import type { SimMarket } from '../universe/model';
import { Universe } from '../universe/universe';
import { WeatherListings } from '../universe/weather';
import { LifecycleSchedule, decide, openWindow } from './lifecycle';
import type { ExchangeListener, TickerState, TopOfBook } from './listener';

export interface ExchangeSettings {
  readonly seed: number;
  readonly markets: number;
  readonly startTime: number;
  readonly clockMode: ClockMode;
}

/** History simulated before the start, so settled markets and index averages already exist. */
const WARM_UP_MS = 2 * 3_600_000;

export class SimulatedExchange {
  readonly clock: SimulatedClock;
  readonly universe = new Universe();
  readonly engine: MatchingEngine;
  readonly index: BitcoinIndex;
  readonly candles = new CandleStore();
  readonly trades = new TradeLog();
  readonly listeners = new Set<ExchangeListener>();
  readonly random: Random;
  paused = false;
  private readonly schedule = new LifecycleSchedule();
  private readonly bitcoin: BitcoinListings;
  private readonly weather: WeatherListings;
  private readonly lastTickers = new Map<string, string>();
  private processedUntil: number;
  private nextRoll: number;
  private publishing = false;
  private lastIndexSecond = 0;
  /** The Eastern day the previous-day quotes roll on, cached (formatting dates is not free). */
  private day = { start: 0, end: 0 };

  constructor(settings: ExchangeSettings) {
    this.random = new Random(`exchange-sim/${settings.seed}`);
    this.clock = new SimulatedClock(settings.startTime, settings.clockMode);
    const origin = settings.startTime - WARM_UP_MS;
    this.processedUntil = origin;
    this.engine = new MatchingEngine({ precision: 'centicent', reserveAllowance: micros(20_000n) }, uuidSource(this.random.fork('engine-ids')));
    const indexStream = this.random.fork('brti');
    this.index = new BitcoinIndex(indexStream, origin, 9_000_000 + Math.round(indexStream.next() * 1_500_000));
    const large = settings.markets >= 20_000;
    this.bitcoin = new BitcoinListings(this.universe, this.index, { hoursAhead: large ? 24 : 3, ladderSize: large ? 60 : 20 });
    this.weather = new WeatherListings(this.universe, this.random.fork('weather'));
    this.universe.listener = {
      eventCreated: (event) => {
        if (this.publishing) for (const listener of this.listeners) listener.eventCreated(event, this.processedUntil);
      },
      marketCreated: (market) => this.onMarketCreated(market),
    };
    this.build(settings.markets, origin);
    this.nextRoll = Math.min(this.bitcoin.nextRoll(origin), this.weather.nextRoll(origin));
    this.advance(settings.startTime);
    this.publishing = true;
  }

  now(): number {
    return this.clock.now();
  }

  // ---- time ----------------------------------------------------------------------------------

  /** Catch up with the clock (or a given instant): lifecycle, listings, index, expiries. */
  advance(until = this.clock.now()): void {
    while (this.processedUntil < until) {
      const nextStep = this.schedule.nextAt() ?? Number.POSITIVE_INFINITY;
      const stop = Math.min(until, nextStep, this.nextRoll);
      this.index.advanceTo(stop);
      this.processedUntil = Math.max(this.processedUntil, stop);
      if (stop === this.nextRoll) {
        this.bitcoin.ensure(stop);
        this.weather.ensure(stop);
        this.nextRoll = Math.min(this.bitcoin.nextRoll(stop), this.weather.nextRoll(stop));
      }
      for (let step = this.schedule.popDue(stop); step; step = this.schedule.popDue(stop)) this.runStep(step.ticker, step.step, stop);
      if (stop === until) break;
    }
    this.publish(this.engine.expire(until));
    this.publishIndex();
  }

  advanceBy(seconds: number): void {
    this.clock.advance(seconds * 1000);
    this.advance();
  }

  // ---- trading -------------------------------------------------------------------------------

  openAccount(accountId: string, balance: Micros, recordHistory = true): Account {
    return this.engine.openAccount(accountId, this.random.fork(`user/${accountId}`).uuid(), balance, recordHistory, this.now());
  }

  placeOrder(input: PlaceOrderInput): OrderOutcome {
    this.advance();
    const outcome = this.engine.place(input, this.processedUntil);
    this.publish(outcome.events);
    return outcome;
  }

  cancelOrder(accountId: string, orderId: string): { order: Order; reducedBy: Centis } {
    this.advance();
    const { order, reducedBy, events } = this.engine.cancel(accountId, orderId, this.processedUntil);
    this.publish(events);
    return { order, reducedBy };
  }

  cancelAll(accountId: string): void {
    this.advance();
    this.publish(this.engine.cancelAll(accountId, this.processedUntil));
  }

  amendOrder(accountId: string, orderId: string, input: AmendInput): OrderOutcome {
    this.advance();
    const outcome = this.engine.amend(accountId, orderId, input, this.processedUntil);
    this.publish(outcome.events);
    return outcome;
  }

  decreaseOrder(accountId: string, orderId: string, input: DecreaseInput): Order {
    this.advance();
    const { order, events } = this.engine.decrease(accountId, orderId, input, this.processedUntil);
    this.publish(events);
    return order;
  }

  /** Pause or resume trading; pausing cancels the orders that asked for it. */
  setPaused(paused: boolean): void {
    if (paused && !this.paused) this.publish(this.engine.halt(this.now()));
    this.paused = paused;
  }

  // ---- market data ---------------------------------------------------------------------------

  topOfBook(ticker: string): TopOfBook {
    const book = this.engine.book(ticker);
    const bestYes = book?.yes.best() ?? null;
    const bestNo = book?.no.best() ?? null;
    return {
      yesBid: bestYes,
      yesBidSize: book && bestYes !== null ? book.yes.sizeAt(bestYes) : (0n as Centis),
      yesAsk: bestNo === null ? null : micros(ONE_DOLLAR - bestNo),
      yesAskSize: book && bestNo !== null ? book.no.sizeAt(bestNo) : (0n as Centis),
    };
  }

  tickerState(ticker: string): TickerState {
    const market = this.engine.market(ticker);
    return {
      ticker,
      ...this.topOfBook(ticker),
      lastPrice: market?.lastPrice ?? null,
      lastTradeCount: market?.lastTradeCount ?? null,
      volume: market?.volume ?? (0n as Centis),
      openInterest: market?.openInterest ?? (0n as Centis),
      at: this.processedUntil,
    };
  }

  // ---- internals -----------------------------------------------------------------------------

  private build(target: number, origin: number): void {
    registerFillerSeries(this.universe, origin);
    this.bitcoin.registerSeries(origin);
    this.weather.registerSeries(origin);
    const fillerStream = this.random.fork('filler');
    // Most of the listing comes first, so the Bitcoin series sit deep in it, as on Kalshi.
    const leading = Math.floor(target * 0.86);
    addFillerMarkets(this.universe, fillerStream, origin, leading);
    this.bitcoin.ensure(origin);
    this.weather.ensure(origin);
    addFillerMarkets(this.universe, fillerStream, origin, Math.max(0, target - this.universe.markets.size));
  }

  private onMarketCreated(market: SimMarket): void {
    const series = this.universe.series.get(market.seriesTicker);
    this.engine.addMarket({
      ticker: market.ticker,
      eventTicker: market.eventTicker,
      bands: market.bands,
      fees: feeSchedule(series?.feeType ?? 'quadratic', series?.feeMultiplier ?? 1),
      status: market.status,
    });
    this.schedule.scheduleNext(market);
    if (this.publishing) this.lifecycle('created', market);
  }

  private runStep(ticker: string, step: string, at: number): void {
    const market = this.universe.markets.get(ticker);
    if (!market) return;
    if (step === 'prune') {
      this.universe.removeMarkets(new Set([ticker]));
      this.engine.removeMarket(ticker);
      this.candles.forget(ticker);
      this.lastTickers.delete(ticker);
      return;
    }
    market.updatedTime = at;
    if (step === 'open') {
      market.status = 'active';
      this.publish(this.engine.setMarketStatus(ticker, 'active', at));
      if (openWindow(market, this.index)) this.lifecycle('metadata_updated', market);
    } else if (step === 'close') {
      market.status = 'closed';
      this.publish(this.engine.setMarketStatus(ticker, 'closed', at));
    } else if (step === 'determine') {
      const event = this.universe.events.get(market.eventTicker);
      const decision = decide(market, event, this.universe.marketsOfEvent(market.eventTicker), this.index, this.random);
      market.result = decision.result;
      market.expirationValue = decision.expirationValue;
      market.determinedTime = at;
      market.status = 'determined';
      this.publish(this.engine.setMarketStatus(ticker, 'determined', at));
      this.lifecycle('determined', market);
    } else if (step === 'settle') {
      this.publish(this.engine.settle(ticker, market.result === 'yes' ? 'yes' : 'no', at));
      market.settledTime = at;
      market.status = 'finalized';
      this.lifecycle('settled', market);
    }
    this.schedule.scheduleNext(market);
  }

  private lifecycle(type: Parameters<ExchangeListener['marketLifecycle']>[0], market: SimMarket): void {
    if (!this.publishing) return;
    for (const listener of this.listeners) listener.marketLifecycle(type, market, this.processedUntil);
  }

  private publishIndex(): void {
    const second = this.index.latestSecond;
    if (!this.publishing || second === this.lastIndexSecond) return;
    this.lastIndexSecond = second;
    const running = this.index.runningAverage();
    for (const listener of this.listeners) listener.indexValue(second, this.index.latest, running);
  }

  /** Send engine events out and refresh tickers, candles and previous-day quotes they touch. */
  private publish(events: readonly EngineEvent[]): void {
    if (events.length === 0) return;
    const touched = new Map<string, Array<{ price: Micros; count: Centis }>>();
    for (const event of events) {
      switch (event.kind) {
        case 'book':
          if (!touched.has(event.ticker)) touched.set(event.ticker, []);
          for (const listener of this.listeners) listener.bookChanged(event);
          break;
        case 'trade':
          this.trades.add(event.trade);
          touched.set(event.trade.ticker, [...(touched.get(event.trade.ticker) ?? []), { price: event.trade.yesPrice, count: event.trade.count }]);
          for (const listener of this.listeners) listener.traded(event.trade);
          break;
        case 'fill':
          for (const listener of this.listeners) listener.filled(event.fill);
          break;
        case 'order':
          for (const listener of this.listeners) listener.orderUpdated(event.order);
          break;
        case 'position':
          for (const listener of this.listeners) listener.positionChanged(event.accountId, event.position);
          break;
        case 'settlement':
          break;
      }
    }
    for (const [ticker, trades] of touched) this.refreshMarket(ticker, trades);
  }

  private refreshMarket(ticker: string, trades: ReadonlyArray<{ price: Micros; count: Centis }>): void {
    const state = this.tickerState(ticker);
    const yesBid = state.yesBid ?? micros(0n);
    const yesAsk = state.yesAsk ?? ONE_DOLLAR;
    const quote = { yesBid, yesAsk, openInterest: state.openInterest };
    if (trades.length === 0) this.candles.record(ticker, state.at, quote);
    for (const trade of trades) this.candles.record(ticker, state.at, { ...quote, trade });
    const market = this.universe.markets.get(ticker);
    if (market) {
      if (state.at >= this.day.end || state.at < this.day.start) {
        const start = easternDayStart(state.at);
        this.day = { start, end: addEasternDays(start, 1) };
      }
      // The first change of a new Eastern day records the quote the day opened with.
      if (!market.previous || market.previous.day !== this.day.start) {
        market.previous = { day: this.day.start, yesBid, yesAsk, price: state.lastPrice ?? micros(0n) };
      }
    }
    const signature = `${state.yesBid}|${state.yesBidSize}|${state.yesAsk}|${state.yesAskSize}|${state.volume}|${state.openInterest}|${state.lastPrice}`;
    if (this.lastTickers.get(ticker) === signature) return;
    this.lastTickers.set(ticker, signature);
    for (const listener of this.listeners) listener.tickerChanged(state);
  }
}
