/**
 * Minute candles per market, kept sparsely: a minute is stored only when the quote or a trade
 * changed in it, and reads fill the quiet minutes from the previous close (as Kalshi's
 * candlesticks do). Hourly and daily candles are folded from the minutes on read.
 */
import type { Centis, Micros } from '@polly/contracts';

export interface Ohlc {
  open: Micros;
  high: Micros;
  low: Micros;
  close: Micros;
}

export interface MinuteCandle {
  /** Start of the minute (ms). */
  readonly start: number;
  yesBid: Ohlc;
  yesAsk: Ohlc;
  /** Trade prices in this minute, or null when nothing traded. */
  price: (Ohlc & { sum: bigint; count: bigint }) | null;
  volume: Centis;
  openInterest: Centis;
}

export interface CandleInput {
  readonly yesBid: Micros;
  readonly yesAsk: Micros;
  readonly openInterest: Centis;
  readonly trade?: { readonly price: Micros; readonly count: Centis };
}

const MINUTE = 60_000;
/** One day of minutes per market at most. */
const KEEP_MINUTES = 1_440;

const ohlc = (value: Micros): Ohlc => ({ open: value, high: value, low: value, close: value });
const extend = (bar: Ohlc, value: Micros): void => {
  if (value > bar.high) bar.high = value;
  if (value < bar.low) bar.low = value;
  bar.close = value;
};

export class CandleStore {
  private readonly minutes = new Map<string, MinuteCandle[]>();

  record(ticker: string, at: number, input: CandleInput): void {
    const start = Math.floor(at / MINUTE) * MINUTE;
    let series = this.minutes.get(ticker);
    if (!series) {
      series = [];
      this.minutes.set(ticker, series);
    }
    let candle = series.at(-1);
    if (!candle || candle.start !== start) {
      candle = {
        start,
        yesBid: ohlc(input.yesBid),
        yesAsk: ohlc(input.yesAsk),
        price: null,
        volume: 0n as Centis,
        openInterest: input.openInterest,
      };
      series.push(candle);
      if (series.length > KEEP_MINUTES) series.shift();
    }
    extend(candle.yesBid, input.yesBid);
    extend(candle.yesAsk, input.yesAsk);
    candle.openInterest = input.openInterest;
    if (input.trade) {
      const { price, count } = input.trade;
      if (candle.price === null) candle.price = { ...ohlc(price), sum: 0n, count: 0n };
      else extend(candle.price, price);
      candle.price.sum += price * count;
      candle.price.count += count;
      candle.volume = (candle.volume + count) as Centis;
    }
  }

  /** Minute candles stored for a market, oldest first. */
  series(ticker: string): readonly MinuteCandle[] {
    return this.minutes.get(ticker) ?? [];
  }

  forget(ticker: string): void {
    this.minutes.delete(ticker);
  }
}
