/**
 * Bitcoin series on the simulated BRTI (PROTOCOL §10.1–10.3):
 * - KXBTC15M: one market per 15-minute window, strike = the 60-second average before the window
 *   opened, `greater_or_equal`, `tapered_deci_cent`; the next window is listed ahead (initialized)
 *   when the current one opens.
 * - KXBTCD: hourly "above $X" ladders ($100 apart, at `…49.99`), `greater`, `linear_cent`.
 * - KXBTC: hourly $250 range brackets with two tails, mutually exclusive, `linear_cent`.
 * All settle on the 60-second BRTI average before their close.
 */
import { QUARTER_HOUR, type BitcoinIndex, formatUsd } from './brti';
import type { SimMarket, StrikeType } from './model';
import { SIMULATED_NOTE, clampProbability, formatNumber, simulatedSeries, strikeProbability } from './series';
import type { MarketSpec, Universe } from './universe';
import { clockText, dateText, easternParts, tickerDateHour, tickerDateMinute } from '../support/eastern-time';

const HOUR = 3_600_000;
const cfBenchmarks = [{ name: 'CF Benchmarks', url: 'https://www.cfbenchmarks.com/data/indices/BRTI' }];

export interface BitcoinScale {
  /** Hourly KXBTCD/KXBTC events listed ahead. */
  readonly hoursAhead: number;
  /** Strikes per KXBTCD event and brackets per KXBTC event. */
  readonly ladderSize: number;
}

export class BitcoinListings {
  private lastWindowClose = 0;
  private lastHour = 0;

  constructor(
    private readonly universe: Universe,
    private readonly index: BitcoinIndex,
    private readonly scale: BitcoinScale,
  ) {}

  registerSeries(now: number): void {
    const common = { category: 'Crypto', settlementSources: cfBenchmarks, feeType: 'quadratic' as const, feeMultiplier: 1 };
    this.universe.addSeries(
      simulatedSeries({ ...common, ticker: 'KXBTC15M', title: 'BTC price up in next 15 mins?', tags: ['BTC'], frequency: 'fifteen_min' }, now),
    );
    this.universe.addSeries(simulatedSeries({ ...common, ticker: 'KXBTCD', title: 'Bitcoin price above/below', tags: ['BTC'], frequency: 'hourly' }, now));
    this.universe.addSeries(simulatedSeries({ ...common, ticker: 'KXBTC', title: 'Bitcoin price range', tags: ['BTC'], frequency: 'hourly' }, now));
  }

  /** List every window and hourly event that should exist at `now`. */
  ensure(now: number): void {
    const currentClose = Math.floor(now / QUARTER_HOUR) * QUARTER_HOUR + QUARTER_HOUR;
    let close = Math.max(this.lastWindowClose + QUARTER_HOUR, currentClose);
    while (close - 2 * QUARTER_HOUR <= now) {
      this.createWindow(close, now);
      this.lastWindowClose = close;
      close += QUARTER_HOUR;
    }
    let hour = Math.max(this.lastHour + HOUR, Math.floor(now / HOUR) * HOUR + HOUR);
    while (hour - this.scale.hoursAhead * HOUR <= now) {
      this.createAboveBelow(hour, now);
      this.createRanges(hour, now);
      this.lastHour = hour;
      hour += HOUR;
    }
  }

  /** The next instant new listings may be due: the next quarter-hour. */
  nextRoll(now: number): number {
    return Math.floor(now / QUARTER_HOUR) * QUARTER_HOUR + QUARTER_HOUR;
  }

  /** Once a window opens its strike is the average before the open (set by the lifecycle). */
  static setWindowStrike(market: SimMarket, averageCents: number): void {
    market.floorStrike = averageCents / 100;
    market.yesSubTitle = `Target Price: ${formatUsd(averageCents)}`;
    market.noSubTitle = market.yesSubTitle;
  }

  private createWindow(close: number, now: number): void {
    const open = close - QUARTER_HOUR;
    const eventTicker = `KXBTC15M-${tickerDateMinute(close)}`;
    this.universe.addEvent({
      eventTicker,
      seriesTicker: 'KXBTC15M',
      title: 'BTC price up in next 15 mins?',
      subTitle: `${dateText(close)} at ${clockText(close)}`,
      mutuallyExclusive: false,
      collateralReturnType: '',
      strikeDate: close,
      productMetadata: { cadence: 'fifteen_min' },
      lastUpdated: now,
      valueModel: null,
    });
    const average = this.index.averageBefore(open);
    const market = this.universe.addMarket(
      {
        ...this.timing(eventTicker, 'KXBTC15M', open, close, now),
        ticker: `${eventTicker}-${String(easternParts(close).minute).padStart(2, '0')}`,
        title: 'BTC price up in next 15 mins?',
        subtitle: '',
        yesSubTitle: 'Target price: TBD',
        settlementTimerSeconds: 1,
        strikeType: 'greater_or_equal',
        floorStrike: null,
        capStrike: null,
        rulesPrimary:
          `If the simple average of the sixty seconds of CF Benchmarks' BRTI before ${clockText(close)} on ${dateText(close)} is at least ` +
          `the simple average of the sixty seconds of CF Benchmarks' BRTI before ${clockText(open)} on ${dateText(open, true)}, then the market resolves to Yes.`,
        rulesSecondary: `60 RTI prices are collected in the final minute and averaged. ${SIMULATED_NOTE} The index is a simulated BRTI.`,
        priceLevelStructure: 'tapered_deci_cent',
        resolution: { kind: 'bitcoin', boundary: close },
        fairProbability: 0.5,
      },
      now,
    );
    // Listed mid-window (the simulator's first minutes) without an average yet: use the index now.
    if (now >= open) BitcoinListings.setWindowStrike(market, average ?? this.index.latest);
  }

