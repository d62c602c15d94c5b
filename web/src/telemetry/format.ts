/** Pure formatting for the nav bar telemetry, kept apart from the timers that call it. */

/** DAT/TIM: `M/D` without leading zeros and 24-hour `HH:MM`. */
export function formatDateTime(date: Date): { date: string; time: string } {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return {
    date: `${date.getMonth() + 1}/${date.getDate()}`,
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}`,
  };
}

/** LOAD: seconds with two decimals, e.g. 420 ms → "0.42s". */
export function formatLoadSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)}s`;
}

/** Milliseconds until the next minute boundary, so the clock ticks exactly on the minute. */
export function millisecondsToNextMinute(date: Date): number {
  return 60000 - (date.getSeconds() * 1000 + date.getMilliseconds());
}

/**
 * Sparkline geometry: sample values mapped into a width × height box, newest on the right. The
 * vertical scale is the larger of the samples' maximum and a floor, so a quiet line stays low.
 */
export function sparklinePoints(samples: readonly number[], width: number, height: number, capacity: number, floor = 100): [number, number][] {
  const maximum = Math.max(floor, ...samples);
  const step = width / Math.max(1, capacity - 1);
  const offset = (capacity - samples.length) * step;
  return samples.map((value, index) => [offset + index * step, height - 1 - (value / maximum) * (height - 2)]);
}
