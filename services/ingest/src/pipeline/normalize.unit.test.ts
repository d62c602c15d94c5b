import { type AnyEvent, STREAMS, definitionOf, parseEvent, subjectOf } from '@polly/contracts';
import { type StreamMessage, parseFrame } from '@polly/kalshi';
import { type FrameContext, decimalText, normalize } from './normalize';

const context: FrameContext = {
  environment: 'demo',
  connectionId: '3b0d7c1e-55aa-4b7e-9d7e-0f6d1c2b3a4e',
  frameNumber: 42,
  receivedAt: '2026-07-22T17:15:00.123Z',
};

function message(frame: Record<string, unknown>): StreamMessage {
  const parsed = parseFrame(JSON.stringify(frame));
  if (parsed.kind !== 'data') throw new Error(`not a data frame: ${JSON.stringify(parsed)}`);
  return parsed.message;
}

/** Normalise a frame and check the event against the catalogue, as the bus will on publish. */
function published(frame: Record<string, unknown>): { event: AnyEvent; subject: string } {
  const normalized = normalize(message(frame), context);
  if (normalized.kind !== 'event') throw new Error(`not published: ${normalized.type}`);
  const parsed = parseEvent(normalized.event);
  if (!parsed.ok) throw new Error(parsed.reason);
  const definition = definitionOf(parsed.event.type);
  if (!definition) throw new Error('unknown type');
  return { event: parsed.event, subject: subjectOf(definition, parsed.event) };
}

const TICKER = 'KXHIGHNY-26MAY16-B78.5';

describe('an orderbook snapshot frame', () => {
  const { event, subject } = published({
    type: 'orderbook_snapshot',
    sid: 2,
    seq: 1,
    msg: { market_ticker: TICKER, yes_dollars_fp: [['0.0800', '300.00']], no_dollars_fp: [['0.5400', '20.00'], ['0.5600', '146.00']] },
  });

  it('becomes book.snapshot with both sides and where it sits in the stream', () => {
    expect(event).toMatchObject({
      type: 'book.snapshot',
      environment: 'demo',
      source: 'ingest',
      data: { connectionId: context.connectionId, sid: 2, seq: 1, marketTicker: TICKER, yes: [['0.0800', '300.00']], no: [['0.5400', '20.00'], ['0.5600', '146.00']] },
    });
  });

  it('has the id md:{environment}:{connection}:{sid}:{seq}', () => {
    expect(event.id).toBe(`md:demo:${context.connectionId}:2:1`);
  });

  it('goes on the market subject with the dot in the ticker escaped', () => {
    expect(subject).toBe('md.demo.book.snapshot.KXHIGHNY-26MAY16-B78%2E5');
    expect(STREAMS.MARKET_DATA.prefix).toBe('md');
  });

  it('gives an empty side when the exchange leaves it out', () => {
    const empty = published({ type: 'orderbook_snapshot', sid: 2, seq: 3, msg: { market_ticker: TICKER } });
    expect(empty.event.data).toMatchObject({ yes: [], no: [] });
  });
});

describe('an orderbook delta frame', () => {
  const frame = {
    type: 'orderbook_delta',
    sid: 2,
    seq: 9,
    msg: { market_ticker: TICKER, price_dollars: '0.9600', delta_fp: '-54.00', side: 'no', ts_ms: 1669149841000, client_order_id: 'mine-1' },
  };

  it('becomes book.delta with the signed change, exchange time and our client order id', () => {
    const { event } = published(frame);
    expect(event).toMatchObject({
      type: 'book.delta',
      id: `md:demo:${context.connectionId}:2:9`,
      occurredAt: '2022-11-22T20:44:01.000Z',
      data: { sid: 2, seq: 9, side: 'no', price: '0.9600', delta: '-54.00', exchangeTimestampMs: 1669149841000, clientOrderId: 'mine-1' },
    });
  });

  it('gives the same id for the same frame (a republish is a broker duplicate)', () => {
    expect(published(frame).event.id).toBe(published(frame).event.id);
  });

  it('converts a LEGACY-only frame to exact fixed point', () => {
    const { event } = published({ type: 'orderbook_delta', sid: 2, seq: 10, msg: { market_ticker: TICKER, price: 42, delta: 3, side: 'yes' } });
    expect(event.data).toMatchObject({ price: '0.4200', delta: '3.00', exchangeTimestampMs: null, clientOrderId: null });
  });
});

