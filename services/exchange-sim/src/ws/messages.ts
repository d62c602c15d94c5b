/**
 * WebSocket message bodies (`msg`) in the CURRENT shapes (PROTOCOL §7.6, AA-Aug26). With
 * `legacy` set, the LEGACY extras old clients expect ride along (integer cents and counts).
 */
import { type Centis, type Micros, ONE_DOLLAR, formatCount, formatDollars } from '@polly/contracts';
import type { Fill, Order, Position, Trade } from '../engine/types';
import type { BookChange, MarketLifecycleType, TickerState } from '../exchange/listener';
import { rfc3339 } from '../support/eastern-time';
import type { SimEvent, SimMarket } from '../universe/model';

type Body = Record<string, unknown>;
const cents = (value: Micros | bigint): number => Number(value / 10_000n);
const wholeCount = (value: Centis | bigint): number => Number(value / 100n);
const seconds = (milliseconds: number): number => Math.floor(milliseconds / 1000);
const times = (at: number) => ({ ts: seconds(at), ts_ms: at });

export function snapshotMessage(
  ticker: string,
  marketId: string,
  yes: ReadonlyArray<readonly [Micros, Centis]>,
  no: ReadonlyArray<readonly [Micros, Centis]>,
  useYesPrice: boolean,
  legacy: boolean,
): Body {
  const noLevels = useYesPrice ? [...no].map(([price, size]) => [ONE_DOLLAR - price, size] as const).reverse() : no;
  const body: Body = { market_ticker: ticker, market_id: marketId };
  if (yes.length > 0) body.yes_dollars_fp = yes.map(([price, size]) => [formatDollars(price), formatCount(size)]);
  if (noLevels.length > 0) body.no_dollars_fp = noLevels.map(([price, size]) => [formatDollars(price), formatCount(size)]);
  if (legacy) {
    if (yes.length > 0) {
      body.yes = yes.map(([price, size]) => [cents(price), wholeCount(size)]);
      body.yes_dollars = yes.map(([price, size]) => [formatDollars(price), wholeCount(size)]);
    }
    if (noLevels.length > 0) {
      body.no = noLevels.map(([price, size]) => [cents(price), wholeCount(size)]);
      body.no_dollars = noLevels.map(([price, size]) => [formatDollars(price), wholeCount(size)]);
    }
  }
  return body;
}

export function deltaMessage(change: BookChange, marketId: string, ownClientOrderId: string | null, useYesPrice: boolean, legacy: boolean): Body {
  const price = useYesPrice && change.leg === 'no' ? ONE_DOLLAR - change.price : change.price;
  return {
    market_ticker: change.ticker,
    market_id: marketId,
    price_dollars: formatDollars(price),
    delta_fp: formatCount(change.delta),
    side: change.leg,
    ts: rfc3339(change.at),
    ts_ms: change.at,
    ...(ownClientOrderId ? { client_order_id: ownClientOrderId, subaccount: 0 } : {}),
    ...(legacy ? { price: cents(price), delta: wholeCount(change.delta) } : {}),
  };
}

export function tickerMessage(state: TickerState, marketId: string, legacy: boolean): Body {
  const yesBid = state.yesBid ?? 0n;
  const yesAsk = state.yesAsk ?? ONE_DOLLAR;
  return {
    market_id: marketId,
    market_ticker: state.ticker,
    price_dollars: state.lastPrice === null ? '' : formatDollars(state.lastPrice),
    yes_bid_dollars: formatDollars(yesBid),
    yes_ask_dollars: formatDollars(yesAsk),
    volume_fp: formatCount(state.volume),
    open_interest_fp: formatCount(state.openInterest),
    // Whole dollars; the documented example is half the contract counts, which we follow.
    dollar_volume: Math.floor(wholeCount(state.volume) / 2),
    dollar_open_interest: Math.floor(wholeCount(state.openInterest) / 2),
    yes_bid_size_fp: formatCount(state.yesBidSize),
    yes_ask_size_fp: formatCount(state.yesAskSize),
    last_trade_size_fp: formatCount(state.lastTradeCount ?? 0n),
    ...times(state.at),
    time: rfc3339(state.at),
    ...(legacy
      ? { price: state.lastPrice === null ? 0 : cents(state.lastPrice), yes_bid: cents(yesBid), yes_ask: cents(yesAsk), volume: wholeCount(state.volume), open_interest: wholeCount(state.openInterest) }
      : {}),
  };
}

export function tradeMessage(trade: Trade, legacy: boolean): Body {
  return {
    trade_id: trade.tradeId,
    market_ticker: trade.ticker,
    yes_price_dollars: formatDollars(trade.yesPrice),
    no_price_dollars: formatDollars(ONE_DOLLAR - trade.yesPrice),
    count_fp: formatCount(trade.count),
    taker_side: trade.takerLeg,
    taker_outcome_side: trade.takerLeg,
    taker_book_side: trade.takerLeg === 'yes' ? 'bid' : 'ask',
    is_block_trade: false,
    ...times(trade.createdAt),
    ...(legacy ? { yes_price: cents(trade.yesPrice), no_price: cents(ONE_DOLLAR - trade.yesPrice), count: wholeCount(trade.count) } : {}),
  };
}

