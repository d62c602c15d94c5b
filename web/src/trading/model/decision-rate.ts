/**
 * The decisions-per-minute strip: for each agent, how many markets it judged in each of the last
 * minutes, split into actions (an order intent, or a cancel of a resting order) and holds. Minutes before the known history (the read
 * was cut at its row limit) are "unknown", not zero. Pure.
 */
import type { DecisionMark } from '../session/state';

export interface MinuteBucket {
  /** Start of the minute (epoch milliseconds). */
  start: number;
  /** Decisions that acted: an intent, or a cancel of a resting order. */
  actions: number;
  holds: number;
  known: boolean;
}

const minute = 60_000;

export function decisionMinutes(decisions: readonly DecisionMark[], agentId: string, minutes: number, now: number, knownSince: number | null): MinuteBucket[] {
  const currentStart = Math.floor(now / minute) * minute;
  const firstStart = currentStart - (minutes - 1) * minute;
  const buckets: MinuteBucket[] = Array.from({ length: minutes }, (_, index) => {
    const start = firstStart + index * minute;
    // A minute is known only when the history reaches back to its start.
    return { start, actions: 0, holds: 0, known: knownSince === null || knownSince <= start };
  });
  for (const mark of decisions) {
    if (mark.agentId !== agentId || mark.at < firstStart || mark.at >= currentStart + minute) continue;
    const bucket = buckets[Math.floor((mark.at - firstStart) / minute)];
    if (!bucket) continue;
    if (mark.outcome === 'intent' || mark.outcome === 'cancel') bucket.actions += 1;
    else bucket.holds += 1;
  }
  return buckets;
}

/** Decisions in the last full minute and the busiest minute shown (for the scale). */
export function rateSummary(buckets: readonly MinuteBucket[]): { lastMinute: number; peak: number } {
  const total = (bucket: MinuteBucket | undefined): number => (bucket ? bucket.actions + bucket.holds : 0);
  return { lastMinute: total(buckets.at(-2)), peak: Math.max(1, ...buckets.map(total)) };
}
