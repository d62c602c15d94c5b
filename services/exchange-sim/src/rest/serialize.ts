/**
 * Kalshi's CURRENT wire shapes (kalshi-typescript 3.30 models; PROTOCOL §4–6): prices as dollar
 * strings (4 decimals, 6 where Kalshi uses 6), counts as strings with 2 decimals, times RFC 3339.
 */
import { type Centis, type Micros, ONE_DOLLAR, formatCount, formatDollars, micros } from '@polly/contracts';
import type { Account, Fill, Order, Position, Settlement, Trade } from '../engine/types';
import type { SimulatedExchange } from '../exchange/simulated-exchange';
import { rfc3339 } from '../support/eastern-time';
import type { SimEvent, SimMarket, SimSeries } from '../universe/model';

const dollars = (value: Micros | bigint | null | undefined): string => formatDollars(value ?? 0n);
const dollars6 = (value: Micros | bigint): string => formatDollars(value, 6);
const count = (value: Centis | bigint | null | undefined): string => formatCount(value ?? 0n);
const seconds = (milliseconds: number): number => Math.floor(milliseconds / 1000);
const ZERO = micros(0n);

/** Kalshi's legacy side/action for V2 orders: a bid buys YES, an ask buys NO (D-DIR). */
const legacyDirection = (leg: 'yes' | 'no') => ({ side: leg, action: 'buy' });

export function seriesJson(series: SimSeries, volume?: Centis): Record<string, unknown> {
  return {
    ticker: series.ticker,
    frequency: series.frequency,
    title: series.title,
    category: series.category,
    categories: [series.category],
    tags: series.tags,
    settlement_sources: series.settlementSources,
    contract_url: series.contractUrl,
    contract_terms_url: series.contractTermsUrl,
    product_metadata: series.productMetadata,
    fee_type: series.feeType,
    fee_multiplier: series.feeMultiplier,
    additional_prohibitions: [],
    ...(volume === undefined ? {} : { volume_fp: count(volume) }),
    last_updated_ts: rfc3339(series.lastUpdated),
    exchange_index: 0,
  };
}

export function eventJson(event: SimEvent, markets?: Record<string, unknown>[]): Record<string, unknown> {
  return {
    event_ticker: event.eventTicker,
    series_ticker: event.seriesTicker,
    sub_title: event.subTitle,
    title: event.title,
    collateral_return_type: event.collateralReturnType,
    mutually_exclusive: event.mutuallyExclusive,
    ...(event.strikeDate === null ? {} : { strike_date: rfc3339(event.strikeDate) }),
    ...(markets ? { markets } : {}),
    ...(event.productMetadata ? { product_metadata: event.productMetadata } : {}),
    settlement_sources: [],
    last_updated_ts: rfc3339(event.lastUpdated),
    exchange_index: 0,
  };
}

export function marketJson(exchange: SimulatedExchange, market: SimMarket, volume24h: Centis): Record<string, unknown> {
  const state = exchange.tickerState(market.ticker);
  const settled = market.status === 'finalized';
  const decided = settled || market.status === 'determined';
  return {
    ticker: market.ticker,
    event_ticker: market.eventTicker,
    market_type: 'binary',
    title: market.title,
    subtitle: market.subtitle,
    yes_sub_title: market.yesSubTitle,
    no_sub_title: market.noSubTitle,
    created_time: rfc3339(market.createdTime),
    updated_time: rfc3339(market.updatedTime),
    open_time: rfc3339(market.openTime),
    close_time: rfc3339(market.closeTime),
    expected_expiration_time: rfc3339(market.expectedExpirationTime),
    ...(market.determinedTime === null ? {} : { expiration_time: rfc3339(market.determinedTime) }),
    latest_expiration_time: rfc3339(market.latestExpirationTime),
    settlement_timer_seconds: market.settlementTimerSeconds,
    status: market.status,
    yes_bid_dollars: dollars(state.yesBid),
    yes_bid_size_fp: count(state.yesBidSize),
    yes_ask_dollars: dollars(state.yesAsk ?? ONE_DOLLAR),
    yes_ask_size_fp: count(state.yesAskSize),
    no_bid_dollars: dollars(state.yesAsk === null ? ZERO : ONE_DOLLAR - state.yesAsk),
    no_ask_dollars: dollars(state.yesBid === null ? ONE_DOLLAR : ONE_DOLLAR - state.yesBid),
    last_price_dollars: dollars(state.lastPrice),
    volume_fp: count(state.volume),
    volume_24h_fp: count(volume24h),
    result: market.result,
    can_close_early: market.canCloseEarly,
    open_interest_fp: count(state.openInterest),
    notional_value_dollars: '1.0000',
    previous_yes_bid_dollars: dollars(market.previous?.yesBid),
    previous_yes_ask_dollars: dollars(market.previous?.yesAsk ?? ONE_DOLLAR),
    previous_price_dollars: dollars(market.previous?.price),
    liquidity_dollars: '0.0000',
    ...(decided ? { settlement_value_dollars: market.result === 'yes' ? '1.0000' : '0.0000' } : {}),
    ...(settled && market.settledTime !== null ? { settlement_ts: rfc3339(market.settledTime) } : {}),
    expiration_value: market.expirationValue,
    ...(market.occurrenceTime === null ? {} : { occurrence_datetime: rfc3339(market.occurrenceTime) }),
    ...(market.strikeType === null ? {} : { strike_type: market.strikeType }),
    ...(market.floorStrike === null ? {} : { floor_strike: market.floorStrike }),
    ...(market.capStrike === null ? {} : { cap_strike: market.capStrike }),
    rules_primary: market.rulesPrimary,
    rules_secondary: market.rulesSecondary,
    price_level_structure: market.priceLevelStructure,
    price_ranges: market.priceRanges,
    is_provisional: false,
    exchange_index: 0,
  };
}

