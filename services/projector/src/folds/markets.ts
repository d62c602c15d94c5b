/** MARKETS → series, events, markets. */
import type { StreamHandlers } from '@polly/contracts';
import { type RowOperation, update, upsert } from '../operations';

export const marketsFold: StreamHandlers<'MARKETS', RowOperation[]> = {
  'series.synced': ({ environment, data, occurredAt }) => [
    upsert(environment, 'series', { series_ticker: data.seriesTicker }, {
      title: data.title,
      category: data.category,
      frequency: data.frequency,
      tags: JSON.stringify(data.tags),
      fee_type: data.feeType,
      fee_multiplier: data.feeMultiplier,
      volume: data.volume,
      simulated: data.simulated,
      updated_at: occurredAt,
    }),
  ],
  'event.synced': ({ environment, data, occurredAt }) => [
    upsert(environment, 'events', { event_ticker: data.eventTicker }, {
      series_ticker: data.seriesTicker,
      title: data.title,
      sub_title: data.subTitle,
      category: data.category,
      mutually_exclusive: data.mutuallyExclusive,
      strike_date: data.strikeDate,
      updated_at: occurredAt,
    }),
  ],
  'market.synced': ({ environment, data, occurredAt }) => [
    upsert(
      environment,
      'markets',
      { market_ticker: data.marketTicker },
      {
        event_ticker: data.eventTicker,
        series_ticker: data.seriesTicker,
        title: data.title,
        subtitle: data.subtitle,
        yes_sub_title: data.yesSubTitle,
        no_sub_title: data.noSubTitle,
        exchange_status: data.exchangeStatus,
        internal_state: data.internalState,
        open_time: data.openTime,
        close_time: data.closeTime,
        expected_expiration_time: data.expectedExpirationTime,
        strike_type: data.strikeType,
        floor_strike: data.floorStrike,
        cap_strike: data.capStrike,
        price_level_structure: data.priceLevelStructure,
        price_ranges: JSON.stringify(data.priceRanges),
        yes_bid: data.yesBid,
        yes_ask: data.yesAsk,
        last_price: data.lastPrice,
        volume: data.volume,
        volume_24h: data.volume24h,
        open_interest: data.openInterest,
        result: data.result,
        settlement_value: data.settlementValue,
        listing_index: data.listingIndex,
        discovered_at: occurredAt,
        last_sync_at: occurredAt,
      },
      ['discovered_at'],
    ),
  ],
  'market.state-changed': ({ environment, data, occurredAt }) => [
    update(environment, 'markets', { market_ticker: data.marketTicker }, {
      internal_state: data.to,
      ...(data.exchangeStatus ? { exchange_status: data.exchangeStatus } : {}),
      last_sync_at: occurredAt,
    }),
  ],
  'plan.updated': ({ environment, data, occurredAt }) => [
    upsert(environment, 'system_config', { config_key: 'subscription_plan_revision' }, { config_value: String(data.revision), updated_at: occurredAt }),
  ],
};
