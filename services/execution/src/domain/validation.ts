/**
 * The checks execution makes before anything reaches the exchange, as one pure function of the
 * intent, what is known about its market, and the time. A refusal carries a stable code and the
 * numbers that caused it; it is never thrown.
 *
 * Order of checks: intent age → market known → market open → count → price on the grid.
 */
import { type DenialCode, type PriceRange, type TradeIntent, ZERO_CENTIS, parseCount, parseDollars } from '@polly/contracts';
import { isOnGrid } from '@polly/market';
import { toExchangeDirection } from './order-mapping';

/** Exchange statuses in which a market takes orders (`open` is the older name of `active`). */
const OPEN_STATUSES = new Set(['active', 'open']);

export interface MarketFacts {
  marketTicker: string;
  seriesTicker: string | null;
  /** The exchange's status as last seen (the cache's, else the markets read model's, else REST). */
  status: string;
  priceRanges: readonly PriceRange[];
}

export type Details = Record<string, string | number | boolean | null>;

export interface Refusal {
  code: DenialCode;
  message: string;
  details: Details;
}

export type Validation = { ok: true } | ({ ok: false } & Refusal);

export interface ValidationInput {
  intent: TradeIntent;
  market: MarketFacts | null;
  /** When the gate approved the intent (ISO time). */
  approvedAt: string;
  now: number;
  maxIntentAgeMs: number;
}

const refuse = (code: DenialCode, message: string, details: Details): Validation => ({ ok: false, code, message, details });

export function validateIntent({ intent, market, approvedAt, now, maxIntentAgeMs }: ValidationInput): Validation {
  const ageMs = now - Date.parse(approvedAt);
  if (ageMs > maxIntentAgeMs) {
    return refuse('INTENT_EXPIRED', `the intent was approved ${Math.round(ageMs / 1000)} s ago; the market has moved on`, {
      approvedAt,
      ageMs,
      maxIntentAgeMs,
    });
  }
  if (market === null) return refuse('MARKET_UNKNOWN', `market ${intent.marketTicker} is not known`, { marketTicker: intent.marketTicker });
  if (!OPEN_STATUSES.has(market.status)) {
    return refuse('MARKET_NOT_OPEN', `market ${intent.marketTicker} is ${market.status}, not open for trading`, {
      marketTicker: intent.marketTicker,
      status: market.status,
    });
  }
  if (parseCount(intent.count) <= ZERO_CENTIS) return refuse('INVALID_COUNT', `count must be above zero, got ${intent.count}`, { count: intent.count });
  const { yesPrice } = toExchangeDirection(intent.action, intent.side, parseDollars(intent.price));
  let onGrid: boolean;
  try {
    onGrid = market.priceRanges.length > 0 && isOnGrid(yesPrice, market.priceRanges);
  } catch {
    onGrid = false;
  }
  if (!onGrid) {
    return refuse('INVALID_PRICE', `price ${intent.price} (${intent.side}) is not on the price grid of ${intent.marketTicker}`, {
      price: intent.price,
      side: intent.side,
      priceRanges: JSON.stringify(market.priceRanges),
    });
  }
  return { ok: true };
}