export function orderJson(order: Order, account: Account): Record<string, unknown> {
  return {
    order_id: order.orderId,
    user_id: account.userId,
    client_order_id: order.clientOrderId,
    ticker: order.ticker,
    ...legacyDirection(order.leg),
    outcome_side: order.leg,
    book_side: order.side,
    type: 'limit',
    status: order.status,
    yes_price_dollars: dollars(order.yesPrice),
    no_price_dollars: dollars(ONE_DOLLAR - order.yesPrice),
    fill_count_fp: count(order.filledCount),
    remaining_count_fp: count(order.remainingCount),
    initial_count_fp: count(order.initialCount),
    taker_fill_cost_dollars: dollars6(order.takerFillCost),
    maker_fill_cost_dollars: dollars6(order.makerFillCost),
    taker_fees_dollars: dollars6(order.takerFees),
    maker_fees_dollars: dollars6(order.makerFees),
    expiration_time: order.expirationTime === null ? null : rfc3339(order.expirationTime),
    created_time: rfc3339(order.createdAt),
    last_update_time: rfc3339(order.updatedAt),
    self_trade_prevention_type: order.selfTradePrevention,
    order_group_id: null,
    cancel_order_on_pause: order.cancelOrderOnPause,
    subaccount_number: 0,
    exchange_index: 0,
  };
}

export function fillJson(fill: Fill): Record<string, unknown> {
  return {
    fill_id: fill.fillId,
    trade_id: fill.fillId,
    order_id: fill.orderId,
    ticker: fill.ticker,
    market_ticker: fill.ticker,
    ...legacyDirection(fill.leg),
    outcome_side: fill.leg,
    book_side: fill.side,
    count_fp: count(fill.count),
    yes_price_dollars: dollars(fill.yesPrice),
    no_price_dollars: dollars(ONE_DOLLAR - fill.yesPrice),
    is_taker: fill.isTaker,
    created_time: rfc3339(fill.createdAt),
    fee_cost: dollars(fill.fee),
    subaccount_number: 0,
    ts: seconds(fill.createdAt),
    exchange_index: 0,
  };
}

export function positionJson(position: Position): Record<string, unknown> {
  return {
    ticker: position.ticker,
    exchange_index: 0,
    total_traded_dollars: dollars(position.totalTraded),
    position_fp: count(position.position),
    market_exposure_dollars: dollars(position.cost),
    realized_pnl_dollars: dollars(position.realizedPnl),
    fees_paid_dollars: dollars(position.feesPaid),
    last_updated_ts: rfc3339(position.updatedAt),
  };
}

export function eventPositionsJson(positions: readonly Position[]): Record<string, unknown>[] {
  const byEvent = new Map<string, Position[]>();
  for (const position of positions) byEvent.set(position.eventTicker, [...(byEvent.get(position.eventTicker) ?? []), position]);
  return [...byEvent].map(([eventTicker, list]) => {
    const sum = (pick: (position: Position) => bigint) => list.reduce((total, position) => total + pick(position), 0n);
    return {
      event_ticker: eventTicker,
      total_cost_dollars: dollars(sum((position) => position.cost)),
      total_cost_shares_fp: count(sum((position) => (position.position < 0n ? -position.position : position.position))),
      event_exposure_dollars: dollars(sum((position) => position.cost)),
      realized_pnl_dollars: dollars(sum((position) => position.realizedPnl)),
      fees_paid_dollars: dollars(sum((position) => position.feesPaid)),
    };
  });
}

export function settlementJson(settlement: Settlement): Record<string, unknown> {
  return {
    ticker: settlement.ticker,
    exchange_index: 0,
    event_ticker: settlement.eventTicker,
    market_result: settlement.result,
    yes_count_fp: count(settlement.yesCount),
    yes_total_cost_dollars: dollars(settlement.yesTotalCost),
    no_count_fp: count(settlement.noCount),
    no_total_cost_dollars: dollars(settlement.noTotalCost),
    revenue: Number(settlement.payout / 10_000n),
    settled_time: rfc3339(settlement.settledAt),
    fee_cost: dollars(settlement.feeCost),
    value: Number(settlement.value / 10_000n),
  };
}

export function tradeJson(trade: Trade): Record<string, unknown> {
  const takerBookSide = trade.takerLeg === 'yes' ? 'bid' : 'ask';
  return {
    trade_id: trade.tradeId,
    ticker: trade.ticker,
    count_fp: count(trade.count),
    yes_price_dollars: dollars(trade.yesPrice),
    no_price_dollars: dollars(ONE_DOLLAR - trade.yesPrice),
    taker_side: trade.takerLeg,
    taker_outcome_side: trade.takerLeg,
    taker_book_side: takerBookSide,
    created_time: rfc3339(trade.createdAt),
    is_block_trade: false,
  };
}

/** `[[price, count], ...]` ascending, best last (PROTOCOL §4.3). */
export function levelsJson(levels: ReadonlyArray<readonly [Micros, Centis]>): string[][] {
  return levels.map(([price, size]) => [dollars(price), count(size)]);
}

export function orderbookJson(exchange: SimulatedExchange, ticker: string, depth = 0): Record<string, unknown> {
  const book = exchange.engine.book(ticker);
  return {
    yes_dollars: book ? levelsJson(book.yes.snapshot(depth)) : [],
    no_dollars: book ? levelsJson(book.no.snapshot(depth)) : [],
  };
}
