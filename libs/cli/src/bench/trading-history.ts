/** Publish a generated TRADING history for a benchmark, 500 publishes in flight (not kept in memory afterwards). */
import type { Bus } from '@polly/bus';
import { type TradingHistoryOptions, tradingHistory } from '@polly/testing';

export async function publishTradingHistory(bus: Bus, options: TradingHistoryOptions): Promise<number> {
  const window: Promise<unknown>[] = [];
  let published = 0;
  for (const event of tradingHistory(options)) {
    window.push(bus.publish(event));
    published += 1;
    if (window.length >= 500) await Promise.all(window.splice(0));
  }
  await Promise.all(window);
  return published;
}
