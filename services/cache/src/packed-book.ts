/**
 * An idle order book packed into one string: `price:size,price:size|price:size` (YES levels, then
 * NO levels, ascending, as the exchange lists them). An `OrderBook` of 16 levels takes about
 * 1.6 KB (a Map with bigint keys and values); packed it takes about a tenth of that. The cache
 * keeps the books of recently active markets as `OrderBook`s and packs the others.
 */
import { OrderBook } from '@polly/market';

const SIDES = '|';
const LEVELS = ',';
const PRICE_SIZE = ':';

export function packBook(book: OrderBook): string {
  const { yes_dollars: yes, no_dollars: no } = book.toOrderbookFp();
  const side = (levels: Array<[string, string]>) => levels.map(([price, size]) => `${price}${PRICE_SIZE}${size}`).join(LEVELS);
  // join makes one flat string (a template literal would keep three pieces behind a concatenation).
  return [side(yes), side(no)].join(SIDES);
}

/** The book again; throws if the text was not made by packBook (it always is). */
export function unpackBook(packed: string, marketTicker: string): OrderBook {
  const [yes = '', no = ''] = packed.split(SIDES);
  const side = (text: string) => (text === '' ? [] : text.split(LEVELS).map((level) => level.split(PRICE_SIZE)));
  const restored = OrderBook.fromOrderbookFp({ yes_dollars: side(yes), no_dollars: side(no) }, marketTicker);
  if (!restored.ok) throw new Error(`a packed book of ${marketTicker} does not unpack: ${JSON.stringify(restored.error)}`);
  return restored.book;
}
