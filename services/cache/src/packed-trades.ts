/**
 * A market's recent trades packed into one string, oldest first: one record per trade, fields
 * `tradeId ␀ yesPrice ␀ count ␀ y|n ␀ time`, records joined by ␁. `time` is the instant in
 * milliseconds, base 36, when the timestamp is an ISO instant with milliseconds (every timestamp
 * the cache sees from ingest); any other text is kept as it is, after a `=`.
 *
 * One string per market instead of an array of strings or objects: at 100,000 markets with five
 * trades each that is about 35 MB less heap (no array, one string header instead of five, a
 * 9-character time instead of 24).
 */
import type { RecentTrade } from '@polly/market';

export const NO_TRADES = '';

/** Never part of an id, a price, a count, a side or a timestamp. */
const FIELD = '\u0000';
const RECORD = '\u0001';
const VERBATIM = '=';

function packTime(at: string): string {
  const milliseconds = Date.parse(at);
  if (Number.isFinite(milliseconds) && milliseconds >= 0 && new Date(milliseconds).toISOString() === at) return milliseconds.toString(36);
  return `${VERBATIM}${at}`;
}

function unpackTime(text: string): string {
  return text.startsWith(VERBATIM) ? text.slice(VERBATIM.length) : new Date(Number.parseInt(text, 36)).toISOString();
}

function packRecord(trade: RecentTrade): string {
  return [trade.tradeId, trade.yesPrice, trade.count, trade.takerSide === 'no' ? 'n' : 'y', packTime(trade.at)].join(FIELD);
}

function unpackRecord(record: string): RecentTrade {
  const [tradeId = '', yesPrice = '', count = '', side, time = ''] = record.split(FIELD);
  return { tradeId, yesPrice, count, takerSide: side === 'n' ? 'no' : 'yes', at: unpackTime(time) };
}

export function hasTrade(packed: string, tradeId: string): boolean {
  const record = `${tradeId}${FIELD}`;
  return packed.startsWith(record) || packed.includes(`${RECORD}${record}`);
}

/**
 * The trades with `trade` appended, keeping the newest `keep`. Built with `join`, which makes a
 * new flat string: a concatenation or a slice would keep the previous string alive behind it.
 */
export function appendTrade(packed: string, trade: RecentTrade, keep: number): string {
  const records = packed === NO_TRADES ? [] : packed.split(RECORD);
  records.push(packRecord(trade));
  return records.slice(Math.max(0, records.length - keep)).join(RECORD);
}

export function packTrades(trades: readonly RecentTrade[]): string {
  return trades.map(packRecord).join(RECORD);
}

export function unpackTrades(packed: string): RecentTrade[] {
  return packed === NO_TRADES ? [] : packed.split(RECORD).map(unpackRecord);
}
