/**
 * Turning one WebSocket frame into a typed value. Nothing here throws: a frame is either a data
 * message, a command reply, or a rejection with a reason (counted and reported by the client).
 */
import { z } from 'zod';
import {
  EventFeeUpdateMessage,
  EventLifecycleMessage,
  IndexValueMessage,
  MarketLifecycleMessage,
  OrderbookDeltaMessage,
  OrderbookSnapshotMessage,
  TickerMessage,
  TradeMessage,
} from './market-data';
import { FillMessage, MarketPositionMessage, OrderGroupUpdateMessage, UserOrderMessage } from './private';

export * from './market-data';
export * from './private';

/** Schemas of the `msg` of every data frame type, by `type`. */
export const dataMessageSchemas = {
  orderbook_snapshot: OrderbookSnapshotMessage,
  orderbook_delta: OrderbookDeltaMessage,
  ticker: TickerMessage,
  trade: TradeMessage,
  fill: FillMessage,
  market_position: MarketPositionMessage,
  user_order: UserOrderMessage,
  order_group_updates: OrderGroupUpdateMessage,
  market_lifecycle_v2: MarketLifecycleMessage,
  event_lifecycle: EventLifecycleMessage,
  event_fee_update: EventFeeUpdateMessage,
  cfbenchmarks_value: IndexValueMessage,
  cfbenchmarks_value_5hz: IndexValueMessage,
} as const;

export type DataMessageType = keyof typeof dataMessageSchemas;

/** A validated data frame in the CURRENT shape: `sid` names the subscription, `seq` its position. */
export type StreamMessage = {
  [Type in DataMessageType]: {
    type: Type;
    sid: number;
    /** Per-subscription sequence number; null on channels without one (ticker, fill, ...). */
    seq: number | null;
    /** The command id when the frame answers a command (a `get_snapshot` snapshot). */
    id: number | null;
    msg: z.infer<(typeof dataMessageSchemas)[Type]>;
  };
}[DataMessageType];

export type MessageOf<Type extends DataMessageType> = Extract<StreamMessage, { type: Type }>;

export type ControlFrame =
  | { type: 'subscribed'; id: number | null; sid: number; channel: string }
  | { type: 'unsubscribed'; id: number | null; sid: number; seq: number | null }
  | { type: 'ok'; id: number | null; sid: number | null; seq: number | null; msg: unknown }
  | { type: 'error'; id: number | null; sid: number | null; code: number; message: string; marketTickers: string[] };

export type RejectionReason =
  | 'binary-frame'
  | 'invalid-json'
  | 'not-an-object'
  | 'missing-type'
  | 'unknown-type'
  | 'invalid-envelope'
  | 'invalid-message';

export type ParsedFrame =
  | { kind: 'data'; message: StreamMessage }
  | { kind: 'control'; frame: ControlFrame }
  | { kind: 'rejected'; reason: RejectionReason; type?: string; detail: string };

const CommandId = z.number().int().nullable().optional().transform((id) => (id === undefined || id === 0 ? null : id));
const Sequence = z.number().int().nonnegative().nullable().optional().transform((seq) => seq ?? null);

const DataEnvelope = z.object({ sid: z.number().int().nonnegative(), seq: Sequence, id: CommandId, msg: z.unknown() });

const controlSchemas = {
  subscribed: z
    .object({ id: CommandId, msg: z.object({ channel: z.string(), sid: z.number().int().nonnegative() }) })
    .transform((frame): ControlFrame => ({ type: 'subscribed', id: frame.id, sid: frame.msg.sid, channel: frame.msg.channel })),
  unsubscribed: z
    .object({ id: CommandId, sid: z.number().int().nonnegative(), seq: Sequence })
    .transform((frame): ControlFrame => ({ type: 'unsubscribed', id: frame.id, sid: frame.sid, seq: frame.seq })),
  ok: z
    .object({ id: CommandId, sid: z.number().int().nonnegative().optional(), seq: Sequence, msg: z.unknown().optional() })
    .transform((frame): ControlFrame => ({ type: 'ok', id: frame.id, sid: frame.sid ?? null, seq: frame.seq, msg: frame.msg ?? null })),
  error: z
    .object({
      id: CommandId,
      sid: z.number().int().nonnegative().optional(),
      msg: z.object({
        code: z.number().int(),
        msg: z.string().optional(),
        market_ticker: z.string().optional(),
        market_tickers: z.array(z.string()).optional(),
      }),
    })
    .transform(
      (frame): ControlFrame => ({
        type: 'error',
        id: frame.id,
        sid: frame.sid ?? null,
        code: frame.msg.code,
        message: frame.msg.msg ?? `error ${frame.msg.code}`,
        marketTickers: frame.msg.market_tickers ?? (frame.msg.market_ticker ? [frame.msg.market_ticker] : []),
      }),
    ),
} as const;

const describeIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(frame)'}: ${issue.message}`)
    .join('; ');

const isDataType = (type: string): type is DataMessageType => Object.hasOwn(dataMessageSchemas, type);
const isControlType = (type: string): type is keyof typeof controlSchemas => Object.hasOwn(controlSchemas, type);

/** Parse one text frame. */
export function parseFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'rejected', reason: 'invalid-json', detail: text.slice(0, 200) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'rejected', reason: 'not-an-object', detail: text.slice(0, 200) };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return { kind: 'rejected', reason: 'missing-type', detail: text.slice(0, 200) };

  if (isControlType(type)) {
    const parsed = controlSchemas[type].safeParse(value);
    return parsed.success
      ? { kind: 'control', frame: parsed.data }
      : { kind: 'rejected', reason: 'invalid-envelope', type, detail: describeIssues(parsed.error) };
  }
  if (!isDataType(type)) return { kind: 'rejected', reason: 'unknown-type', type, detail: text.slice(0, 200) };

  const envelope = DataEnvelope.safeParse(value);
  if (!envelope.success) return { kind: 'rejected', reason: 'invalid-envelope', type, detail: describeIssues(envelope.error) };
  const message = dataMessageSchemas[type].safeParse(envelope.data.msg);
  if (!message.success) return { kind: 'rejected', reason: 'invalid-message', type, detail: describeIssues(message.error) };
  const { sid, seq, id } = envelope.data;
  return { kind: 'data', message: { type, sid, seq, id, msg: message.data } as StreamMessage };
}
