/**
 * Prime's memory: net taker flow per market and calendar minute (UTC), from public trades.
 * A trade's `takerSide` is the outcome its taker bought, so YES-taker contracts are people
 * paying up for YES and NO-taker contracts people paying up for NO.
 *
 * Each market keeps its current minute and the one before; a trade for an older minute is
 * dropped. Markets with nothing in the last two minutes are forgotten, at most once a minute.
 */
import { type Centis, ZERO_CENTIS } from '@polly/contracts';
import type { MarketTrade } from '../../plugin';

export const MINUTE_MS = 60_000;
export const minuteOf = (milliseconds: number): number => Math.floor(milliseconds / MINUTE_MS);

export interface MinuteFlow {
  minute: number;
  /** Contracts bought by YES takers. */
  yes: Centis;
  /** Contracts bought by NO takers. */
  no: Centis;
  trades: number;
}

export interface MarketFlow {
  current: MinuteFlow;
  previous: MinuteFlow | null;
}

export interface PrimeState {
  flows: Map<string, MarketFlow>;
  /** The newest minute seen in any trade (drives forgetting). */
  latestMinute: number;
  prunedAtMinute: number;
}

export const emptyFlow = (minute: number): MinuteFlow => ({ minute, yes: ZERO_CENTIS, no: ZERO_CENTIS, trades: 0 });

export function initialPrimeState(): PrimeState {
  return { flows: new Map(), latestMinute: 0, prunedAtMinute: 0 };
}

function add(flow: MinuteFlow, trade: MarketTrade): void {
  if (trade.takerSide === 'yes') flow.yes = (flow.yes + trade.count) as Centis;
  else flow.no = (flow.no + trade.count) as Centis;
  flow.trades += 1;
}

/** Fold one market's new trades (oldest first) into its minute buckets. */
export function foldTrades(state: PrimeState, marketTicker: string, trades: readonly MarketTrade[]): PrimeState {
  for (const trade of trades) {
    const minute = minuteOf(trade.at);
    if (minute > state.latestMinute) state.latestMinute = minute;
    const known = state.flows.get(marketTicker);
    if (!known) {
      const current = emptyFlow(minute);
      add(current, trade);
      state.flows.set(marketTicker, { current, previous: null });
      continue;
    }
    if (minute === known.current.minute) add(known.current, trade);
    else if (minute > known.current.minute) {
      known.previous = minute === known.current.minute + 1 ? known.current : null;
      known.current = emptyFlow(minute);
      add(known.current, trade);
    } else if (known.previous && minute === known.previous.minute) add(known.previous, trade);
  }
  if (state.latestMinute > state.prunedAtMinute) {
    state.prunedAtMinute = state.latestMinute;
    for (const [ticker, flow] of state.flows) if (flow.current.minute < state.latestMinute - 2) state.flows.delete(ticker);
  }
  return state;
}

/** The flow of the minute containing `now` and of the minute before it. */
export function flowAt(state: PrimeState, marketTicker: string, now: number): { current: MinuteFlow; previous: MinuteFlow } {
  const minute = minuteOf(now);
  const known = state.flows.get(marketTicker);
  if (!known) return { current: emptyFlow(minute), previous: emptyFlow(minute - 1) };
  if (known.current.minute === minute) return { current: known.current, previous: known.previous ?? emptyFlow(minute - 1) };
  if (known.current.minute === minute - 1) return { current: emptyFlow(minute), previous: known.current };
  return { current: emptyFlow(minute), previous: emptyFlow(minute - 1) };
}
