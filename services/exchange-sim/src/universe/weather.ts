/**
 * Daily "Highest temperature in {city}" events (PROTOCOL §10.4): per city and day, four
 * two-degree `between` brackets (`B{lo+0.5}`) and two tails (`T{n}`, `less` below and `greater`
 * above), mutually exclusive. Listed at 14:00Z the day before, closing just after local midnight,
 * settling the next morning on a high drawn around a seeded forecast.
 */
import type { Random } from '../support/random';
import { addEasternDays, dateText, easternDayStart, easternParts, easternToUtc, tickerDate } from '../support/eastern-time';
import type { StrikeType } from './model';
import { SIMULATED_NOTE, clampProbability, simulatedSeries, strikeProbability } from './series';
import type { Universe } from './universe';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface City {
  readonly series: string;
  readonly name: string;
  readonly station: string;
  /** Typical July and January highs (°F). */
  readonly summer: number;
  readonly winter: number;
}

const cities: readonly City[] = [
  { series: 'KXHIGHNY', name: 'NYC', station: 'Central Park', summer: 85, winter: 39 },
  { series: 'KXHIGHCHI', name: 'Chicago', station: 'Midway', summer: 84, winter: 32 },
  { series: 'KXHIGHMIA', name: 'Miami', station: 'Miami International', summer: 91, winter: 76 },
  { series: 'KXHIGHAUS', name: 'Austin', station: 'Austin-Bergstrom', summer: 97, winter: 62 },
  { series: 'KXHIGHLAX', name: 'Los Angeles', station: 'LAX', summer: 76, winter: 66 },
  { series: 'KXHIGHDEN', name: 'Denver', station: 'Denver International', summer: 89, winter: 45 },
  { series: 'KXHIGHPHIL', name: 'Philadelphia', station: 'Philadelphia International', summer: 87, winter: 41 },
  { series: 'KXHIGHTPHX', name: 'Phoenix', station: 'Sky Harbor', summer: 106, winter: 67 },
  { series: 'KXHIGHTSFO', name: 'San Francisco', station: 'SFO', summer: 72, winter: 57 },
  { series: 'KXHIGHTATL', name: 'Atlanta', station: 'Hartsfield-Jackson', summer: 90, winter: 53 },
  { series: 'KXHIGHTDC', name: 'Washington DC', station: 'Reagan National', summer: 89, winter: 44 },
  { series: 'KXHIGHTSEA', name: 'Seattle', station: 'Sea-Tac', summer: 77, winter: 48 },
  { series: 'KXHIGHTHOU', name: 'Houston', station: 'Hobby', summer: 94, winter: 64 },
  { series: 'KXHIGHTBOS', name: 'Boston', station: 'Logan', summer: 82, winter: 37 },
  { series: 'KXHIGHTMIN', name: 'Minneapolis', station: 'MSP', summer: 83, winter: 23 },
  { series: 'KXHIGHTLV', name: 'Las Vegas', station: 'Harry Reid', summer: 104, winter: 58 },
  { series: 'KXHIGHTOKC', name: 'Oklahoma City', station: 'Will Rogers', summer: 94, winter: 49 },
  { series: 'KXHIGHTDAL', name: 'Dallas', station: 'DFW', summer: 96, winter: 57 },
  { series: 'KXHIGHTEWR', name: 'Newark', station: 'Newark Liberty', summer: 87, winter: 40 },
];

export class WeatherListings {
  private lastDay = 0;

  constructor(
    private readonly universe: Universe,
    private readonly random: Random,
  ) {}

  registerSeries(now: number): void {
    for (const city of cities) {
      const url = `https://forecast.weather.gov/product.php?site=NWS&product=CLI&issuedby=${city.series.slice(-3)}`;
      this.universe.addSeries(
        simulatedSeries(
          {
            ticker: city.series,
            title: `Highest temperature in ${city.name}`,
            category: 'Climate and Weather',
            tags: ['Weather', 'Daily temperature'],
            frequency: 'daily',
            settlementSources: [{ name: 'NWS Climatological Report', url }],
          },
          now,
        ),
      );
    }
  }

  /** List today's events and, after 14:00Z, tomorrow's. */
  ensure(now: number): void {
    const today = easternDayStart(now);
    let day = this.lastDay === 0 ? today : addEasternDays(this.lastDay, 1);
    while (this.listingTime(day) <= now) {
      for (const city of cities) this.createEvent(city, day, now);
      this.lastDay = day;
      day = addEasternDays(day, 1);
    }
  }