  private createAboveBelow(close: number, now: number): void {
    const eventTicker = `KXBTCD-${tickerDateHour(close)}`;
    this.hourlyEvent(eventTicker, 'KXBTCD', `Bitcoin price on ${dateText(close)} at ${clockText(close)}?`, close, false, now);
    const center = Math.round(this.index.latest / 10_000) * 100; // whole hundreds of dollars
    const half = Math.floor(this.scale.ladderSize / 2);
    for (let step = -half; step < this.scale.ladderSize - half; step += 1) {
      const strike = center + step * 100 + 49.99;
      this.ladderMarket(eventTicker, 'KXBTCD', close, now, {
        suffix: `T${strike.toFixed(2)}`,
        strikeType: 'greater',
        floor: strike,
        cap: null,
        subTitle: `$${formatNumber(strike + 0.01, 0)} or above`,
        condition: `above ${strike.toFixed(2)}`,
      });
    }
  }

  private createRanges(close: number, now: number): void {
    const eventTicker = `KXBTC-${tickerDateHour(close)}`;
    this.hourlyEvent(eventTicker, 'KXBTC', `Bitcoin price range on ${dateText(close)} at ${clockText(close)}?`, close, true, now);
    const base = Math.floor(this.index.latest / 25_000) * 250; // whole $250 steps
    const half = Math.floor(this.scale.ladderSize / 2);
    const lowest = base - half * 250;
    const highestCap = lowest + this.scale.ladderSize * 250 - 0.01;
    this.ladderMarket(eventTicker, 'KXBTC', close, now, {
      suffix: `T${(lowest - 0.01).toFixed(2)}`,
      strikeType: 'less',
      floor: null,
      cap: lowest,
      subTitle: `$${formatNumber(lowest - 0.01)} or below`,
      condition: `below ${lowest.toFixed(2)}`,
    });
    for (let step = 0; step < this.scale.ladderSize; step += 1) {
      const floor = lowest + step * 250;
      this.ladderMarket(eventTicker, 'KXBTC', close, now, {
        suffix: `B${floor + 125}`,
        strikeType: 'between',
        floor,
        cap: floor + 249.99,
        subTitle: `$${formatNumber(floor, 0)} to ${formatNumber(floor + 249.99)}`,
        condition: `between ${formatNumber(floor, 0)}-${formatNumber(floor + 249.99)}`,
      });
    }
    this.ladderMarket(eventTicker, 'KXBTC', close, now, {
      suffix: `T${highestCap.toFixed(2)}`,
      strikeType: 'greater',
      floor: highestCap,
      cap: null,
      subTitle: `$${formatNumber(highestCap + 0.01, 0)} or above`,
      condition: `above ${highestCap.toFixed(2)}`,
    });
  }

  private hourlyEvent(eventTicker: string, seriesTicker: string, title: string, close: number, exclusive: boolean, now: number): void {
    this.universe.addEvent({
      eventTicker,
      seriesTicker,
      title,
      subTitle: `${dateText(close)} at ${clockText(close)}`,
      mutuallyExclusive: exclusive,
      collateralReturnType: exclusive ? 'MECNET' : '',
      strikeDate: close,
      productMetadata: { cadence: 'hourly' },
      lastUpdated: now,
      valueModel: null,
    });
  }

  private ladderMarket(
    eventTicker: string,
    seriesTicker: string,
    close: number,
    now: number,
    strike: { suffix: string; strikeType: StrikeType; floor: number | null; cap: number | null; subTitle: string; condition: string },
  ): void {
    const secondsLeft = Math.max(60, (close - now) / 1000);
    const spot = this.index.latest / 100;
    const probability = strikeProbability(strike.strikeType, strike.floor, strike.cap, spot, 6 * Math.sqrt(secondsLeft));
    this.universe.addMarket(
      {
        ...this.timing(eventTicker, seriesTicker, close - HOUR, close, now),
        ticker: `${eventTicker}-${strike.suffix}`,
        title: `Bitcoin price on ${dateText(close)} at ${clockText(close)}?`,
        subtitle: '',
        yesSubTitle: strike.subTitle,
        settlementTimerSeconds: 60,
        strikeType: strike.strikeType,
        floorStrike: strike.floor,
        capStrike: strike.cap,
        rulesPrimary:
          `If the simple average of the sixty seconds of CF Benchmarks' Bitcoin Real-Time Index (BRTI) before ${clockText(close)} is ` +
          `${strike.condition} at ${clockText(close)} on ${dateText(close)}, then the market resolves to Yes.`,
        rulesSecondary: SIMULATED_NOTE,
        priceLevelStructure: 'linear_cent',
        resolution: { kind: 'bitcoin', boundary: close },
        fairProbability: clampProbability(probability),
      },
      now,
    );
  }

  private timing(eventTicker: string, seriesTicker: string, open: number, close: number, now: number) {
    return {
      eventTicker,
      seriesTicker,
      createdTime: now,
      openTime: open,
      closeTime: close,
      expectedExpirationTime: close + 5 * 60_000,
      latestExpirationTime: close + 7 * 24 * HOUR,
      occurrenceTime: null,
      canCloseEarly: false,
    } satisfies Partial<MarketSpec>;
  }
}
