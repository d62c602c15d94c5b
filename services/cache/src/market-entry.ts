/**
 * One market as the cache holds it, and the pure fold of MARKET_DATA events into it.
 *
 * Book trust (the invariant agents rely on): a book is fresh only after a snapshot, and only
 * while every delta since that snapshot came from the same connection and subscription, in
 * increasing seq, and applied cleanly. A `book.stale` event, a delta from another connection, or
 * a delta that would leave a negative size makes it stale, and it stays stale (deltas are then
 * ignored) until the next snapshot. So a stale book is never written as fresh.
 *
 * `sourceSequence` is the MARKET_DATA stream sequence folded last; an event at or below it has
 * already been folded (a redelivery after a restart) and changes nothing.
 */
import {
  type BookDeltaReceived,
  type BookDeltasReceived,
  type BookMarkedStale,
  type BookSnapshotReceived,
  type EventData,
  type MarketLifecycleChanged,
  type MarketState,
  type MarketStateNotification,
  type TickerUpdated,
  type TickerUpdatesReceived,
  type TradeExecuted,
  parseCount,
  parseDollars,
} from '@polly/contracts';
import { OrderBook, type PriceLevel, RECENT_TRADES_KEPT, deriveMarketState, seriesOfTicker } from '@polly/market';
import { packBook, unpackBook } from './packed-book';
import { NO_TRADES, appendTrade, hasTrade, packTrades, unpackTrades } from './packed-trades';

export type Cause = MarketStateNotification['cause'];

/** Where the book's snapshot came from, and the last seq applied on top of it. */
export interface BookOrigin {
  connectionId: string;
  sid: number;
  seq: number | null;
}

export interface MarketEntry {
  readonly marketTicker: string;
  /** The book while the market is active; null when packed or before the first snapshot. */
  book: OrderBook | null;
  /** The book of an idle market, packed (see packed-book.ts); at most one of book and packedBook is set. */
  packedBook: string | null;
  origin: BookOrigin | null;
  stale: boolean;
  staleReason: string | null;
  eventTicker: string | null;
  seriesTicker: string | null;
  status: string | null;
  lastPrice: string | null;
  volume: string | null;
  openInterest: string | null;
  /** The last trades, oldest first, packed into one string (see packed-trades.ts). */
  trades: string;
  revision: number;
  sourceSequence: number;
  /** Changes folded so far, and how many of them the last completed write covered. */
  version: number;
  writtenVersion: number;
}

export const AWAITING_SNAPSHOT = 'awaiting-snapshot';

/**
 * Texts that many markets repeat — connection ids, series tickers, statuses — kept once: every
 * event carries its own copy, and holding it once per market would repeat it across tens of
 * thousands of entries. A table that grows past its bound starts again (sharing is only a saving).
 */
function sharedTexts(bound: number): (text: string) => string {
  const texts = new Map<string, string>();
  return (text) => {
    let shared = texts.get(text);
    if (shared === undefined) {
      if (texts.size >= bound) texts.clear();
      texts.set(text, text);
      shared = text;
    }
    return shared;
  };
}
const sharedConnectionId = sharedTexts(10_000);
const sharedSeries = sharedTexts(20_000);
const sharedStatus = sharedTexts(100);
const seriesOf = (ticker: string): string | null => {
  const series = seriesOfTicker(ticker);
  return series === null ? null : sharedSeries(series);
};
const statusOf = (status: string | null): string | null => (status === null ? null : sharedStatus(status));

export function newEntry(marketTicker: string): MarketEntry {
  return {
    marketTicker,
    book: null,
    packedBook: null,
    origin: null,
    stale: true,
    staleReason: AWAITING_SNAPSHOT,
    eventTicker: null,
    seriesTicker: seriesOf(marketTicker),
    status: null,
    lastPrice: null,
    volume: null,
    openInterest: null,
    trades: NO_TRADES,
    revision: 0,
    sourceSequence: 0,
    version: 0,
    writtenVersion: 0,
  };
}

type Snapshot = EventData<typeof BookSnapshotReceived>;
type Delta = EventData<typeof BookDeltaReceived>;
type Deltas = EventData<typeof BookDeltasReceived>;
type Stale = EventData<typeof BookMarkedStale>;
type Ticker = EventData<typeof TickerUpdated>;
type Tickers = EventData<typeof TickerUpdatesReceived>;
type Trade = EventData<typeof TradeExecuted>;
type Lifecycle = EventData<typeof MarketLifecycleChanged>;

export type MarketEvent =
  | { type: 'book.snapshot'; data: Snapshot }
  | { type: 'book.delta'; data: Delta }
  | { type: 'book.deltas'; data: Deltas }
  | { type: 'book.stale'; data: Stale }
  | { type: 'ticker.updated'; data: Ticker }
  | { type: 'ticker.updates'; data: Tickers }
  | { type: 'trade.executed'; data: Trade }
  | { type: 'lifecycle.changed'; data: Lifecycle };

