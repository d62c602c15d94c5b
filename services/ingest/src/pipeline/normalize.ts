/**
 * One validated WebSocket data message in, at most one event out. Public channels become
 * MARKET_DATA events, private channels (fill, user_orders, market_positions) become the raw
 * TRADING `exchange.*` reports. Pure: the context carries the connection, the frame's number and
 * the time it was received, so the same frame always gives the same event (and the same id).
 *
 * Envelopes are built here without validation; the bus validates every event once, on publish.
 */
import {
  BookDeltaReceived,
  BookSnapshotReceived,
  type Environment,
  type EventData,
  type EventDefinition,
  type EventOf,
  ExchangeFillReceived,
  ExchangeOrderChanged,
  ExchangePositionChanged,
  IndexValueUpdated,
  MarketLifecycleChanged,
  TickerUpdated,
  TradeExecuted,
  formatDollars,
  parseDollars,
} from '@polly/contracts';
import type { MessageOf, StreamMessage } from '@polly/kalshi';
import { contentKey, eventId } from './event-ids';

export const SOURCE = 'ingest';

export interface FrameContext {
  environment: Environment;
  connectionId: string;
  /** Data frames received on this socket so far, this one included (ids of unsequenced frames). */
  frameNumber: number;
  receivedAt: string;
}

export type PublishableEvent = EventOf<EventDefinition>;

export type Normalized =
  | { kind: 'event'; event: PublishableEvent }
  /** A message type we read but do not publish (event lifecycle, fee updates, order groups). */
  | { kind: 'ignored'; type: string };

/** Build an envelope (validated later, by the bus, on publish). */
export function envelope<D extends EventDefinition>(
  definition: D,
  environment: Environment,
  data: EventData<D>,
  id: string,
  occurredAt: string,
): EventOf<D> {
  return {
    id,
    type: definition.type,
    version: definition.version,
    environment,
    occurredAt,
    source: SOURCE,
    correlationId: id,
    causationId: null,
    data,
  } as EventOf<D>;
}

const timeOf = (milliseconds: number | null | undefined, fallback: string): string =>
  milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds) ? fallback : new Date(milliseconds).toISOString();

const secondsToTime = (seconds: number | undefined): string | null => (seconds === undefined ? null : new Date(seconds * 1000).toISOString());

/** A strike or index level sent as a JSON number, as exact decimal text (null when it cannot be). */
export function decimalText(value: unknown): string | null {
  if (typeof value === 'string' && /^-?\d{1,15}(\.\d{1,8})?$/.test(value)) return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const text = Number.isInteger(value) ? value.toFixed(0) : value.toFixed(8).replace(/0+$/, '');
  return /^-?\d{1,15}(\.\d{1,8})?$/.test(text) ? text : null;
}

const sumDollars = (...values: Array<string | undefined>): string =>
  formatDollars(values.reduce<bigint>((sum, value) => sum + (value === undefined ? 0n : parseDollars(value)), 0n), 6);

/** The id of a frame from its position in the stream. */
function frameId(context: FrameContext, message: StreamMessage): string {
  const position = message.seq === null ? `f${context.frameNumber}` : message.seq;
  return eventId(['md', context.environment, context.connectionId], [message.sid, position]);
}

type Handler<Type extends StreamMessage['type']> = (message: MessageOf<Type>, context: FrameContext) => Normalized;

/** The normalised event for one frame. */
function emit<D extends EventDefinition>(definition: D, context: FrameContext, data: EventData<D>, id: string, occurredAt: string): Normalized {
  return { kind: 'event', event: envelope(definition, context.environment, data, id, occurredAt) };
}

