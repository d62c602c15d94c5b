/**
 * The expanded card's price line: the YES price of the leading market from its recent trades
 * (and live prices after), on Kalshi's 0–100¢ chance scale, as a step line. Pure.
 */
import { microsPerDollar, toChartNumber } from '../money';

export interface PricePoint {
  at: number;
  price: bigint;
}

export function pricePath(points: readonly PricePoint[], width: number, height: number, now: number): string {
  if (points.length === 0) return '';
  const from = points[0]?.at ?? now;
  const to = Math.max(now, points.at(-1)?.at ?? now);
  const span = Math.max(1, to - from);
  const x = (at: number): number => Math.round(((at - from) / span) * width * 10) / 10;
  const y = (price: bigint): number => Math.round((1 - toChartNumber(price) / toChartNumber(microsPerDollar)) * height * 10) / 10;
  return points.map((point, index) => (index === 0 ? `M${x(point.at)} ${y(point.price)}` : `H${x(point.at)}V${y(point.price)}`)).join('') + `H${x(to)}`;
}

/** Keep the newest `limit` points in time order, ignoring repeats of the same instant and price. */
export function withPricePoint(points: readonly PricePoint[], point: PricePoint, limit = 500): PricePoint[] {
  const last = points.at(-1);
  if (last && last.at === point.at && last.price === point.price) return points as PricePoint[];
  const next = [...points, point].sort((a, b) => a.at - b.at);
  return next.length > limit ? next.slice(next.length - limit) : next;
}
