/**
 * Geometry of the P/L graph: one step line per agent (a P/L point holds until the next one),
 * over the chosen x-range (24 h … all) and y-range ($10 … all, symmetric around zero). Pure; the
 * graph component only draws the paths. Values become floats only here, as pixel positions.
 */
import type { PnlPoint } from '../api/schemas';
import { instant } from '../clock';
import { microsPerDollar, parseMicros, toChartNumber } from '../money';

export const xRanges = [
  { id: '24h', label: '24H', milliseconds: 86_400_000 },
  { id: '1w', label: '1W', milliseconds: 7 * 86_400_000 },
  { id: '1m', label: '1M', milliseconds: 30 * 86_400_000 },
  { id: '1y', label: '1Y', milliseconds: 365 * 86_400_000 },
  { id: 'all', label: 'ALL', milliseconds: null },
] as const;
export type XRange = (typeof xRanges)[number]['id'];

export const yRanges = [
  { id: '10', label: '$10', dollars: 10n },
  { id: '100', label: '100', dollars: 100n },
  { id: '1k', label: '1K', dollars: 1_000n },
  { id: '10k', label: '10K', dollars: 10_000n },
  { id: 'all', label: 'ALL', dollars: null },
] as const;
export type YRange = (typeof yRanges)[number]['id'];

/** Where the P/L read starts for an x-range (null: from the first point). */
export function rangeStart(range: XRange, now: number): Date | null {
  const milliseconds = xRanges.find((item) => item.id === range)?.milliseconds ?? null;
  return milliseconds === null ? null : new Date(now - milliseconds);
}

export interface ChartLine {
  agentId: string;
  /** SVG path data in a width × height box. */
  path: string;
  points: number;
  /** The newest total P/L (micro-dollars). */
  last: bigint;
}

export interface Chart {
  lines: ChartLine[];
  /** The y-axis half-span in micro-dollars: the top is +span, the bottom −span. */
  span: bigint;
  /** The x-axis in epoch milliseconds. */
  from: number;
  to: number;
  /** Lines go past the y-range (clipped at the edge). */
  clipped: boolean;
}

/** The smallest of 1, 2, 5 × 10^k dollars that holds `value`, at least $1. */
export function niceSpan(value: bigint): bigint {
  let unit = microsPerDollar;
  for (;;) {
    for (const step of [1n, 2n, 5n]) if (value <= unit * step) return unit * step;
    unit *= 10n;
  }
}

export function buildChart(series: ReadonlyMap<string, readonly PnlPoint[]>, agentIds: readonly string[], xRange: XRange, yRange: YRange, now: number, width: number, height: number): Chart {
  const start = rangeStart(xRange, now)?.getTime();
  const parsed = agentIds.map((agentId) => ({
    agentId,
    points: (series.get(agentId) ?? []).map((point) => ({ at: instant(point.at), total: parseMicros(point.total_pnl) })).filter((point) => start === undefined || point.at >= start),
  }));
  const first = Math.min(...parsed.flatMap((line) => line.points.map((point) => point.at)), now);
  const from = start ?? (first < now ? first : now - 3_600_000);
  const to = now;
  const largest = parsed.flatMap((line) => line.points.map((point) => (point.total < 0n ? -point.total : point.total))).reduce((max, value) => (value > max ? value : max), 0n);
  const fixed = yRanges.find((item) => item.id === yRange)?.dollars ?? null;
  const span = fixed === null ? niceSpan(largest) : fixed * microsPerDollar;
  const x = (at: number): number => ((at - from) / Math.max(1, to - from)) * width;
  const y = (total: bigint): number => {
    const clamped = total > span ? span : total < -span ? -span : total;
    return height / 2 - (toChartNumber(clamped) / toChartNumber(span)) * (height / 2);
  };
  const round = (value: number): string => (Math.round(value * 10) / 10).toString();
  const lines = parsed
    .filter((line) => line.points.length > 0)
    .map((line) => {
      // A step line: the value holds until the next point, then jumps; the last holds until now.
      const path =
        line.points.map((point, index) => `${index === 0 ? 'M' : 'H'}${round(x(point.at))}${index === 0 ? ' ' : 'V'}${round(y(point.total))}`).join('') + `H${round(width)}`;
      return { agentId: line.agentId, path, points: line.points.length, last: line.points.at(-1)?.total ?? 0n };
    });
  return { lines, span, from, to, clipped: largest > span };
}
