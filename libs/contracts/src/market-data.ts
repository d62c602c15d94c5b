/**
 * MARKET_DATA: normalised exchange data published by ingest and folded by the cache.
 * Subjects: md.{environment}.{type}.{market ticker or index id}
 */
import { z } from 'zod';
import { BookLevel, CountText, DecimalText, DollarsText, MarketTicker, OutcomeSide, PriceRange, Timestamp } from './common';
import { defineEvent } from './define';

/** Where in the exchange's stream a frame came from: one WebSocket connection, one subscription. */
const StreamPosition = z.object({
  connectionId: z.string().min(1),
  sid: z.number().int().nonnegative(),
  seq: z.number().int().nonnegative().nullable(),
});

export const BookSnapshotReceived = defineEvent({
  stream: 'MARKET_DATA',
  type: 'book.snapshot',
  version: 1,
  kind: 'event',
  description: 'A full order book (bids only, ascending by price) from the exchange; replaces any local book and marks it fresh.',
  key: (data) => data.marketTicker,
  data: StreamPosition.extend({
    marketTicker: MarketTicker,
    yes: z.array(BookLevel),
    no: z.array(BookLevel),
    receivedAt: Timestamp,
  }),
});

/** One signed change of resting size at one price level of one side. */
const BookChange = z.object({
  side: OutcomeSide,
  price: DollarsText,
  delta: CountText,
  exchangeTimestampMs: z.number().int().nullable(),
  clientOrderId: z.string().nullable(),
});

export const BookDeltaReceived = defineEvent({
  stream: 'MARKET_DATA',
  type: 'book.delta',
  version: 1,
  kind: 'event',
  description: 'A signed change of resting size at one price level of one side.',
  key: (data) => data.marketTicker,
  data: StreamPosition.extend({ marketTicker: MarketTicker, ...BookChange.shape, receivedAt: Timestamp }),
});

/** Most reports one `book.deltas` or `ticker.updates` event carries (ingest's default batch is smaller). */
export const MAXIMUM_BATCH_SIZE = 1000;

export const BookDeltasReceived = defineEvent({
  stream: 'MARKET_DATA',
  type: 'book.deltas',
  version: 1,
  kind: 'event',
  description:
    'Several `book.delta` changes of one market from one subscription, in the order received, as one message: ingest joins the deltas of a market that arrive while earlier ones still wait to be published. Folding it is folding each delta in turn.',
  key: (data) => data.marketTicker,
  data: StreamPosition.omit({ seq: true }).extend({
    marketTicker: MarketTicker,
    deltas: z
      .array(z.object({ seq: StreamPosition.shape.seq, ...BookChange.shape }))
      .min(2)
      .max(MAXIMUM_BATCH_SIZE),
    /** When the first of them was received. */
    receivedAt: Timestamp,
    /** When the last of them was received. */
    lastReceivedAt: Timestamp,
  }),
});

export const BookMarkedStale = defineEvent({
  stream: 'MARKET_DATA',
  type: 'book.stale',
  version: 1,
  kind: 'event',
  description: 'A book can no longer be trusted (sequence gap, lost connection, channel error) until a fresh snapshot arrives.',
  key: (data) => data.marketTicker,
  data: z.object({
    marketTicker: MarketTicker,
    reason: z.enum(['sequence-gap', 'connection-lost', 'channel-error', 'unsubscribed']),
    connectionId: z.string().min(1),
    sid: z.number().int().nonnegative().nullable(),
    expectedSeq: z.number().int().nullable(),
    receivedSeq: z.number().int().nullable(),
  }),
});

/** What one ticker report says of a market. */
const TickerReport = z.object({
  lastPrice: DollarsText.nullable(),
  yesBid: DollarsText.nullable(),
  yesAsk: DollarsText.nullable(),
  yesBidSize: CountText.nullable(),
  yesAskSize: CountText.nullable(),
  volume: CountText.nullable(),
  openInterest: CountText.nullable(),
  exchangeTimestampMs: z.number().int().nullable(),
});

