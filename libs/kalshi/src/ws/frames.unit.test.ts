import { type ParsedFrame, parseFrame } from './frames';

const frame = (value: unknown): ParsedFrame => parseFrame(JSON.stringify(value));
const dataOf = (parsed: ParsedFrame) => {
  if (parsed.kind !== 'data') throw new Error(`expected a data frame, got ${JSON.stringify(parsed)}`);
  return parsed.message;
};

describe('parsing CURRENT frames', () => {
  it('reads an order book snapshot with absent empty sides', () => {
    const message = dataOf(
      frame({
        type: 'orderbook_snapshot',
        sid: 2,
        seq: 2,
        msg: { market_ticker: 'FED-23DEC-T3.00', market_id: '9b0f', yes_dollars_fp: [['0.0800', '300.00'], ['0.2200', '333.00']] },
      }),
    );
    expect(message).toEqual({
      type: 'orderbook_snapshot',
      sid: 2,
      seq: 2,
      id: null,
      msg: {
        market_ticker: 'FED-23DEC-T3.00',
        market_id: '9b0f',
        yes_dollars_fp: [
          ['0.0800', '300.00'],
          ['0.2200', '333.00'],
        ],
        no_dollars_fp: [],
        legacy: false,
      },
    });
  });

  it('keeps the command id of a get_snapshot answer', () => {
    const message = dataOf(frame({ type: 'orderbook_snapshot', sid: 2, seq: 9, id: 14, msg: { market_ticker: 'A' } }));
    expect(message.id).toBe(14);
  });

  it('reads an order book delta with a signed count', () => {
    const message = dataOf(
      frame({
        type: 'orderbook_delta',
        sid: 2,
        seq: 3,
        msg: {
          market_ticker: 'FED-23DEC-T3.00',
          price_dollars: '0.9600',
          delta_fp: '-54.00',
          side: 'yes',
          ts: '2022-11-22T20:44:01Z',
          ts_ms: 1669149841000,
          client_order_id: 'mine-1',
        },
      }),
    );
    expect(message).toMatchObject({
      type: 'orderbook_delta',
      seq: 3,
      msg: { price_dollars: '0.9600', delta_fp: '-54.00', side: 'yes', ts_ms: 1669149841000, client_order_id: 'mine-1', legacy: false },
    });
  });

  it('reads a ticker, treating an empty price as no price', () => {
    const message = dataOf(
      frame({
        type: 'ticker',
        sid: 11,
        msg: {
          market_ticker: 'FED-23DEC-T3.00',
          price_dollars: '',
          yes_bid_dollars: '0.4500',
          yes_ask_dollars: '0.5300',
          volume_fp: '33896.00',
          open_interest_fp: '20422.00',
          dollar_volume: 16948,
          ts: 1669149841,
          ts_ms: 1669149841000,
          Clock: 6598272994,
        },
      }),
    );
    expect(message).toMatchObject({
      type: 'ticker',
      seq: null,
      msg: { price_dollars: null, yes_bid_dollars: '0.4500', yes_ask_dollars: '0.5300', volume_fp: '33896.00', ts_ms: 1669149841000 },
    });
  });

  it('reads a trade', () => {
    const message = dataOf(
      frame({
        type: 'trade',
        sid: 11,
        seq: 2,
        msg: {
          trade_id: 'd91b',
          market_ticker: 'HIGHNY-22DEC23-B53.5',
          yes_price_dollars: '0.3600',
          no_price_dollars: '0.6400',
          count_fp: '136.00',
          taker_side: 'no',
          taker_outcome_side: 'no',
          taker_book_side: 'ask',
          is_block_trade: false,
          ts: 1669149841,
          ts_ms: 1669149841000,
        },
      }),
    );
    expect(message.msg).toEqual({
      trade_id: 'd91b',
      market_ticker: 'HIGHNY-22DEC23-B53.5',
      yes_price_dollars: '0.3600',
      no_price_dollars: '0.6400',
      count_fp: '136.00',
      taker_outcome_side: 'no',
      taker_book_side: 'ask',
      is_block_trade: false,
      ts_ms: 1669149841000,
    });
  });

  it('reads private fill, position and order frames', () => {
    expect(
      frame({
        type: 'fill',
        sid: 13,
        msg: {
          trade_id: 't',
          order_id: 'o',
          market_ticker: 'M',
          is_taker: true,
          side: 'yes',
          action: 'buy',
          outcome_side: 'yes',
          book_side: 'bid',
          yes_price_dollars: '0.7500',
          count_fp: '278.00',
          fee_cost: '0.010000',
          post_position_fp: '500.00',
          ts_ms: 1671899397000,
        },
      }).kind,
    ).toBe('data');
    expect(
      frame({
        type: 'market_position',
        sid: 14,
        msg: {
          market_ticker: 'M',
          position_fp: '100.00',
          position_cost_dollars: '50.0000',
          realized_pnl_dollars: '10.0000',
          fees_paid_dollars: '1.0000',
        },
      }).kind,
    ).toBe('data');
    expect(
      frame({
        type: 'user_order',
        sid: 22,
        msg: {
          order_id: 'o',
          ticker: 'M',
          status: 'resting',
          outcome_side: 'yes',
          book_side: 'bid',
          yes_price_dollars: '0.3500',
          fill_count_fp: '0.00',
          remaining_count_fp: '10.00',
          initial_count_fp: '10.00',
          last_update_reason: 'Trade',
        },
      }).kind,
    ).toBe('data');
  });

  it('reads lifecycle and index frames', () => {
    expect(
      dataOf(frame({ type: 'market_lifecycle_v2', sid: 13, seq: 3, msg: { market_ticker: 'KXBTC15M-26APR160100-00', event_type: 'metadata_updated', yes_sub_title: 'above $95,000' } }))
        .msg,
    ).toMatchObject({ event_type: 'metadata_updated' });
    expect(
      dataOf(
        frame({
          type: 'cfbenchmarks_value',
          sid: 3,
          seq: 17,
          msg: { index_id: 'BRTI', value: '97123.45', ts_ms: 1767225600000, last_60s_windowed_average_15min: null },
        }),
      ).msg,
    ).toEqual({ index_id: 'BRTI', value: '97123.45', ts_ms: 1767225600000, last_60s_windowed_average_15min: null });
  });

  it('reads command replies', () => {
    expect(frame({ id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } })).toEqual({
      kind: 'control',
      frame: { type: 'subscribed', id: 1, sid: 1, channel: 'orderbook_delta' },
    });
    expect(frame({ id: 123, sid: 456, seq: 222, type: 'ok', msg: { market_tickers: ['A', 'B'] } })).toEqual({
      kind: 'control',
      frame: { type: 'ok', id: 123, sid: 456, seq: 222, msg: { market_tickers: ['A', 'B'] } },
    });
    expect(frame({ id: 102, sid: 2, seq: 7, type: 'unsubscribed' })).toEqual({
      kind: 'control',
      frame: { type: 'unsubscribed', id: 102, sid: 2, seq: 7 },
    });
    expect(frame({ id: 123, type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } })).toEqual({
      kind: 'control',
      frame: { type: 'error', id: 123, sid: null, code: 7, message: 'Unknown subscription ID', marketTickers: [] },
    });
  });
});