  /** The next listing time after `now` (14:00Z). */
  nextRoll(now: number): number {
    const listing = Math.floor(now / DAY) * DAY + 14 * HOUR;
    return listing > now ? listing : listing + DAY;
  }

  /** Listed at 14:00Z the day before the climate day. */
  private listingTime(dayStart: number): number {
    return Math.floor((dayStart - 12 * HOUR) / DAY) * DAY + 14 * HOUR;
  }

  private createEvent(city: City, dayStart: number, now: number): void {
    const parts = easternParts(dayStart + 12 * HOUR);
    const season = (1 - Math.cos(((parts.month - 1 + parts.day / 31) / 12) * 2 * Math.PI)) / 2; // 0 in Jan, 1 in Jul
    const events = this.random.fork(`${city.series}/${parts.year}-${parts.month}-${parts.day}`);
    const forecast = Math.round(city.winter + (city.summer - city.winter) * season + events.normal() * 4);
    const eventTicker = `${city.series}-${tickerDate(dayStart + 12 * HOUR)}`;
    const occurrence = easternToUtc(parts.year, parts.month, parts.day, 10);
    const nextDay = addEasternDays(dayStart, 1);
    const close = nextDay + 59 * 60_000;
    this.universe.addEvent({
      eventTicker,
      seriesTicker: city.series,
      title: `Highest temperature in ${city.name} on ${dateText(occurrence)}?`,
      subTitle: `On ${dateText(occurrence)}`,
      mutuallyExclusive: true,
      collateralReturnType: 'MECNET',
      strikeDate: occurrence,
      productMetadata: { cadence: 'daily' },
      lastUpdated: now,
      valueModel: { mean: forecast + events.normal(), deviation: 3, step: 1 },
    });
    const brackets: Array<{ suffix: string; type: StrikeType; floor: number | null; cap: number | null; label: string; rule: string }> = [
      { suffix: `T${forecast - 4}`, type: 'less', floor: null, cap: forecast - 4, label: `${forecast - 5}° or below`, rule: `less than ${forecast - 4}°` },
    ];
    for (let low = forecast - 4; low < forecast + 4; low += 2) {
      brackets.push({ suffix: `B${low + 0.5}`, type: 'between', floor: low, cap: low + 1, label: `${low}° to ${low + 1}°`, rule: `between ${low}-${low + 1} deg` });
    }
    brackets.push({ suffix: `T${forecast + 3}`, type: 'greater', floor: forecast + 3, cap: null, label: `${forecast + 4}° or above`, rule: `greater than ${forecast + 3} deg` });
    for (const bracket of brackets) {
      this.universe.addMarket(
        {
          ticker: `${eventTicker}-${bracket.suffix}`,
          eventTicker,
          seriesTicker: city.series,
          title: `Will the high temp in ${city.name} be ${bracket.rule} on ${dateText(occurrence)}?`,
          subtitle: '',
          yesSubTitle: bracket.label,
          createdTime: now,
          openTime: this.listingTime(dayStart),
          closeTime: close,
          expectedExpirationTime: nextDay + 14 * HOUR,
          latestExpirationTime: nextDay + 7 * DAY,
          occurrenceTime: occurrence,
          settlementTimerSeconds: 1800,
          strikeType: bracket.type,
          floorStrike: bracket.floor,
          capStrike: bracket.cap,
          rulesPrimary:
            `If the highest temperature recorded at ${city.station}, ${city.name} for ${dateText(occurrence, true)} as reported by the ` +
            `National Weather Service's Climatological Report (Daily), is ${bracket.rule}, then the market resolves to Yes.`,
          rulesSecondary: `The final value is the NWS Climatological Report (CLI). ${SIMULATED_NOTE}`,
          canCloseEarly: false,
          priceLevelStructure: 'linear_cent',
          resolution: { kind: 'event-value' },
          fairProbability: clampProbability(integerStrikeProbability(bracket.type, bracket.floor, bracket.cap, forecast)),
        },
        now,
      );
    }
  }
}

/** Strike probability for whole-degree outcomes, with a half-degree continuity correction. */
function integerStrikeProbability(type: StrikeType, floor: number | null, cap: number | null, forecast: number): number {
  if (type === 'between') return strikeProbability(type, (floor ?? 0) - 0.5, (cap ?? 0) + 0.5, forecast, 3);
  if (type === 'less') return strikeProbability(type, null, (cap ?? 0) - 0.5, forecast, 3);
  return strikeProbability(type, (floor ?? 0) + 0.5, null, forecast, 3);
}
