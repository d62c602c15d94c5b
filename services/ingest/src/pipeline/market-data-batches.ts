/**
 * Joining market data that waits in the publish queue. Under load, the book deltas of one market
 * that arrive while earlier ones still wait are published together as one `book.deltas` event,
 * and its ticker reports as one `ticker.updates`, instead of one message each: fewer, larger
 * JetStream messages for ingest, the broker and the cache. Rules:
 * - only deltas of the same market, connection and subscription (sid), each with a sequence
 *   number, join; only ticker reports of the same market join; each batch keeps arrival order;
 * - deltas and ticker reports change different parts of a market (its book; its last price,
 *   volume and open interest), so they do not hold each other back; any other event of the market
 *   (snapshot, stale mark, trade, lifecycle) is a barrier for both: nothing after it joins a batch
 *   queued before it; an event of no market is a barrier for every market, except an index value,
 *   which changes no market;
 * - a batch's id is derived from its first report and its size (deltas: the first and last
 *   sequence numbers), so a retried publish of the same batch is still dropped as a duplicate.
 * Pure: no I/O; the queue decides when items wait (see publish-queue.ts).
 */
import {
  type BookDeltaReceived,
  BookDeltasReceived,
  type EventData,
  type EventOf,
  MAXIMUM_BATCH_SIZE,
  type TickerUpdated,
  TickerUpdatesReceived,
} from '@polly/contracts';
import { eventId } from './event-ids';
import { type PublishableEvent, envelope } from './normalize';
import type { Coalescing } from './publish-queue';

type Delta = EventOf<typeof BookDeltaReceived>;
type Deltas = EventOf<typeof BookDeltasReceived>;
type Ticker = EventOf<typeof TickerUpdated>;
type Tickers = EventOf<typeof TickerUpdatesReceived>;
type BatchedDelta = EventData<typeof BookDeltasReceived>['deltas'][number];
type BatchedTicker = EventData<typeof TickerUpdatesReceived>['updates'][number];

const isDelta = (event: PublishableEvent): event is Delta => event.type === 'book.delta';
const isDeltas = (event: PublishableEvent): event is Deltas => event.type === 'book.deltas';
const isTicker = (event: PublishableEvent): event is Ticker => event.type === 'ticker.updated';
const isTickers = (event: PublishableEvent): event is Tickers => event.type === 'ticker.updates';

const bookKey = (market: string) => `book:${market}`;
const tickerKey = (market: string) => `ticker:${market}`;

const batchedDelta = ({ data }: Delta): BatchedDelta => ({
  seq: data.seq,
  side: data.side,
  price: data.price,
  delta: data.delta,
  exchangeTimestampMs: data.exchangeTimestampMs,
  clientOrderId: data.clientOrderId,
});

const batchedTicker = ({ data }: Ticker): BatchedTicker => ({
  lastPrice: data.lastPrice,
  yesBid: data.yesBid,
  yesAsk: data.yesAsk,
  yesBidSize: data.yesBidSize,
  yesAskSize: data.yesAskSize,
  volume: data.volume,
  openInterest: data.openInterest,
  exchangeTimestampMs: data.exchangeTimestampMs,
});

/** A delta batch's id: its subscription and the sequence numbers of its first and last delta. */
function deltasId(environment: string, connectionId: string, sid: number, deltas: readonly BatchedDelta[]): string {
  return eventId(['md', environment, connectionId], [sid, `${deltas[0]?.seq ?? 'x'}-${deltas.at(-1)?.seq ?? 'x'}`]);
}

/** A ticker batch's id: its first report's id and how many it holds. */
function tickersId(firstId: string, count: number): string {
  const [kind = 'md', environment = 'unknown', ...position] = firstId.split(':');
  return eventId([kind, environment, 'tickers'], [position.join(':'), `n${count}`]);
}

/** The market an event belongs to, if any. */
function marketOf(event: PublishableEvent): string | null {
  const data = event.data as { marketTicker?: unknown };
  return typeof data.marketTicker === 'string' ? data.marketTicker : null;
}