describe('parsing LEGACY frames', () => {
  it('accepts LEGACY extras next to the CURRENT fields and ignores them', () => {
    const current = { market_ticker: 'A', price_dollars: '0.0800', delta_fp: '5.00', side: 'no' };
    const withExtras = frame({ type: 'orderbook_delta', sid: 1, seq: 4, msg: { ...current, price: 8, delta: 5 } });
    expect(withExtras).toEqual(frame({ type: 'orderbook_delta', sid: 1, seq: 4, msg: current }));
  });

  it('drops a malformed LEGACY extra instead of rejecting a frame whose CURRENT fields are fine', () => {
    const current = { market_ticker: 'A', price_dollars: '0.0850', delta_fp: '0.50', side: 'yes' };
    const withBadExtras = frame({ type: 'orderbook_delta', sid: 1, seq: 4, msg: { ...current, price: 8.5, delta: 'half' } });
    expect(withBadExtras).toEqual(frame({ type: 'orderbook_delta', sid: 1, seq: 4, msg: current }));
    const snapshot = frame({ type: 'orderbook_snapshot', sid: 1, seq: 1, msg: { market_ticker: 'A', yes_dollars_fp: [['0.0850', '0.50']], yes: [[8.5, 0.5]] } });
    expect(snapshot).toMatchObject({ kind: 'data', message: { msg: { yes_dollars_fp: [['0.0850', '0.50']], legacy: false } } });
  });

  it('converts a snapshot that only has LEGACY cents and whole counts', () => {
    const message = dataOf(frame({ type: 'orderbook_snapshot', sid: 1, seq: 1, msg: { market_ticker: 'A', yes: [[8, 300], [22, 333]], no: [[54, 20]] } }));
    expect(message.msg).toEqual({
      market_ticker: 'A',
      yes_dollars_fp: [
        ['0.0800', '300.00'],
        ['0.2200', '333.00'],
      ],
      no_dollars_fp: [['0.5400', '20.00']],
      legacy: true,
    });
  });

  it('converts a snapshot with LEGACY dollar levels and integer counts', () => {
    const message = dataOf(frame({ type: 'orderbook_snapshot', sid: 1, seq: 1, msg: { market_ticker: 'A', yes_dollars: [['0.080', 300]] } }));
    expect(message.msg).toMatchObject({ yes_dollars_fp: [['0.080', '300.00']], legacy: true });
  });

  it('converts a LEGACY delta, trade and ticker', () => {
    expect(dataOf(frame({ type: 'orderbook_delta', sid: 1, seq: 2, msg: { market_ticker: 'A', price: 96, delta: -54, side: 'yes' } })).msg).toMatchObject({
      price_dollars: '0.9600',
      delta_fp: '-54.00',
      legacy: true,
    });
    expect(
      dataOf(frame({ type: 'trade', sid: 1, seq: 2, msg: { trade_id: 't', market_ticker: 'A', yes_price: 36, no_price: 64, count: 136, taker_side: 'no' } })).msg,
    ).toMatchObject({ yes_price_dollars: '0.3600', no_price_dollars: '0.6400', count_fp: '136.00', taker_outcome_side: 'no', taker_book_side: 'ask' });
    expect(dataOf(frame({ type: 'ticker', sid: 1, msg: { market_ticker: 'A', price: 48, yes_bid: 45, yes_ask: 53, volume: 33896, open_interest: 20422 } })).msg).toMatchObject({
      price_dollars: '0.4800',
      yes_bid_dollars: '0.4500',
      volume_fp: '33896.00',
      open_interest_fp: '20422.00',
    });
  });
});