/** What folding one event did: the cause of a change (to write and notify), or why nothing changed. */
export type FoldOutcome = { changed: Cause } | { changed: null; reason: 'already-folded' | 'book-not-fresh' | 'older-than-snapshot' | 'no-change' };

const unchanged = (reason: Extract<FoldOutcome, { changed: null }>['reason']): FoldOutcome => ({ changed: null, reason });

function markStale(entry: MarketEntry, reason: string): FoldOutcome {
  if (entry.stale) return unchanged('no-change');
  entry.stale = true;
  entry.staleReason = reason;
  return { changed: 'stale' };
}

function levelsOf(pairs: ReadonlyArray<readonly [string, string]>): PriceLevel[] {
  return pairs.map(([price, size]) => ({ price: parseDollars(price), size: parseCount(size) }));
}

/** The exchange status a lifecycle event implies (null: it says nothing about the status). */
export function statusAfter(eventType: Lifecycle['eventType']): string | null {
  switch (eventType) {
    case 'created':
      return 'initialized';
    case 'activated':
      return 'active';
    case 'deactivated':
      return 'inactive';
    case 'determined':
      return 'determined';
    case 'settled':
      return 'finalized';
    default:
      return null;
  }
}

/** Most markets only ever get tickers: they have no book at all. */
export const hasBook = (entry: MarketEntry): boolean => entry.book !== null || entry.packedBook !== null;

/** The book as an OrderBook, unpacking an idle one (it then stays unpacked until packed again). */
export function activeBook(entry: MarketEntry): OrderBook | null {
  if (entry.book === null && entry.packedBook !== null) {
    entry.book = unpackBook(entry.packedBook, entry.marketTicker);
    entry.packedBook = null;
  }
  return entry.book;
}

/** Pack the book of a market gone idle. */
export function packIdleBook(entry: MarketEntry): void {
  if (entry.book === null) return;
  entry.packedBook = packBook(entry.book);
  entry.book = null;
}

/** Apply one change of a subscription's book (a `book.delta`, or one of a `book.deltas`). */
function foldDelta(entry: MarketEntry, connectionId: string, sid: number, delta: Pick<Delta, 'seq' | 'side' | 'price' | 'delta'>): FoldOutcome {
  const origin = entry.origin;
  const book = entry.stale ? null : activeBook(entry);
  if (!book || !origin) return unchanged('book-not-fresh');
  if (connectionId !== origin.connectionId || sid !== origin.sid) return markStale(entry, 'delta-from-another-subscription');
  if (delta.seq !== null && origin.seq !== null && delta.seq <= origin.seq) return unchanged('older-than-snapshot');
  const applied = book.applyDelta(delta.side, parseDollars(delta.price), parseCount(delta.delta));
  if (!applied.ok) return markStale(entry, `delta-rejected:${applied.error.kind}`);
  origin.seq = delta.seq ?? origin.seq;
  return { changed: 'book' };
}

/** A ticker report: last price, volume and open interest (the top of book comes from the book). */
function foldTicker(entry: MarketEntry, data: Pick<Ticker, 'lastPrice' | 'volume' | 'openInterest'>): FoldOutcome {
  if (entry.lastPrice === data.lastPrice && entry.volume === data.volume && entry.openInterest === data.openInterest) return unchanged('no-change');
  entry.lastPrice = data.lastPrice;
  entry.volume = data.volume;
  entry.openInterest = data.openInterest;
  return { changed: 'ticker' };
}

/** The book changes an event carries (a `book.deltas` carries several), for counting. */
export function deltasIn(event: { type: string; data: unknown }): number {
  if (event.type === 'book.delta') return 1;
  return event.type === 'book.deltas' ? (event.data as Deltas).deltas.length : 0;
}

