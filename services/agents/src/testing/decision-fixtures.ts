/** Builders for the unit tests of agents' decisions: a market view and a decision context. */
import { type Centis, type Micros, ZERO_CENTIS, parseCount, parseDollars } from '@polly/contracts';
import { priceBandsFor } from '@polly/market';
import { DEFAULT_FEE_SCHEDULE } from '../domain/holdings';
import type { DecisionContext, MarketView } from '../plugin';

export const NOW = Date.parse('2026-11-21T12:07:30Z');

/** Overrides of a market view, with the YES quote written as dollar text. */
export type MarketOverrides = Omit<Partial<MarketView>, 'yesBid' | 'yesAsk'> & { yesBid?: string | null; yesAsk?: string | null };

/** A market with a YES bid and ask; the NO side is derived the way Kalshi books are. */
export function marketView(overrides: MarketOverrides = {}): MarketView {
  const yesBid = overrides.yesBid === undefined ? parseDollars('0.48') : overrides.yesBid === null ? null : parseDollars(overrides.yesBid);
  const yesAsk = overrides.yesAsk === undefined ? parseDollars('0.50') : overrides.yesAsk === null ? null : parseDollars(overrides.yesAsk);
  const { yesBid: _bid, yesAsk: _ask, ...rest } = overrides;
  const complement = (price: Micros | null) => (price === null ? null : ((1_000_000n - price) as Micros));
  const marketTicker = rest.marketTicker ?? 'KXBTC15M-26NOV210715-15';
  return {
    marketTicker,
    seriesTicker: 'KXBTC15M',
    watchlist: true,
    status: 'active',
    openForTrading: true,
    stale: false,
    staleReason: null,
    yesBid,
    yesAsk,
    noBid: complement(yesAsk),
    noAsk: complement(yesBid),
    lastPrice: yesBid,
    closeTime: Date.parse('2026-11-21T12:15:00Z'),
    floorStrike: '97000.00',
    strikeType: 'greater_or_equal',
    priceGrid: priceBandsFor('tapered_deci_cent'),
    feeSchedule: DEFAULT_FEE_SCHEDULE,
    revision: 7,
    updatedAt: new Date(NOW).toISOString(),
    snapshot: {
      marketTicker,
      yesBid: null,
      yesAsk: null,
      noBid: null,
      noAsk: null,
      lastPrice: null,
      volume: null,
      stale: false,
      observedAt: new Date(NOW).toISOString(),
    },
    ...rest,
  };
}

export function decisionContext<TParameters>(
  parameters: TParameters,
  overrides: Partial<Omit<DecisionContext<TParameters>, 'parameters' | 'limits'>> & { orderSize?: string; maxPosition?: string } = {},
): DecisionContext<TParameters> {
  const { orderSize, maxPosition, ...rest } = overrides;
  return {
    now: NOW,
    trigger: 'market',
    market: marketView(),
    parameters,
    limits: { orderSize: parseCount(orderSize ?? '2.00'), maxPosition: parseCount(maxPosition ?? '10.00') },
    position: ZERO_CENTIS,
    working: ZERO_CENTIS,
    workingOrders: 0,
    lastIntentAt: null,
    resting: [],
    ...rest,
  };
}

export const count = (text: string): Centis => parseCount(text);
