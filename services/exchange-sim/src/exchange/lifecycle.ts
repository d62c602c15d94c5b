/**
 * Market lifecycle as simulated time passes (PROTOCOL §5.3):
 * initialized → active (at open) → closed (at close; resting orders cancelled) → determined →
 * finalized (settled: positions paid) → pruned from the listing after a retention period.
 *
 * Bitcoin markets determine two seconds after close on the BRTI average and settle after their
 * settlement timer; others determine at their expected expiration. Results come from the
 * market's resolution rule, drawn from a seeded stream per event so they do not depend on order.
 */
import { BitcoinListings } from '../universe/bitcoin';
import type { BitcoinIndex } from '../universe/brti';
import { formatIndex } from '../universe/brti';
import type { SimEvent, SimMarket } from '../universe/model';
import { strikeHolds } from '../universe/series';
import type { Random } from '../support/random';
import { TimeHeap } from '../support/heap';

export type LifecycleStep = 'open' | 'close' | 'determine' | 'settle' | 'prune';

export interface ScheduledStep {
  readonly at: number;
  readonly ticker: string;
  readonly step: LifecycleStep;
}

/** How long a finalized market stays listed before it is forgotten. */
export const RETENTION_MS = 6 * 3_600_000;

export class LifecycleSchedule {
  private readonly heap = new TimeHeap<ScheduledStep>();

  /** Queue the next step a market is due for, given its status. */
  scheduleNext(market: SimMarket): void {
    const step = nextStep(market);
    if (step) this.heap.push(step);
  }

  nextAt(): number | null {
    return this.heap.peek()?.at ?? null;
  }

  popDue(until: number): ScheduledStep | null {
    const next = this.heap.peek();
    if (!next || next.at > until) return null;
    return this.heap.pop() ?? null;
  }

  get size(): number {
    return this.heap.size;
  }
}

function nextStep(market: SimMarket): ScheduledStep | null {
  switch (market.status) {
    case 'initialized':
      return { at: market.openTime, ticker: market.ticker, step: 'open' };
    case 'active':
    case 'inactive':
      return { at: market.closeTime, ticker: market.ticker, step: 'close' };
    case 'closed':
      return { at: determinationTime(market), ticker: market.ticker, step: 'determine' };
    case 'determined':
      return { at: (market.determinedTime ?? market.closeTime) + market.settlementTimerSeconds * 1000, ticker: market.ticker, step: 'settle' };
    case 'finalized':
      return { at: (market.settledTime ?? market.closeTime) + RETENTION_MS, ticker: market.ticker, step: 'prune' };
  }
}

export function determinationTime(market: SimMarket): number {
  return market.resolution.kind === 'bitcoin' ? market.closeTime + 2_000 : Math.max(market.closeTime, market.expectedExpirationTime);
}

/** The KXBTC15M strike at open: the 60-second average before the open (or the index now). */
export function openWindow(market: SimMarket, index: BitcoinIndex): boolean {
  if (market.seriesTicker !== 'KXBTC15M' || market.floorStrike !== null) return false;
  BitcoinListings.setWindowStrike(market, index.averageBefore(market.openTime) ?? index.latest);
  return true;
}

/**
 * Decide a market: returns the result and the expiration value text. Event-level draws (a
 * weather high, an exclusive winner) are made once per event and shared by its markets.
 */
export function decide(
  market: SimMarket,
  event: SimEvent | undefined,
  siblings: readonly SimMarket[],
  index: BitcoinIndex,
  random: Random,
): { result: 'yes' | 'no'; expirationValue: string } {
  const resolution = market.resolution;
  if (resolution.kind === 'bitcoin') {
    const average = index.averageBefore(resolution.boundary) ?? index.latest;
    const value = average / 100;
    const holds = market.strikeType !== null && strikeHolds(market.strikeType, market.floorStrike, market.capStrike, value);
    return { result: holds ? 'yes' : 'no', expirationValue: formatIndex(average) };
  }
  if (resolution.kind === 'chance') {
    return { result: random.fork(`result/${market.ticker}`).chance(resolution.probability) ? 'yes' : 'no', expirationValue: '' };
  }
  if (!event) return { result: 'no', expirationValue: '' };
  if (resolution.kind === 'event-value' && event.valueModel && market.strikeType) {
    if (event.realizedValue === null) {
      const model = event.valueModel;
      const drawn = model.mean + random.fork(`value/${event.eventTicker}`).normal() * model.deviation;
      event.realizedValue = Number((Math.round(drawn / model.step) * model.step).toFixed(6));
    }
    const holds = strikeHolds(market.strikeType, market.floorStrike, market.capStrike, event.realizedValue);
    return { result: holds ? 'yes' : 'no', expirationValue: String(event.realizedValue) };
  }
  // exclusive: one winner per event, weighted by the markets' fair probabilities
  if (event.realizedValue === null) {
    const total = siblings.reduce((sum, sibling) => sum + sibling.fairProbability, 0);
    let draw = random.fork(`winner/${event.eventTicker}`).next() * total;
    const winner = siblings.findIndex((sibling) => (draw -= sibling.fairProbability) < 0);
    event.realizedValue = winner < 0 ? siblings.length - 1 : winner;
  }
  const winner = siblings[event.realizedValue];
  return { result: winner?.ticker === market.ticker ? 'yes' : 'no', expirationValue: winner?.yesSubTitle ?? '' };
}
