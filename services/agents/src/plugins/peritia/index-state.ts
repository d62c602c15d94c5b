/**
 * What Peritia remembers of the BRTI stream: the latest value (with the exchange's running
 * settlement average when it sends one), the EWMA volatility, and the last two minutes of values
 * by second, so it can average the known part of a settlement window itself when the exchange's
 * running average is missing.
 */
import { WINDOW_SECONDS } from './model';
import { type VolatilitySettings, type VolatilityState, foldIndexValue, initialVolatility } from './volatility';

export const SETTLEMENT_INDEX = 'BRTI';
const RECENT_SECONDS_KEPT = 120;

export interface IndexReading {
  value: number;
  at: number;
  windowedAverage: number | null;
}

export interface PeritiaState {
  index: IndexReading | null;
  volatility: VolatilityState;
  /** One value per second, oldest first, at most two minutes. */
  recent: Array<{ second: number; value: number }>;
}

export const initialPeritiaState = (): PeritiaState => ({ index: null, volatility: initialVolatility(), recent: [] });

export function foldIndex(state: PeritiaState, reading: IndexReading, settings: VolatilitySettings): PeritiaState {
  if (state.index !== null && reading.at <= state.index.at) return state;
  state.volatility = foldIndexValue(state.volatility, reading.value, reading.at, settings);
  state.index = reading;
  const second = Math.floor(reading.at / 1000);
  const last = state.recent[state.recent.length - 1];
  if (last && last.second === second) last.value = reading.value;
  else state.recent.push({ second, value: reading.value });
  while (state.recent.length > 0 && (state.recent[0] as { second: number }).second < second - RECENT_SECONDS_KEPT) state.recent.shift();
  return state;
}

/**
 * The average of the window values known at the latest reading, for the window ending at
 * `closeTime`: the exchange's running average when the latest reading carries one, otherwise the
 * mean of the values Peritia saw inside the window itself. Null before the window or when
 * nothing of it was seen.
 */
export function knownWindowAverage(state: PeritiaState, closeTime: number): { average: number; source: 'exchange' | 'observed' } | null {
  const index = state.index;
  if (index === null) return null;
  const firstSecond = Math.floor(closeTime / 1000) - WINDOW_SECONDS;
  const lastSecond = Math.floor(closeTime / 1000) - 1;
  const readingSecond = Math.floor(index.at / 1000);
  if (readingSecond < firstSecond) return null;
  if (index.windowedAverage !== null && readingSecond <= lastSecond) return { average: index.windowedAverage, source: 'exchange' };
  const inside = state.recent.filter((entry) => entry.second >= firstSecond && entry.second <= lastSecond);
  if (inside.length === 0) return null;
  return { average: inside.reduce((sum, entry) => sum + entry.value, 0) / inside.length, source: 'observed' };
}
