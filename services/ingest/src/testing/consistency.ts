/**
 * Checking what agents saw against what the stream said. Every KV entry the cache writes names,
 * in its `Polly-Source-Sequence` header, the MARKET_DATA sequence it had folded; so each recorded
 * entry can be compared with an independent fold of the book events up to that point:
 * - an entry that says fresh must come after a snapshot with no `book.stale` since, and its book
 *   must equal that snapshot plus the deltas after it;
 * - a notification must say what its entry says.
 */
import type { Bus } from '@polly/bus';
import { SOURCE_SEQUENCE_HEADER } from '@polly/cache';
import { type AnyEvent, MarketState, type MarketStateNotification, marketStateBucket, parseCount, parseDollars } from '@polly/contracts';
import { OrderBook } from '@polly/market';
import { eventually } from '@polly/testing';

export interface KvRecord {
  sourceSequence: number;
  state: MarketState;
}

export interface StoredEvent {
  event: AnyEvent;
  streamSequence: number;
}

export interface Violation {
  ticker: string;
  revision: number;
  problem: string;
}

/**
 * Record every write to the market-state bucket, from now on, with its headers. A plain
 * subscription to the bucket's subjects sees each write as it is published; a consumer of the
 * bucket's stream would not, because the bucket keeps one revision per key, and under load a
 * write can be overwritten before a trailing consumer reads it. `caughtUp` waits until no write
 * came for 250 ms and every message sent before that has arrived.
 */
export async function recordKvWrites(bus: Bus, signal: AbortSignal): Promise<{ records: KvRecord[]; caughtUp(timeoutMs?: number): Promise<void> }> {
  const bucket = bus.bucket(marketStateBucket('demo'));
  const records: KvRecord[] = [];
  const subscription = bus.connection.subscribe(`$KV.${bucket}.>`, {
    callback: (_error, message) => {
      records.push({ sourceSequence: Number(message.headers?.get(SOURCE_SEQUENCE_HEADER)), state: MarketState.parse(message.json()) });
    },
  });
  await bus.connection.flush(); // the subscription is in place before anything is written
  signal.addEventListener('abort', () => subscription.unsubscribe(), { once: true });
  const newestWrite = async () => (await bus.manager.streams.info(`KV_${bucket}`)).state.last_seq;
  const caughtUp = async (timeoutMs = 60_000) => {
    let newest = -1;
    await eventually(
      async () => {
        const now = await newestWrite();
        const settled = now === newest;
        newest = now;
        return settled;
      },
      { timeoutMs, intervalMs: 250, what: 'the market-state bucket to receive no write for 250 ms' },
    );
    await bus.connection.flush();
  };
  return { records, caughtUp };
}

type BookView = { fresh: boolean; book: OrderBook; origin: { connectionId: string; sid: number; seq: number | null } | null };

/** One change on a fresh view: applied, skipped (older than its snapshot), or the view goes stale. */
function applyDelta(view: BookView, connectionId: string, sid: number, delta: { seq: number | null; side: 'yes' | 'no'; price: string; delta: string }): void {
  const origin = view.origin;
  if (!origin) return;
  if (connectionId !== origin.connectionId || sid !== origin.sid) view.fresh = false;
  else if (delta.seq === null || origin.seq === null || delta.seq > origin.seq) {
    view.fresh = view.book.applyDelta(delta.side, parseDollars(delta.price), parseCount(delta.delta)).ok;
    origin.seq = delta.seq ?? origin.seq;
  }
}

/** The book of one market after each of its book events, by stream sequence. */
function foldBooks(events: readonly StoredEvent[]): Array<{ streamSequence: number; fresh: boolean; book: string }> {
  const view: BookView = { fresh: false, book: new OrderBook(), origin: null };
  const timeline: Array<{ streamSequence: number; fresh: boolean; book: string }> = [];
  for (const { event, streamSequence } of events) {
    if (event.type === 'book.snapshot') {
      const snapshot = {
        yes: event.data.yes.map(([price, size]) => ({ price: parseDollars(price), size: parseCount(size) })),
        no: event.data.no.map(([price, size]) => ({ price: parseDollars(price), size: parseCount(size) })),
      };
      view.fresh = view.book.applySnapshot(snapshot).ok;
      view.origin = { connectionId: event.data.connectionId, sid: event.data.sid, seq: event.data.seq };
    } else if (event.type === 'book.delta') {
      if (!view.fresh || !view.origin) continue;
      applyDelta(view, event.data.connectionId, event.data.sid, event.data);
    } else if (event.type === 'book.deltas') {
      if (!view.fresh || !view.origin) continue;
      for (const delta of event.data.deltas) if (view.fresh) applyDelta(view, event.data.connectionId, event.data.sid, delta);
    } else if (event.type === 'book.stale') {
      view.fresh = false;
    } else continue;
    timeline.push({ streamSequence, fresh: view.fresh, book: JSON.stringify(view.book.toOrderbookFp()) });
  }
  return timeline;
}

/** Every recorded entry that said fresh while the stream said its book was stale, or showed another book. */
export function freshWhileStale(records: readonly KvRecord[], marketData: readonly StoredEvent[]): Violation[] {
  const byMarket = new Map<string, StoredEvent[]>();
  for (const stored of marketData) {
    if (stored.event.type !== 'book.snapshot' && stored.event.type !== 'book.delta' && stored.event.type !== 'book.deltas' && stored.event.type !== 'book.stale') continue;
    const ticker = stored.event.data.marketTicker;
    byMarket.set(ticker, [...(byMarket.get(ticker) ?? []), stored]);
  }
  const timelines = new Map([...byMarket].map(([ticker, events]) => [ticker, foldBooks(events)]));
  const violations: Violation[] = [];
  for (const { state, sourceSequence } of records) {
    if (state.stale) continue;
    const problem = (text: string) => violations.push({ ticker: state.marketTicker, revision: state.revision, problem: text });
    if (!Number.isFinite(sourceSequence)) {
      problem('the entry has no source sequence');
      continue;
    }
    const at = (timelines.get(state.marketTicker) ?? []).filter((point) => point.streamSequence <= sourceSequence).at(-1);
    if (!at) problem(`fresh at sequence ${sourceSequence} before any snapshot`);
    else if (!at.fresh) problem(`fresh at sequence ${sourceSequence}, but the book was stale since sequence ${at.streamSequence}`);
    else {
      const written = JSON.stringify({ yes_dollars: state.book.yes, no_dollars: state.book.no });
      if (written !== at.book) problem(`book at sequence ${sourceSequence} differs from the stream's: ${written} vs ${at.book}`);
    }
  }
  return violations;
}

/** Notifications that disagree with the entry they announce; also how many entries were not recorded. */
export function notificationsAgree(notifications: readonly MarketStateNotification[], records: readonly KvRecord[]): { disagreements: Violation[]; unmatched: number } {
  const written = new Map(records.map((record) => [`${record.state.marketTicker}@${record.state.revision}`, record.state]));
  const disagreements: Violation[] = [];
  let unmatched = 0;
  for (const notification of notifications) {
    const state = written.get(`${notification.marketTicker}@${notification.revision}`);
    if (!state) unmatched += 1;
    else if (state.stale !== notification.stale || state.yesBid !== notification.yesBid || state.yesAsk !== notification.yesAsk) {
      disagreements.push({ ticker: notification.marketTicker, revision: notification.revision, problem: `notified ${JSON.stringify(notification)} for ${JSON.stringify({ stale: state.stale, yesBid: state.yesBid, yesAsk: state.yesAsk })}` });
    }
  }
  return { disagreements, unmatched };
}
