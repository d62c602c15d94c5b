/**
 * Builds the non-Bitcoin part of the universe from the filler catalog until a market count is
 * reached. Events close from an hour ago to four months ahead (a few within the next hours, so
 * the lifecycle is visible); results come from each event's value model or weighted choice.
 */
import type { Random } from '../support/random';
import { dateText, easternParts, easternToUtc, tickerDate } from '../support/eastern-time';
import { type FillerTemplate, fillerSubjects, fillerTemplates } from './filler-catalog';
import type { StrikeType, ValueModel } from './model';
import { SIMULATED_NOTE, clampProbability, formatNumber, simulatedSeries, strikeProbability } from './series';
import type { Universe } from './universe';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface MarketDraft {
  readonly suffix: string;
  readonly title: string;
  readonly yesSubTitle: string;
  readonly strikeType: StrikeType | null;
  readonly floor: number | null;
  readonly cap: number | null;
  readonly probability: number;
  readonly condition: string;
}

interface EventDraft {
  readonly suffix: string;
  readonly subject: string;
  readonly exclusive: boolean;
  readonly valueModel: ValueModel | null;
  readonly markets: MarketDraft[];
}

export function registerFillerSeries(universe: Universe, now: number): void {
  for (const template of fillerTemplates) universe.addSeries(simulatedSeries(template.series, now));
}

/** Add filler events until `count` more markets exist (or attempts run out). */
export function addFillerMarkets(universe: Universe, random: Random, now: number, count: number): void {
  const totalWeight = fillerTemplates.reduce((sum, template) => sum + template.weight, 0);
  let added = 0;
  let attempts = 0;
  while (added < count && attempts < count * 4) {
    attempts += 1;
    let draw = random.next() * totalWeight;
    const template = fillerTemplates.find((candidate) => (draw -= candidate.weight) < 0) ?? (fillerTemplates[0] as FillerTemplate);
    const close = closeTime(random, now, template.closeHour);
    const draft = draftEvent(template, random);
    const eventTicker = `${template.series.ticker}-${tickerDate(close)}${draft.suffix}`;
    if (universe.events.has(eventTicker)) continue;
    const title = template.eventTitle.replace('{date}', dateText(close)).replace('{subject}', draft.subject);
    universe.addEvent({
      eventTicker,
      seriesTicker: template.series.ticker,
      title,
      subTitle: `On ${dateText(close)}`,
      mutuallyExclusive: draft.exclusive,
      collateralReturnType: draft.exclusive ? 'MECNET' : '',
      strikeDate: close,
      productMetadata: null,
      lastUpdated: now,
      valueModel: draft.valueModel,
    });
    const open = Math.min(close - HOUR, now - random.integer(1, 30) * DAY + (random.chance(0.03) ? 40 * DAY : 0));
    for (const market of draft.markets.slice(0, Math.max(1, count - added))) {
      universe.addMarket(
        {
          ticker: `${eventTicker}-${market.suffix}`,
          eventTicker,
          seriesTicker: template.series.ticker,
          title: market.title,
          subtitle: '',
          yesSubTitle: market.yesSubTitle,
          createdTime: Math.min(open, now) - DAY,
          openTime: open,
          closeTime: close,
          expectedExpirationTime: close + HOUR,
          latestExpirationTime: close + 14 * DAY,
          occurrenceTime: null,
          settlementTimerSeconds: 300,
          strikeType: market.strikeType,
          floorStrike: market.floor,
          capStrike: market.cap,
          rulesPrimary: `If ${market.condition}, then the market resolves to Yes.`,
          rulesSecondary: SIMULATED_NOTE,
          canCloseEarly: template.shape.kind === 'game',
          priceLevelStructure: template.series.feeType === 'quadratic_with_maker_fees' ? 'deci_cent' : 'linear_cent',
          resolution: draft.valueModel ? { kind: 'event-value' } : draft.exclusive ? { kind: 'exclusive' } : { kind: 'chance', probability: market.probability },
          fairProbability: clampProbability(market.probability),
        },
        now,
      );
      added += 1;
    }
  }
}

/** Mostly days to months ahead; a few within the next hours, a few just past. */
function closeTime(random: Random, now: number, hour: number): number {
  const roll = random.next();
  if (roll < 0.02) return Math.floor((now - random.integer(5, 55) * 60_000) / 60_000) * 60_000;
  if (roll < 0.06) return Math.floor((now + random.integer(20, 360) * 60_000) / 60_000) * 60_000;
  const days = roll < 0.4 ? random.integer(1, 7) : random.integer(8, 120);
  const parts = easternParts(now + days * DAY);
  return easternToUtc(parts.year, parts.month, parts.day, hour);
}

