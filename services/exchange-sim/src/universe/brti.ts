/**
 * A simulated CF Benchmarks Bitcoin Real-Time Index (BRTI): one value per second from a seeded
 * random walk, in whole cents. It also keeps the settlement averages Kalshi's BTC markets use:
 * the simple average of the sixty one-second values before each quarter-hour (PROTOCOL §10.1),
 * rounded half up to the cent (the rounding of the real average is UNCONFIRMED).
 *
 * The index is not money, so values are plain integers of cents (exact, far below 2^53).
 */
import type { Random } from '../support/random';
import { formatNumber } from './series';

export const QUARTER_HOUR = 15 * 60_000;
const HISTORY_SECONDS = 3_600;
const AVERAGE_SECONDS = 60;
const KEEP_AVERAGES = 7 * 96;

export class BitcoinIndex {
  /** The last second (unix seconds) with a value. */
  private second: number;
  private value: number;
  /** Ring of the last hour of values, indexed by second modulo its length. */
  private readonly history = new Float64Array(HISTORY_SECONDS);
  private readonly averages = new Map<number, number>();
  private readonly anchor: number;

  constructor(
    private readonly random: Random,
    startMilliseconds: number,
    startCents: number,
    /** Standard deviation of one second's move, in cents. */
    private readonly volatilityCents = 600,
  ) {
    this.second = Math.floor(startMilliseconds / 1000);
    this.value = startCents;
    this.anchor = startCents;
    this.history.fill(startCents);
  }

  /** Generate values up to and including the second that contains `milliseconds`. */
  advanceTo(milliseconds: number): void {
    const target = Math.floor(milliseconds / 1000);
    while (this.second < target) {
      this.second += 1;
      // A gentle pull toward the starting level keeps long runs within a plausible range.
      const drift = (this.anchor - this.value) * 0.00002;
      this.value = Math.max(100_000, Math.round(this.value + drift + this.random.normal() * this.volatilityCents));
      this.history[this.second % HISTORY_SECONDS] = this.value;
      const nextBoundary = (this.second + 1) * 1000;
      if (nextBoundary % QUARTER_HOUR === 0) this.recordAverage(nextBoundary);
    }
  }

  get latestSecond(): number {
    return this.second;
  }

  /** The latest value in cents. */
  get latest(): number {
    return this.value;
  }

  /** The value at a second within the last hour, or null when it is older or in the future. */
  valueAt(second: number): number | null {
    if (second > this.second || second <= this.second - HISTORY_SECONDS) return null;
    return this.history[second % HISTORY_SECONDS] as number;
  }

  /** The settlement average for a quarter-hour boundary (ms), once its final minute has passed. */
  averageBefore(boundary: number): number | null {
    return this.averages.get(boundary) ?? null;
  }

  /**
   * The running average of the final minute before the coming quarter-hour while inside that
   * minute (what `last_60s_windowed_average_15min` carries), else null.
   */
  runningAverage(): number | null {
    const nextBoundary = Math.ceil(((this.second + 1) * 1000) / QUARTER_HOUR) * QUARTER_HOUR;
    const firstSecond = nextBoundary / 1000 - AVERAGE_SECONDS;
    if (this.second < firstSecond) return null;
    let sum = 0;
    for (let second = firstSecond; second <= this.second; second += 1) sum += this.history[second % HISTORY_SECONDS] as number;
    return Math.round(sum / (this.second - firstSecond + 1));
  }

  private recordAverage(boundary: number): void {
    let sum = 0;
    for (let offset = 1; offset <= AVERAGE_SECONDS; offset += 1) {
      sum += this.history[(boundary / 1000 - offset) % HISTORY_SECONDS] as number;
    }
    this.averages.set(boundary, Math.round(sum / AVERAGE_SECONDS));
    if (this.averages.size > KEEP_AVERAGES) {
      const oldest = this.averages.keys().next().value;
      if (oldest !== undefined) this.averages.delete(oldest);
    }
  }
}

/** Cents as index text: 9712345 → "97123.45". */
export const formatIndex = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** Cents as dollars with thousands separators: 7942170 → "$79,421.70". */
export const formatUsd = (cents: number): string => `$${formatNumber(cents / 100)}`;