describe('a ticker frame', () => {
  it('becomes ticker.updated, with the frame number in its id since tickers carry no seq', () => {
    const { event } = published({
      type: 'ticker',
      sid: 11,
      msg: {
        market_ticker: TICKER,
        price_dollars: '0.4800',
        yes_bid_dollars: '0.4500',
        yes_ask_dollars: '0.5300',
        volume_fp: '33896.00',
        open_interest_fp: '20422.00',
        yes_bid_size_fp: '300.00',
        yes_ask_size_fp: '150.00',
        ts_ms: 1669149841000,
      },
    });
    expect(event).toMatchObject({
      type: 'ticker.updated',
      id: `md:demo:${context.connectionId}:11:f42`,
      data: { lastPrice: '0.4800', yesBid: '0.4500', yesAsk: '0.5300', yesBidSize: '300.00', yesAskSize: '150.00', volume: '33896.00', openInterest: '20422.00' },
    });
  });

  it('reads an empty price of a market that never traded as no price', () => {
    const { event } = published({ type: 'ticker', sid: 11, msg: { market_ticker: TICKER, price_dollars: '' } });
    expect(event.data).toMatchObject({ lastPrice: null, volume: null, exchangeTimestampMs: null });
  });
});

describe('a trade frame', () => {
  it('becomes trade.executed with the id md:{environment}:trade:{trade_id}', () => {
    const { event } = published({
      type: 'trade',
      sid: 12,
      seq: 2,
      msg: { trade_id: 'd91bc706-1', market_ticker: TICKER, yes_price_dollars: '0.3600', no_price_dollars: '0.6400', count_fp: '136.00', taker_outcome_side: 'no', ts_ms: 1669149841000 },
    });
    expect(event).toMatchObject({
      type: 'trade.executed',
      id: 'md:demo:trade:d91bc706-1',
      data: { tradeId: 'd91bc706-1', yesPrice: '0.3600', noPrice: '0.6400', count: '136.00', takerSide: 'no', sid: 12, seq: 2 },
    });
  });
});

describe('a market lifecycle frame', () => {
  it('becomes lifecycle.changed with times, strike and event ticker from the metadata', () => {
    const { event } = published({
      type: 'market_lifecycle_v2',
      sid: 13,
      seq: 3,
      msg: {
        market_ticker: 'KXBTC15M-26JUL221315-15',
        event_type: 'created',
        open_ts: 1694635200,
        close_ts: 1694721600,
        additional_metadata: { event_ticker: 'KXBTC15M-26JUL221315', floor_strike: 79421.7, yes_sub_title: 'Target price: TBD' },
        price_level_structure: 'tapered_deci_cent',
        price_ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }],
      },
    });
    expect(event).toMatchObject({
      type: 'lifecycle.changed',
      data: {
        eventType: 'created',
        eventTicker: 'KXBTC15M-26JUL221315',
        openTime: '2023-09-13T20:00:00.000Z',
        closeTime: '2023-09-14T20:00:00.000Z',
        floorStrike: '79421.7',
        yesSubTitle: 'Target price: TBD',
        priceLevelStructure: 'tapered_deci_cent',
      },
    });
  });

  it('carries the result and settlement value of a determined market', () => {
    const { event } = published({
      type: 'market_lifecycle_v2',
      sid: 13,
      seq: 4,
      msg: { market_ticker: TICKER, event_type: 'determined', result: 'yes', settlement_value: '1.0000', determination_ts: 1694721700 },
    });
    expect(event.data).toMatchObject({ eventType: 'determined', result: 'yes', settlementValue: '1.0000', eventTicker: null, floorStrike: null });
  });
});

describe('an index value frame', () => {
  it('becomes index.updated on the index subject', () => {
    const { event, subject } = published({
      type: 'cfbenchmarks_value',
      sid: 3,
      seq: 17,
      msg: { index_id: 'BRTI', value: '97123.45', ts_ms: 1767225600000, last_60s_windowed_average_15min: '97100.12' },
    });
    expect(event.data).toMatchObject({ indexId: 'BRTI', value: '97123.45', windowedAverage: '97100.12', exchangeTimestampMs: 1767225600000 });
    expect(subject).toBe('md.demo.index.updated.BRTI');
  });
});