describe('rejecting bad frames without throwing', () => {
  it.each([
    ['not JSON at all', '{"type":', 'invalid-json'],
    ['a JSON array', '[1,2]', 'not-an-object'],
    ['a frame without a type', '{"sid":1}', 'missing-type'],
    ['an unknown type', '{"type":"multivariate_lookup","sid":1,"msg":{}}', 'unknown-type'],
    ['a data frame without a sid', '{"type":"orderbook_delta","seq":1,"msg":{}}', 'invalid-envelope'],
    ['a delta with a float count', '{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"A","price_dollars":"0.5","delta_fp":1.5,"side":"yes"}}', 'invalid-message'],
    ['a delta without price', '{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"A","delta_fp":"1.00","side":"yes"}}', 'invalid-message'],
    ['a delta with an unknown side', '{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"A","price_dollars":"0.5","delta_fp":"1.00","side":"maybe"}}', 'invalid-message'],
    ['a subscribed reply without a sid', '{"type":"subscribed","id":1,"msg":{"channel":"ticker"}}', 'invalid-envelope'],
    ['a fill with a float price', '{"type":"fill","sid":1,"msg":{"trade_id":"t","order_id":"o","market_ticker":"A","is_taker":true,"outcome_side":"yes","book_side":"bid","yes_price_dollars":0.75,"count_fp":"1.00","fee_cost":"0"}}', 'invalid-message'],
  ])('rejects %s', (_name, text, reason) => {
    expect(parseFrame(text)).toMatchObject({ kind: 'rejected', reason });
  });
});