function draftEvent(template: FillerTemplate, random: Random): EventDraft {
  const shape = template.shape;
  switch (shape.kind) {
    case 'game': {
      const away = random.pick(shape.teams);
      let home = random.pick(shape.teams);
      while (home === away) home = random.pick(shape.teams);
      const homeEdge = 0.5 + random.normal() * 0.12;
      const sides: Array<[string, number]> = shape.tie
        ? [[home, homeEdge * 0.75], ['TIE', 0.25], [away, (1 - homeEdge) * 0.75]]
        : [[home, homeEdge], [away, 1 - homeEdge]];
      return {
        suffix: `${away}${home}`,
        subject: `${away} at ${home}`,
        exclusive: true,
        valueModel: null,
        markets: sides.map(([team, probability]) => ({
          suffix: team,
          title: `${away} at ${home}: ${team === 'TIE' ? 'tie' : team} ${shape.tie ? 'result' : 'wins'}?`,
          yesSubTitle: team === 'TIE' ? 'Tie' : team,
          strikeType: null,
          floor: null,
          cap: null,
          probability,
          condition: team === 'TIE' ? `${away} at ${home} ends in a tie` : `${team} wins ${away} at ${home}`,
        })),
      };
    }
    case 'ladder': {
      const mean = shape.mean + random.normal() * shape.spread;
      const first = Math.round((mean - (shape.count / 2) * shape.step) / shape.step) * shape.step;
      const valueModel = { mean, deviation: shape.spread, step: 10 ** -shape.decimals };
      return {
        suffix: '',
        subject: random.pick(fillerSubjects.films),
        exclusive: false,
        valueModel,
        markets: Array.from({ length: shape.count }, (_, index) => {
          const strike = Number((first + index * shape.step).toFixed(shape.decimals));
          const text = `${shape.unit === '$' ? '$' : ''}${formatNumber(strike, shape.decimals)}${shape.unit !== '$' ? shape.unit : ''}`;
          return {
            suffix: `T${strike.toFixed(shape.decimals)}`,
            title: `${template.series.title} above ${text}?`,
            yesSubTitle: `Above ${text}`,
            strikeType: 'greater' as const,
            floor: strike,
            cap: null,
            probability: strikeProbability('greater', strike, null, mean, shape.spread),
            condition: `the ${template.series.title.toLowerCase()} is above ${text}`,
          };
        }),
      };
    }
    case 'brackets': {
      const mean = shape.mean * (1 + random.normal() * 0.01);
      const lowest = Math.round(mean / shape.width - shape.count / 2) * shape.width;
      const deviation = shape.width * 3;
      const format = (value: number) => `${shape.unit === '$' ? '$' : ''}${formatNumber(value, shape.decimals)}${shape.unit === '%' ? '%' : ''}`;
      const markets: MarketDraft[] = [];
      const add = (suffix: string, strikeType: StrikeType, floor: number | null, cap: number | null, label: string) =>
        markets.push({
          suffix,
          title: `${template.series.title}: ${label}?`,
          yesSubTitle: label,
          strikeType,
          floor,
          cap,
          probability: strikeProbability(strikeType, floor, cap, mean, deviation),
          condition: `the ${template.series.title.replace(/ range$/, '')} is ${label}`,
        });
      add(`T${lowest}`, 'less', null, lowest, `below ${format(lowest)}`);
      for (let index = 0; index < shape.count; index += 1) {
        const floor = lowest + index * shape.width;
        const cap = Number((floor + shape.width - 10 ** -(shape.decimals + 2)).toFixed(shape.decimals + 2));
        add(`B${floor + shape.width / 2}`, 'between', floor, cap, `${format(floor)} to ${formatNumber(cap, shape.decimals + 2)}${shape.unit === '%' ? '%' : ''}`);
      }
      const top = lowest + shape.count * shape.width;
      add(`T${top}`, 'greater', top, null, `${format(top)} or above`);
      return { suffix: '', subject: '', exclusive: true, valueModel: { mean, deviation, step: 10 ** -(shape.decimals + 2) }, markets };
    }
    case 'choice': {
      const weights = shape.options.map(() => random.next() ** 2 + 0.02);
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      const state = random.pick(fillerSubjects.states);
      return {
        suffix: template.series.ticker === 'KXSENATE' ? state : '',
        subject: state,
        exclusive: true,
        valueModel: null,
        markets: shape.options.slice(0, shape.pick).map((option, index) => ({
          suffix: option.replace(/[^A-Za-z0-9]/g, '').slice(0, 12).toUpperCase(),
          title: `${template.series.title}: ${option}?`,
          yesSubTitle: option,
          strikeType: null,
          floor: null,
          cap: null,
          probability: (weights[index] as number) / total,
          condition: `${option} is the ${template.series.title.toLowerCase()}`,
        })),
      };
    }
    case 'mentions': {
      const speaker = random.pick(shape.speakers);
      const chosen = random.shuffle(shape.words).slice(0, random.integer(Math.floor(shape.pick / 2), shape.pick));
      return {
        suffix: speaker.replace(/^the /, '').replace(/[^A-Za-z]/g, '').slice(0, 6).toUpperCase(),
        subject: speaker,
        exclusive: false,
        valueModel: null,
        markets: chosen.map((word) => ({
          suffix: word.replace(/[^A-Za-z0-9]/g, '').toUpperCase(),
          title: `Will ${speaker} say "${word}"?`,
          yesSubTitle: word,
          strikeType: null,
          floor: null,
          cap: null,
          probability: 0.15 + random.next() * 0.7,
          condition: `${speaker} says "${word}" during the event`,
        })),
      };
    }
  }
}
