/**
 * Raw facts from the exchange's private WebSocket channels (fill, user_orders,
 * market_positions), published by ingest on TRADING exactly as the exchange reported them.
 * Execution attributes them to agents and turns them into fill.recorded, order.updated and
 * position.updated; the projector does not fold these directly.
 * Subjects: trading.{environment}.exchange.{kind}.{market ticker}
 */
import { z } from 'zod';
import { BookSide, CountText, DollarsText, MarketTicker, OutcomeSide } from './common';
import { defineEvent } from './define';

export const ExchangeFillReceived = defineEvent({
  stream: 'TRADING',
  type: 'exchange.fill',
  version: 1,
  kind: 'event',
  description: 'The exchange reported a fill of one of our orders (WebSocket fill channel).',
  key: (data) => data.marketTicker,
  data: z.object({
    tradeId: z.string().min(1),
    orderId: z.string().min(1),
    clientOrderId: z.string().nullable(),
    marketTicker: MarketTicker,
    outcomeSide: OutcomeSide,
    bookSide: BookSide,
    action: z.string(),
    yesPrice: DollarsText,
    count: CountText,
    fee: DollarsText,
    isTaker: z.boolean(),
    postPosition: CountText.nullable(),
    exchangeTimestampMs: z.number().int().nullable(),
  }),
});

export const ExchangeOrderChanged = defineEvent({
  stream: 'TRADING',
  type: 'exchange.order',
  version: 1,
  kind: 'event',
  description: 'The exchange reported a change to one of our orders (WebSocket user_orders channel).',
  key: (data) => data.marketTicker,
  data: z.object({
    orderId: z.string().min(1),
    clientOrderId: z.string().nullable(),
    marketTicker: MarketTicker,
    status: z.string(),
    outcomeSide: OutcomeSide,
    bookSide: BookSide,
    yesPrice: DollarsText,
    fillCount: CountText,
    remainingCount: CountText,
    initialCount: CountText,
    fees: DollarsText,
    fillCost: DollarsText,
    lastUpdateReason: z.string().nullable(),
    exchangeTimestampMs: z.number().int().nullable(),
  }),
});

export const ExchangePositionChanged = defineEvent({
  stream: 'TRADING',
  type: 'exchange.position',
  version: 1,
  kind: 'event',
  description: 'The exchange reported our position in a market (WebSocket market_positions channel).',
  key: (data) => data.marketTicker,
  data: z.object({
    marketTicker: MarketTicker,
    position: CountText,
    positionCost: DollarsText,
    realizedPnl: DollarsText,
    feesPaid: DollarsText,
    volume: CountText.nullable(),
  }),
});

export const exchangeEvents = {
  [ExchangeFillReceived.type]: ExchangeFillReceived,
  [ExchangeOrderChanged.type]: ExchangeOrderChanged,
  [ExchangePositionChanged.type]: ExchangePositionChanged,
} as const;
