/**
 * What a series card shows, computed from the series and its markets as the control API answers
 * them, with the cache's live quotes on top. Pure. The card reads like Kalshi's: the event that
 * closes next, its markets ordered by chance, Yes and No prices (what it costs to buy each side
 * now), the payout of $100, the traded volume and the time to close.
 *
 * Quotes: a REST-listed market with no bids says yes_bid 0 and yes_ask 1; those ends mean "nobody
 * is offering", never a price of 0¢ or 100¢.
 */
import type { MarketUpdate } from '../api/event-schemas';
import type { Market, Series } from '../api/schemas';
import { instant } from '../clock';
import { formatMicrosText, microsPerDollar, parseCentis, parseOptionalMicros } from '../money';

export interface MarketLine {
  ticker: string;
  eventTicker: string;
  /** The outcome this market asks about ("31° to 32°", "Target Price: $95,166.79"). */
  label: string;
  title: string;
  /** Implied probability as a price (micro-dollars), or null when nothing trades. */
  chance: bigint | null;
  /** Cost of one YES now (the YES ask) and of one NO (1 − best YES bid); null when none is offered. */
  yesPrice: bigint | null;
  noPrice: bigint | null;
  lastPrice: bigint | null;
  /** Contracts traded (hundredths). */
  volume: bigint;
  closesAt: number | null;
  status: string;
  stale: boolean;
}

export interface SeriesCardView {
  seriesTicker: string;
  title: string;
  category: string;
  frequency: string;
  tags: string[];
  simulated: boolean;
  eventTicker: string | null;
  /** The event's markets, highest chance first. */
  lines: MarketLine[];
  volume: bigint;
  closesAt: number | null;
  /** Every market of the shown event has closed (the card greys out until refresh). */
  closed: boolean;
}

const closedStatuses = new Set(['closed', 'determined', 'finalized', 'settled', 'disputed', 'amended']);

/** A positive price that is not the "nothing here" end of the book. */
function offered(price: bigint | null): bigint | null {
  return price !== null && price > 0n && price < microsPerDollar ? price : null;
}

export function marketLine(market: Market): MarketLine {
  const live = market.live;
  const yesBid = offered(parseOptionalMicros(live ? live.yesBid : market.yes_bid));
  const yesAsk = offered(parseOptionalMicros(live ? live.yesAsk : market.yes_ask));
  const noAsk = live ? offered(parseOptionalMicros(live.noAsk)) : yesBid === null ? null : microsPerDollar - yesBid;
  const lastPrice = offered(parseOptionalMicros(live ? live.lastPrice : market.last_price));
  const midpoint = yesBid !== null && yesAsk !== null ? (yesBid + yesAsk) / 2n : null;
  const chance = live ? (parseOptionalMicros(live.impliedProbability) ?? midpoint ?? lastPrice) : (midpoint ?? lastPrice);
  const volumeText = live?.volume ?? market.volume;
  return {
    ticker: market.market_ticker,
    eventTicker: market.event_ticker,
    label: market.yes_sub_title || market.subtitle || market.title,
    title: market.title,
    chance,
    yesPrice: yesAsk,
    noPrice: noAsk,
    lastPrice,
    volume: volumeText ? parseCentis(volumeText) : 0n,
    closesAt: market.close_time ? instant(market.close_time) : null,
    status: market.exchange_status,
    stale: live?.stale ?? false,
  };
}

export function lineClosed(line: MarketLine, now: number): boolean {
  return closedStatuses.has(line.status) || (line.closesAt !== null && line.closesAt <= now);
}

const byChance = (a: MarketLine, b: MarketLine): number => {
  if (a.chance === b.chance) return a.ticker < b.ticker ? -1 : 1;
  if (a.chance === null) return 1;
  if (b.chance === null) return -1;
  return a.chance > b.chance ? -1 : 1;
};

/**
 * The event a card shows: among events with a market still trading, the one closing first;
 * when every market has closed, the one that closed last (shown greyed).
 */
export function chooseEvent(lines: readonly MarketLine[], now: number): string | null {
  const open = lines.filter((line) => !lineClosed(line, now) && line.status !== 'initialized');
  const pool = open.length > 0 ? open : lines;
  let chosen: MarketLine | undefined;
  for (const line of pool) {
    const close = line.closesAt ?? Number.POSITIVE_INFINITY;
    const best = chosen?.closesAt ?? Number.POSITIVE_INFINITY;
    const better = open.length > 0 ? close < best : close > best || chosen === undefined;
    if (!chosen || better || (close === best && line.eventTicker < chosen.eventTicker)) chosen = line;
  }
  return chosen?.eventTicker ?? null;
}

export function seriesCardView(series: Series, markets: readonly Market[], now: number): SeriesCardView {
  const all = markets.map(marketLine);
  const eventTicker = chooseEvent(all, now);
  const lines = all.filter((line) => line.eventTicker === eventTicker && line.status !== 'initialized').sort(byChance);
  const shown = lines.length > 0 ? lines : all.filter((line) => line.eventTicker === eventTicker).sort(byChance);
  const closes = shown.map((line) => line.closesAt).filter((close): close is number => close !== null);
  return {
    seriesTicker: series.series_ticker,
    title: series.title,
    category: series.category,
    frequency: series.frequency,
    tags: series.tags,
    simulated: series.simulated,
    eventTicker,
    lines: shown,
    volume: shown.reduce((sum, line) => sum + line.volume, 0n),
    closesAt: closes.length > 0 ? Math.min(...closes) : null,
    closed: shown.length > 0 && shown.every((line) => lineClosed(line, now)),
  };
}

/** A market after a `market_update`: the new quote on top of what was known. */
export function withMarketUpdate(market: Market, update: MarketUpdate): Market {
  const previous = market.live;
  if (previous && previous.revision >= update.revision) return market;
  const yesBid = offered(parseOptionalMicros(update.yesBid));
  const yesAsk = offered(parseOptionalMicros(update.yesAsk));
  const midpoint = yesBid !== null && yesAsk !== null ? (yesBid + yesAsk) / 2n : null;
  return {
    ...market,
    live: {
      stale: update.stale,
      yesBid: update.yesBid,
      noBid: previous?.noBid ?? null,
      yesAsk: update.yesAsk,
      noAsk: yesBid === null ? null : formatMicrosText(microsPerDollar - yesBid),
      impliedProbability: midpoint === null ? update.lastPrice : formatMicrosText(midpoint),
      lastPrice: update.lastPrice,
      volume: previous?.volume ?? market.volume,
      revision: update.revision,
      updatedAt: update.updatedAt,
    },
  };
}

/** Frequencies as Kalshi labels them. */
export function frequencyLabel(frequency: string): string {
  const labels: Record<string, string> = {
    fifteen_min: '15 min',
    hourly: 'Hourly',
    daily: 'Daily',
    weekly: 'Weekly',
    monthly: 'Monthly',
    quarterly: 'Quarterly',
    annual: 'Annual',
    one_off: 'One-off',
    custom: 'Custom',
  };
  return labels[frequency] ?? frequency.replace(/_/g, ' ');
}