export function fillMessage(fill: Fill, legacy: boolean): Body {
  return {
    trade_id: fill.fillId,
    order_id: fill.orderId,
    client_order_id: fill.clientOrderId,
    market_ticker: fill.ticker,
    exchange_index: 0,
    is_taker: fill.isTaker,
    side: fill.leg,
    action: 'buy',
    outcome_side: fill.leg,
    book_side: fill.side,
    purchased_side: fill.leg,
    yes_price_dollars: formatDollars(fill.yesPrice),
    count_fp: formatCount(fill.count),
    fee_cost: formatDollars(fill.fee, 6),
    post_position_fp: formatCount(fill.postPosition),
    ...times(fill.createdAt),
    subaccount: 0,
    ...(legacy ? { yes_price: cents(fill.yesPrice), count: wholeCount(fill.count), post_position: wholeCount(fill.postPosition) } : {}),
  };
}

export function positionMessage(userId: string, position: Position, legacy: boolean): Body {
  const centiCents = (value: bigint) => Number(value / 100n);
  return {
    user_id: userId,
    market_ticker: position.ticker,
    position_fp: formatCount(position.position),
    position_cost_dollars: formatDollars(position.cost),
    realized_pnl_dollars: formatDollars(position.realizedPnl),
    fees_paid_dollars: formatDollars(position.feesPaid),
    position_fee_cost_dollars: formatDollars(position.feesPaid),
    volume_fp: formatCount(position.volume),
    subaccount: 0,
    ...(legacy
      ? {
          position: wholeCount(position.position),
          position_cost: centiCents(position.cost),
          realized_pnl: centiCents(position.realizedPnl),
          fees_paid: centiCents(position.feesPaid),
          position_fee_cost: centiCents(position.feesPaid),
        }
      : {}),
  };
}

export function userOrderMessage(order: Order, userId: string): Body {
  return {
    order_id: order.orderId,
    user_id: userId,
    ticker: order.ticker,
    exchange_index: 0,
    status: order.status,
    side: order.leg,
    is_yes: order.leg === 'yes',
    outcome_side: order.leg,
    book_side: order.side,
    yes_price_dollars: formatDollars(order.yesPrice),
    fill_count_fp: formatCount(order.filledCount),
    remaining_count_fp: formatCount(order.remainingCount),
    initial_count_fp: formatCount(order.initialCount),
    taker_fill_cost_dollars: formatDollars(order.takerFillCost, 6),
    maker_fill_cost_dollars: formatDollars(order.makerFillCost, 6),
    taker_fees_dollars: formatDollars(order.takerFees, 6),
    maker_fees_dollars: formatDollars(order.makerFees, 6),
    client_order_id: order.clientOrderId,
    self_trade_prevention_type: order.selfTradePrevention,
    created_time: rfc3339(order.createdAt),
    created_ts_ms: order.createdAt,
    last_update_time: rfc3339(order.updatedAt),
    last_updated_ts_ms: order.updatedAt,
    ...(order.expirationTime === null ? {} : { expiration_time: rfc3339(order.expirationTime), expiration_ts_ms: order.expirationTime }),
    ...(order.lastUpdateReason ? { last_update_reason: order.lastUpdateReason } : {}),
    subaccount_number: 0,
  };
}

export function lifecycleMessage(type: MarketLifecycleType, market: SimMarket, at: number): Body {
  const base = { market_ticker: market.ticker, event_type: type };
  switch (type) {
    case 'created':
      return {
        ...base,
        exchange_index: 0,
        open_ts: seconds(market.openTime),
        close_ts: seconds(market.closeTime),
        additional_metadata: {
          name: market.title,
          title: market.title,
          yes_sub_title: market.yesSubTitle,
          no_sub_title: market.noSubTitle,
          rules_primary: market.rulesPrimary,
          rules_secondary: market.rulesSecondary,
          can_close_early: market.canCloseEarly,
          event_ticker: market.eventTicker,
          expected_expiration_ts: seconds(market.expectedExpirationTime),
          ...(market.strikeType ? { strike_type: market.strikeType } : {}),
          ...(market.floorStrike === null ? {} : { floor_strike: market.floorStrike }),
          ...(market.capStrike === null ? {} : { cap_strike: market.capStrike }),
        },
        price_level_structure: market.priceLevelStructure,
        price_ranges: market.priceRanges,
      };
    case 'determined':
      return { ...base, result: market.result, determination_ts: seconds(at), settlement_value: market.result === 'yes' ? '1.0000' : '0.0000' };
    case 'settled':
      return { ...base, settled_ts: seconds(at) };
    case 'activated':
    case 'deactivated':
      return { ...base, is_deactivated: type === 'deactivated' };
    case 'close_date_updated':
      return { ...base, close_ts: seconds(market.closeTime) };
    case 'metadata_updated':
      return {
        ...base,
        ...(market.strikeType ? { strike_type: market.strikeType } : {}),
        ...(market.floorStrike === null ? {} : { floor_strike: market.floorStrike }),
        ...(market.capStrike === null ? {} : { cap_strike: market.capStrike }),
        yes_sub_title: market.yesSubTitle,
      };
  }
}

export function eventLifecycleMessage(event: SimEvent): Body {
  return {
    event_ticker: event.eventTicker,
    exchange_index: 0,
    title: event.title,
    subtitle: event.subTitle,
    collateral_return_type: event.collateralReturnType,
    series_ticker: event.seriesTicker,
    ...(event.strikeDate === null ? {} : { strike_date: seconds(event.strikeDate) }),
  };
}