describe('private frames', () => {
  it('a fill becomes TRADING exchange.fill, identified by trade and order', () => {
    const { event, subject } = published({
      type: 'fill',
      sid: 14,
      msg: {
        trade_id: 't-1',
        order_id: 'o-1',
        client_order_id: 'intent-1',
        market_ticker: TICKER,
        is_taker: true,
        action: 'buy',
        outcome_side: 'yes',
        book_side: 'bid',
        yes_price_dollars: '0.7500',
        count_fp: '278.00',
        fee_cost: '0.010000',
        post_position_fp: '500.00',
        ts_ms: 1671899397000,
      },
    });
    expect(event).toMatchObject({ type: 'exchange.fill', id: 'trading:demo:fill:t-1:o-1', data: { fee: '0.010000', postPosition: '500.00', isTaker: true } });
    expect(subject.startsWith('trading.demo.exchange.fill.')).toBe(true);
  });

  it('a user order becomes exchange.order with fees and fill cost summed over maker and taker, identified by order and update time', () => {
    const { event } = published({
      type: 'user_order',
      sid: 15,
      msg: {
        order_id: 'o-2',
        ticker: TICKER,
        status: 'resting',
        outcome_side: 'yes',
        book_side: 'bid',
        yes_price_dollars: '0.3500',
        fill_count_fp: '2.00',
        remaining_count_fp: '8.00',
        initial_count_fp: '10.00',
        taker_fill_cost_dollars: '0.350000',
        maker_fill_cost_dollars: '0.350000',
        taker_fees_dollars: '0.010000',
        maker_fees_dollars: '0.002500',
        last_updated_ts_ms: 1733047200000,
        last_update_reason: 'Trade',
      },
    });
    expect(event).toMatchObject({
      type: 'exchange.order',
      id: 'trading:demo:order:o-2:1733047200000',
      data: { fees: '0.012500', fillCost: '0.700000', lastUpdateReason: 'Trade', exchangeTimestampMs: 1733047200000 },
    });
  });

  it('a market position becomes exchange.position; the same report gives the same id, a changed one another', () => {
    const frame = (position: string) => ({
      type: 'market_position',
      sid: 16,
      msg: { market_ticker: TICKER, position_fp: position, position_cost_dollars: '50.0000', realized_pnl_dollars: '10.0000', fees_paid_dollars: '1.0000' },
    });
    const first = published(frame('100.00')).event;
    expect(first).toMatchObject({ type: 'exchange.position', data: { position: '100.00', volume: null } });
    expect(published(frame('100.00')).event.id).toBe(first.id);
    expect(published(frame('90.00')).event.id).not.toBe(first.id);
  });
});

describe('message types that are read but not published', () => {
  it.each([
    { type: 'event_lifecycle', sid: 13, seq: 5, msg: { event_ticker: 'KXBTC15M-26JUL221315' } },
    { type: 'event_fee_update', sid: 13, seq: 6, msg: { event_ticker: 'KXBTC15M-26JUL221315', fee_type_override: null } },
    { type: 'order_group_updates', sid: 21, seq: 7, msg: { event_type: 'created', order_group_id: 'og-1' } },
  ])('$type is ignored and named', (frame) => {
    expect(normalize(message(frame), context)).toEqual({ kind: 'ignored', type: frame.type });
  });
});

describe('decimal text from JSON numbers', () => {
  it.each([
    [79421.7, '79421.7'],
    [4487, '4487'],
    ['97123.45', '97123.45'],
    [1e-9, null],
    [Number.NaN, null],
    [undefined, null],
  ])('%s gives %s', (value, expected) => {
    expect(decimalText(value)).toBe(expected);
  });
});

describe('very long tickers', () => {
  it('get a hashed id that is still valid and deterministic', () => {
    const long = `${'X'.repeat(150)}-26MAY16`;
    const frame = { type: 'orderbook_delta', sid: 2, seq: 1, msg: { market_ticker: long, price_dollars: '0.5000', delta_fp: '1.00', side: 'yes' } };
    const { event } = published(frame);
    expect(event.id.length).toBeLessThanOrEqual(200);
    expect(published(frame).event.id).toBe(event.id);
  });
});