const handlers: { [Type in StreamMessage['type']]: Handler<Type> } = {
  orderbook_snapshot: (message, context) => {
    const { msg } = message;
    return emit(
      BookSnapshotReceived,
      context,
      {
        connectionId: context.connectionId,
        sid: message.sid,
        seq: message.seq,
        marketTicker: msg.market_ticker,
        yes: msg.yes_dollars_fp,
        no: msg.no_dollars_fp,
        receivedAt: context.receivedAt,
      },
      frameId(context, message),
      context.receivedAt,
    );
  },
  orderbook_delta: (message, context) => {
    const { msg } = message;
    return emit(
      BookDeltaReceived,
      context,
      {
        connectionId: context.connectionId,
        sid: message.sid,
        seq: message.seq,
        marketTicker: msg.market_ticker,
        side: msg.side,
        price: msg.price_dollars,
        delta: msg.delta_fp,
        exchangeTimestampMs: msg.ts_ms ?? null,
        clientOrderId: msg.client_order_id ?? null,
        receivedAt: context.receivedAt,
      },
      frameId(context, message),
      timeOf(msg.ts_ms, context.receivedAt),
    );
  },
  ticker: (message, context) => {
    const { msg } = message;
    return emit(
      TickerUpdated,
      context,
      {
        marketTicker: msg.market_ticker,
        lastPrice: msg.price_dollars,
        yesBid: msg.yes_bid_dollars,
        yesAsk: msg.yes_ask_dollars,
        yesBidSize: msg.yes_bid_size_fp,
        yesAskSize: msg.yes_ask_size_fp,
        volume: msg.volume_fp,
        openInterest: msg.open_interest_fp,
        exchangeTimestampMs: msg.ts_ms,
        receivedAt: context.receivedAt,
      },
      frameId(context, message),
      timeOf(msg.ts_ms, context.receivedAt),
    );
  },
  trade: (message, context) => {
    const { msg } = message;
    return emit(
      TradeExecuted,
      context,
      {
        tradeId: msg.trade_id,
        marketTicker: msg.market_ticker,
        yesPrice: msg.yes_price_dollars,
        noPrice: msg.no_price_dollars,
        count: msg.count_fp,
        takerSide: msg.taker_outcome_side,
        exchangeTimestampMs: msg.ts_ms,
        sid: message.sid,
        seq: message.seq,
        receivedAt: context.receivedAt,
      },
      eventId(['md', context.environment, 'trade'], [msg.trade_id]),
      timeOf(msg.ts_ms, context.receivedAt),
    );
  },
  market_lifecycle_v2: (message, context) => {
    const { msg } = message;
    const metadata = msg.additional_metadata ?? {};
    const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
    return emit(
      MarketLifecycleChanged,
      context,
      {
        marketTicker: msg.market_ticker,
        eventType: msg.event_type,
        eventTicker: text(metadata.event_ticker),
        openTime: secondsToTime(msg.open_ts),
        closeTime: secondsToTime(msg.close_ts),
        result: msg.result ?? null,
        settlementValue: msg.settlement_value ?? null,
        isDeactivated: msg.is_deactivated ?? null,
        priceLevelStructure: msg.price_level_structure ?? null,
        priceRanges: msg.price_ranges ?? null,
        floorStrike: decimalText(msg.floor_strike ?? metadata.floor_strike),
        yesSubTitle: msg.yes_sub_title ?? text(metadata.yes_sub_title),
        receivedAt: context.receivedAt,
      },
      frameId(context, message),
      context.receivedAt,
    );
  },
  cfbenchmarks_value: (message, context) => indexEvent(message, context),
  cfbenchmarks_value_5hz: (message, context) => indexEvent(message, context),
  fill: (message, context) => {
    const { msg } = message;
    return emit(
      ExchangeFillReceived,
      context,
      {
        tradeId: msg.trade_id,
        orderId: msg.order_id,
        clientOrderId: msg.client_order_id ?? null,
        marketTicker: msg.market_ticker,
        outcomeSide: msg.outcome_side,
        bookSide: msg.book_side,
        action: msg.action ?? '',
        yesPrice: msg.yes_price_dollars,
        count: msg.count_fp,
        fee: msg.fee_cost,
        isTaker: msg.is_taker,
        postPosition: msg.post_position_fp ?? null,
        exchangeTimestampMs: msg.ts_ms ?? (msg.ts === undefined ? null : msg.ts * 1000),
      },
      eventId(['trading', context.environment, 'fill'], [msg.trade_id, msg.order_id]),
      timeOf(msg.ts_ms, context.receivedAt),
    );
  },
  user_order: (message, context) => {
    const { msg } = message;
    const updatedAt = msg.last_updated_ts_ms ?? msg.created_ts_ms ?? null;
    const stamp = msg.last_updated_ts_ms ?? msg.last_update_time ?? contentKey([msg.status, msg.fill_count_fp, msg.remaining_count_fp, msg.yes_price_dollars]);
    return emit(
      ExchangeOrderChanged,
      context,
      {
        orderId: msg.order_id,
        clientOrderId: msg.client_order_id ?? null,
        marketTicker: msg.ticker,
        status: msg.status,
        outcomeSide: msg.outcome_side,
        bookSide: msg.book_side,
        yesPrice: msg.yes_price_dollars,
        fillCount: msg.fill_count_fp,
        remainingCount: msg.remaining_count_fp,
        initialCount: msg.initial_count_fp,
        fees: sumDollars(msg.taker_fees_dollars, msg.maker_fees_dollars),
        fillCost: sumDollars(msg.taker_fill_cost_dollars, msg.maker_fill_cost_dollars),
        lastUpdateReason: msg.last_update_reason ?? null,
        exchangeTimestampMs: updatedAt,
      },
      eventId(['trading', context.environment, 'order'], [msg.order_id, stamp]),
      timeOf(updatedAt, context.receivedAt),
    );
  },
  market_position: (message, context) => {
    const { msg } = message;
    // A position report has no id or time of its own; every field together identifies it.
    const key = contentKey([msg.market_ticker, msg.position_fp, msg.position_cost_dollars, msg.realized_pnl_dollars, msg.fees_paid_dollars, msg.volume_fp]);
    return emit(
      ExchangePositionChanged,
      context,
      {
        marketTicker: msg.market_ticker,
        position: msg.position_fp,
        positionCost: msg.position_cost_dollars,
        realizedPnl: msg.realized_pnl_dollars,
        feesPaid: msg.fees_paid_dollars,
        volume: msg.volume_fp ?? null,
      },
      eventId(['trading', context.environment, 'position'], [msg.market_ticker, key]),
      context.receivedAt,
    );
  },
  order_group_updates: (message) => ({ kind: 'ignored', type: message.type }),
  event_lifecycle: (message) => ({ kind: 'ignored', type: message.type }),
  event_fee_update: (message) => ({ kind: 'ignored', type: message.type }),
};

function indexEvent(message: MessageOf<'cfbenchmarks_value'> | MessageOf<'cfbenchmarks_value_5hz'>, context: FrameContext): Normalized {
  const { msg } = message;
  return emit(
    IndexValueUpdated,
    context,
    {
      indexId: msg.index_id,
      value: msg.value,
      windowedAverage: msg.last_60s_windowed_average_15min ?? null,
      exchangeTimestampMs: msg.ts_ms,
      receivedAt: context.receivedAt,
    },
    frameId(context, message),
    timeOf(msg.ts_ms, context.receivedAt),
  );
}

/** Turn one validated data message into the event to publish (or say why it is not published). */
export function normalize(message: StreamMessage, context: FrameContext): Normalized {
  return (handlers[message.type] as Handler<StreamMessage['type']>)(message as never, context);
}
