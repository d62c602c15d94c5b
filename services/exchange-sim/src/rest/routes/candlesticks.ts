/**
 * `GET /series/{series_ticker}/markets/{ticker}/candlesticks` (PROTOCOL §4.9): candles of 1, 60
 * or 1440 minutes whose end falls in [start_ts, end_ts], folded from the stored minutes. Quiet
 * periods carry the previous quote as open = high = low = close and no price fields.
 */
import { type Micros, ONE_DOLLAR, formatCount, formatDollars, micros } from '@polly/contracts';
import { z } from 'zod';
import type { MinuteCandle, Ohlc } from '../../market-data/candles';
import { HttpError } from '../http';
import { Flag, Seconds, notFound, parseQuery } from '../query';
import { type Route, fixedCost } from '../router';

const MAX_CANDLES = 5_000;

const ohlcJson = (bar: Ohlc) => ({
  open_dollars: formatDollars(bar.open),
  low_dollars: formatDollars(bar.low),
  high_dollars: formatDollars(bar.high),
  close_dollars: formatDollars(bar.close),
});

const flat = (value: Micros): Ohlc => ({ open: value, high: value, low: value, close: value });

function merge(into: Ohlc | null, bar: Ohlc): Ohlc {
  if (!into) return { ...bar };
  return {
    open: into.open,
    high: bar.high > into.high ? bar.high : into.high,
    low: bar.low < into.low ? bar.low : into.low,
    close: bar.close,
  };
}

export const candlestickRoute: Route = {
  method: 'GET',
  template: '/series/{series_ticker}/markets/{ticker}/candlesticks',
  access: 'public',
  bucket: 'read',
  cost: fixedCost(10),
  handle: (context) => {
    const query = parseQuery(
      context,
      z.object({
        start_ts: Seconds,
        end_ts: Seconds,
        period_interval: z.enum(['1', '60', '1440']).transform(Number),
        include_latest_before_start: Flag.optional(),
      }),
    );
    const market = context.exchange.universe.markets.get(context.params.ticker ?? '');
    if (!market || market.seriesTicker !== context.params.series_ticker) throw notFound(`market ${context.params.ticker} not found in series ${context.params.series_ticker}`);
    if (query.end_ts < query.start_ts) throw new HttpError(400, 'invalid_parameters', 'invalid parameters', 'end_ts must not be before start_ts');
    const period = query.period_interval * 60_000;
    const firstEnd = Math.max(Math.ceil((query.start_ts * 1000) / period), Math.ceil(market.openTime / period) + 1) * period;
    // The period in progress counts: it ends after now.
    const lastEnd = Math.min(Math.floor((query.end_ts * 1000) / period) * period, Math.floor(context.exchange.now() / period) * period + period);
    if ((lastEnd - firstEnd) / period > MAX_CANDLES) {
      throw new HttpError(400, 'invalid_parameters', 'invalid parameters', `at most ${MAX_CANDLES} candles per request`);
    }
    const minutes = context.exchange.candles.series(market.ticker);
    let cursor = 0;
    let previous: MinuteCandle | null = null;
    const candlesticks: Record<string, unknown>[] = [];
    for (let end = firstEnd; end <= lastEnd; end += period) {
      const inPeriod: MinuteCandle[] = [];
      while (cursor < minutes.length && (minutes[cursor] as MinuteCandle).start < end) {
        const minute = minutes[cursor] as MinuteCandle;
        if (minute.start >= end - period) inPeriod.push(minute);
        else previous = minute;
        cursor += 1;
      }
      let yesBid: Ohlc | null = null;
      let yesAsk: Ohlc | null = null;
      let price: Ohlc | null = null;
      let sum = 0n;
      let count = 0n;
      for (const minute of inPeriod) {
        yesBid = merge(yesBid, minute.yesBid);
        yesAsk = merge(yesAsk, minute.yesAsk);
        if (minute.price) {
          price = merge(price, minute.price);
          sum += minute.price.sum;
          count += minute.price.count;
        }
      }
      const last = inPeriod.at(-1) ?? previous;
      const previousPrice = previous?.price?.close;
      candlesticks.push({
        end_period_ts: end / 1000,
        yes_bid: ohlcJson(yesBid ?? flat(previous?.yesBid.close ?? micros(0n))),
        yes_ask: ohlcJson(yesAsk ?? flat(previous?.yesAsk.close ?? ONE_DOLLAR)),
        price: price
          ? {
              ...ohlcJson(price),
              mean_dollars: formatDollars(count > 0n ? sum / count : price.close),
              min_dollars: formatDollars(price.low),
              max_dollars: formatDollars(price.high),
              ...(previousPrice === undefined ? {} : { previous_dollars: formatDollars(previousPrice) }),
            }
          : previousPrice === undefined
            ? {}
            : { previous_dollars: formatDollars(previousPrice) },
        volume_fp: formatCount(inPeriod.reduce((total, minute) => total + minute.volume, 0n)),
        open_interest_fp: formatCount(last?.openInterest ?? 0n),
      });
      if (inPeriod.length > 0) previous = inPeriod.at(-1) ?? previous;
    }
    return { status: 200, body: { ticker: market.ticker, candlesticks } };
  },
};