function joinDelta(waiting: PublishableEvent, item: Delta, maximum: number): PublishableEvent | null {
  // A batch's id comes from its sequence numbers: a delta without one is published alone.
  if (item.data.seq === null) return null;
  if (isDelta(waiting)) {
    if (waiting.data.seq === null) return null;
    if (waiting.data.connectionId !== item.data.connectionId || waiting.data.sid !== item.data.sid) return null;
    const deltas = [batchedDelta(waiting), batchedDelta(item)];
    const { connectionId, sid, marketTicker, receivedAt } = waiting.data;
    const data = { connectionId, sid, marketTicker, deltas, receivedAt, lastReceivedAt: item.data.receivedAt };
    return envelope(BookDeltasReceived, waiting.environment, data, deltasId(waiting.environment, connectionId, sid, deltas), waiting.occurredAt);
  }
  if (!isDeltas(waiting)) return null;
  const { data } = waiting;
  if (data.deltas.length >= maximum || data.connectionId !== item.data.connectionId || data.sid !== item.data.sid) return null;
  // The batch still waits in the queue, so it is ours to extend.
  data.deltas.push(batchedDelta(item));
  data.lastReceivedAt = item.data.receivedAt;
  // The id follows when the batch leaves the queue (seal).
  return waiting;
}

/** Ticker batches keep the id of their first report in a side table (the envelope holds the batch's). */
function joinTicker(waiting: PublishableEvent, item: Ticker, maximum: number, firstIds: WeakMap<Tickers, string>): PublishableEvent | null {
  if (isTicker(waiting)) {
    const updates = [batchedTicker(waiting), batchedTicker(item)];
    const data = { marketTicker: waiting.data.marketTicker, updates, receivedAt: waiting.data.receivedAt, lastReceivedAt: item.data.receivedAt };
    const batch = envelope(TickerUpdatesReceived, waiting.environment, data, tickersId(waiting.id, 2), waiting.occurredAt);
    firstIds.set(batch, waiting.id);
    return batch;
  }
  if (!isTickers(waiting) || waiting.data.updates.length >= maximum) return null;
  waiting.data.updates.push(batchedTicker(item));
  waiting.data.lastReceivedAt = item.data.receivedAt;
  // The id follows when the batch leaves the queue (seal).
  return waiting;
}

/** A batch's final id, once nothing more can join it. */
function seal(event: PublishableEvent, firstIds: WeakMap<Tickers, string>): PublishableEvent {
  if (isDeltas(event)) event.id = deltasId(event.environment, event.data.connectionId, event.data.sid, event.data.deltas);
  else if (isTickers(event)) event.id = tickersId(firstIds.get(event) ?? event.id, event.data.updates.length);
  else return event;
  event.correlationId = event.id;
  return event;
}

/**
 * Coalescing rules for the publish queue. `maximum` bounds a batch (1 turns joining off); the
 * contract allows at most MAXIMUM_BATCH_SIZE.
 */
export function marketDataCoalescing(maximum: number): Coalescing<PublishableEvent> {
  if (!Number.isInteger(maximum) || maximum < 1 || maximum > MAXIMUM_BATCH_SIZE) {
    throw new Error(`a batch holds 1 to ${MAXIMUM_BATCH_SIZE} reports, not ${maximum}`);
  }
  const firstIds = new WeakMap<Tickers, string>();
  return {
    key: (event) => {
      if (maximum === 1) return null;
      if (isDelta(event)) return bookKey(event.data.marketTicker);
      return isTicker(event) ? tickerKey(event.data.marketTicker) : null;
    },
    barrier: (event) => {
      // An index value belongs to no market and changes none.
      if (isDelta(event) || isTicker(event) || event.type === 'index.updated') return [];
      const market = marketOf(event);
      return market === null ? 'all' : [bookKey(market), tickerKey(market)];
    },
    join: (waiting, item) => {
      if (isDelta(item)) return joinDelta(waiting, item, maximum);
      return isTicker(item) ? joinTicker(waiting, item, maximum, firstIds) : null;
    },
    seal: (event) => seal(event, firstIds),
  };
}

/** How many reports a published event carries (a batch's size; 1 for any other event). */
export function reportCount(event: PublishableEvent): number {
  if (isDeltas(event)) return event.data.deltas.length;
  return isTickers(event) ? event.data.updates.length : 1;
}