export const TickerUpdated = defineEvent({
  stream: 'MARKET_DATA',
  type: 'ticker.updated',
  version: 1,
  kind: 'event',
  description: 'Top of book, last price, volume and open interest for one market.',
  key: (data) => data.marketTicker,
  data: z.object({ marketTicker: MarketTicker, ...TickerReport.shape, receivedAt: Timestamp }),
});

export const TickerUpdatesReceived = defineEvent({
  stream: 'MARKET_DATA',
  type: 'ticker.updates',
  version: 1,
  kind: 'event',
  description:
    'Several `ticker.updated` reports of one market, in the order received, as one message: ingest joins the ticker reports of a market that arrive while earlier ones still wait to be published. Folding it is folding each report in turn.',
  key: (data) => data.marketTicker,
  data: z.object({
    marketTicker: MarketTicker,
    updates: z.array(TickerReport).min(2).max(MAXIMUM_BATCH_SIZE),
    /** When the first of them was received. */
    receivedAt: Timestamp,
    /** When the last of them was received. */
    lastReceivedAt: Timestamp,
  }),
});

export const TradeExecuted = defineEvent({
  stream: 'MARKET_DATA',
  type: 'trade.executed',
  version: 1,
  kind: 'event',
  description: 'A public trade; takerSide is the outcome the taker bought.',
  key: (data) => data.marketTicker,
  data: z.object({
    tradeId: z.string().min(1),
    marketTicker: MarketTicker,
    yesPrice: DollarsText,
    noPrice: DollarsText,
    count: CountText,
    takerSide: OutcomeSide,
    exchangeTimestampMs: z.number().int().nullable(),
    sid: z.number().int().nonnegative().nullable(),
    seq: z.number().int().nonnegative().nullable(),
    receivedAt: Timestamp,
  }),
});

export const MarketLifecycleChanged = defineEvent({
  stream: 'MARKET_DATA',
  type: 'lifecycle.changed',
  version: 1,
  kind: 'event',
  description: 'A market_lifecycle_v2 event: created, activated, deactivated, close date updated, determined, settled, ...',
  key: (data) => data.marketTicker,
  data: z.object({
    marketTicker: MarketTicker,
    eventType: z.enum([
      'created',
      'activated',
      'deactivated',
      'close_date_updated',
      'determined',
      'settled',
      'price_level_structure_updated',
      'metadata_updated',
    ]),
    eventTicker: z.string().nullable(),
    openTime: Timestamp.nullable(),
    closeTime: Timestamp.nullable(),
    result: z.string().nullable(),
    settlementValue: DollarsText.nullable(),
    isDeactivated: z.boolean().nullable(),
    priceLevelStructure: z.string().nullable(),
    priceRanges: z.array(PriceRange).nullable(),
    floorStrike: DecimalText.nullable(),
    yesSubTitle: z.string().nullable(),
    receivedAt: Timestamp,
  }),
});

export const IndexValueUpdated = defineEvent({
  stream: 'MARKET_DATA',
  type: 'index.updated',
  version: 1,
  kind: 'event',
  description: 'A CF Benchmarks index value (BRTI for bitcoin), with the running 60-second settlement average when known.',
  key: (data) => data.indexId,
  data: z.object({
    indexId: z.string().min(1).max(40),
    value: DecimalText,
    windowedAverage: DecimalText.nullable(),
    exchangeTimestampMs: z.number().int(),
    receivedAt: Timestamp,
  }),
});

export const marketDataEvents = {
  [BookSnapshotReceived.type]: BookSnapshotReceived,
  [BookDeltaReceived.type]: BookDeltaReceived,
  [BookDeltasReceived.type]: BookDeltasReceived,
  [BookMarkedStale.type]: BookMarkedStale,
  [TickerUpdated.type]: TickerUpdated,
  [TickerUpdatesReceived.type]: TickerUpdatesReceived,
  [TradeExecuted.type]: TradeExecuted,
  [MarketLifecycleChanged.type]: MarketLifecycleChanged,
  [IndexValueUpdated.type]: IndexValueUpdated,
} as const;