const folds: { [T in MarketEvent['type']]: (entry: MarketEntry, data: Extract<MarketEvent, { type: T }>['data']) => FoldOutcome } = {
  'book.snapshot': (entry, data) => {
    const book = activeBook(entry) ?? new OrderBook(entry.marketTicker);
    const applied = book.applySnapshot({ yes: levelsOf(data.yes), no: levelsOf(data.no) });
    if (!applied.ok) return markStale(entry, `snapshot-rejected:${applied.error.kind}`);
    entry.book = book;
    entry.origin = { connectionId: sharedConnectionId(data.connectionId), sid: data.sid, seq: data.seq };
    entry.stale = false;
    entry.staleReason = null;
    return { changed: 'book' };
  },
  'book.delta': (entry, data) => foldDelta(entry, data.connectionId, data.sid, data),
  'book.deltas': (entry, data) => {
    let changed = false;
    let reason: FoldOutcome | null = null;
    for (const delta of data.deltas) {
      const outcome = foldDelta(entry, data.connectionId, data.sid, delta);
      // A stale book takes no more deltas: the rest wait for the next snapshot.
      if (outcome.changed === 'stale') return outcome;
      if (outcome.changed !== null) changed = true;
      else reason ??= outcome;
    }
    return changed ? { changed: 'book' } : (reason ?? unchanged('no-change'));
  },
  'book.stale': (entry, data) => markStale(entry, data.reason),
  'ticker.updated': foldTicker,
  'ticker.updates': (entry, data) => {
    let changed = false;
    for (const update of data.updates) if (foldTicker(entry, update).changed !== null) changed = true;
    return changed ? { changed: 'ticker' } : unchanged('no-change');
  },
  'trade.executed': (entry, data) => {
    if (hasTrade(entry.trades, data.tradeId)) return unchanged('no-change');
    const at = data.exchangeTimestampMs === null ? data.receivedAt : new Date(data.exchangeTimestampMs).toISOString();
    entry.trades = appendTrade(entry.trades, { tradeId: data.tradeId, yesPrice: data.yesPrice, count: data.count, takerSide: data.takerSide, at }, RECENT_TRADES_KEPT);
    entry.lastPrice = data.yesPrice;
    return { changed: 'trade' };
  },
  'lifecycle.changed': (entry, data) => {
    const status = statusAfter(data.eventType);
    const eventTicker = data.eventTicker ?? entry.eventTicker;
    if ((status === null || status === entry.status) && eventTicker === entry.eventTicker) return unchanged('no-change');
    entry.status = statusOf(status) ?? entry.status;
    entry.eventTicker = eventTicker;
    if (eventTicker) entry.seriesTicker = seriesOf(eventTicker) ?? entry.seriesTicker;
    return { changed: 'status' };
  },
};

/** Fold one event (at its stream sequence) into the entry. */
export function foldEvent(entry: MarketEntry, event: MarketEvent, streamSequence: number): FoldOutcome {
  if (streamSequence <= entry.sourceSequence) return unchanged('already-folded');
  entry.sourceSequence = streamSequence;
  return (folds[event.type] as (entry: MarketEntry, data: MarketEvent['data']) => FoldOutcome)(entry, event.data);
}

/**
 * Discovery listed the market (MARKETS `market.synced`): its exchange status and tickers. Another
 * stream, so no source sequence applies; setting the same values again changes nothing.
 */
export function foldListing(entry: MarketEntry, listing: { exchangeStatus: string; eventTicker: string; seriesTicker: string }): FoldOutcome {
  if (entry.status === listing.exchangeStatus && entry.eventTicker === listing.eventTicker && entry.seriesTicker === listing.seriesTicker) return unchanged('no-change');
  entry.status = statusOf(listing.exchangeStatus);
  entry.eventTicker = listing.eventTicker;
  entry.seriesTicker = sharedSeries(listing.seriesTicker);
  return { changed: 'status' };
}

const EMPTY_BOOK = new OrderBook();

/** The state to write for this entry, as of now. */
export function stateOf(entry: MarketEntry, updatedAt: string): MarketState {
  const book = entry.book ?? (entry.packedBook === null ? EMPTY_BOOK : unpackBook(entry.packedBook, entry.marketTicker));
  return deriveMarketState(book, {
    marketTicker: entry.marketTicker,
    eventTicker: entry.eventTicker,
    seriesTicker: entry.seriesTicker,
    status: entry.status,
    stale: entry.stale,
    staleReason: entry.staleReason,
    lastPrice: entry.lastPrice,
    volume: entry.volume,
    openInterest: entry.openInterest,
    recentTrades: unpackTrades(entry.trades),
    revision: entry.revision,
    updatedAt,
  });
}

/** Rebuild an entry from what the cache wrote before (at start). */
export function entryFromState(state: MarketState, sourceSequence: number, origin: BookOrigin | null): MarketEntry {
  const entry = newEntry(state.marketTicker);
  const hasBook = state.book.yes.length > 0 || state.book.no.length > 0 || origin !== null;
  const restored = hasBook ? OrderBook.fromOrderbookFp({ yes_dollars: state.book.yes, no_dollars: state.book.no }, state.marketTicker) : null;
  // Read back idle: packed until the market changes again.
  entry.packedBook = restored?.ok ? packBook(restored.book) : null;
  entry.origin = entry.packedBook !== null && origin ? { ...origin, connectionId: sharedConnectionId(origin.connectionId) } : null;
  // Without the book and its origin a fresh state cannot be continued: it waits for a snapshot.
  entry.stale = state.stale || entry.packedBook === null || entry.origin === null;
  entry.staleReason = entry.stale ? (state.staleReason ?? AWAITING_SNAPSHOT) : null;
  entry.eventTicker = state.eventTicker;
  entry.seriesTicker = state.seriesTicker === null ? entry.seriesTicker : sharedSeries(state.seriesTicker);
  entry.status = statusOf(state.status);
  entry.lastPrice = state.lastPrice;
  entry.volume = state.volume;
  entry.openInterest = state.openInterest;
  entry.trades = packTrades(state.recentTrades);
  entry.revision = state.revision;
  entry.sourceSequence = sourceSequence;
  return entry;
}

/** Whether the cache folds this event type into a market (index values, for one, are not a market's). */
export const isMarketEvent = (event: { type: string }): event is MarketEvent => Object.hasOwn(folds, event.type);
