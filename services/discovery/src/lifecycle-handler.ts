/**
 * Between cycles: one `lifecycle.changed` event at a time, from a durable consumer. A new market
 * is read, stored and put in the plan before the event is acknowledged, so it is subscribed
 * within that one event; a determined or settled one leaves the plan at once. A failure to reach
 * the exchange throws, and the consumer redelivers the event with a growing delay.
 */
import type { Disposition } from '@polly/bus';
import type { EventOf, MarketLifecycleChanged } from '@polly/contracts';
import type { Catalogue } from './catalogue';
import { lifecycleAction } from './core/lifecycle';

/** Deliveries after which a market the exchange does not know is given up on. */
const NOT_FOUND_DELIVERIES = 3;

export async function handleLifecycle(
  catalogue: Catalogue,
  event: EventOf<typeof MarketLifecycleChanged>,
  deliveryCount: number,
): Promise<Disposition> {
  const { marketTicker } = event.data;
  const cause = { id: event.id, correlationId: event.correlationId };
  const action = lifecycleAction(event.data, catalogue.known.markets.has(marketTicker));
  if (action.kind === 'finish') {
    await catalogue.applyFinished(marketTicker, action.exchangeStatus, cause);
    await catalogue.syncPlan(`${action.reason} ${marketTicker}`, { cause, tickers: [marketTicker] });
    return { kind: 'ack' };
  }
  const outcome = await catalogue.fetchMarket(marketTicker);
  if (outcome.kind === 'failed') throw new Error(`could not read market ${marketTicker}: ${outcome.reason}`);
  if (outcome.kind === 'gone') {
    // Right after `created` the exchange may not serve the market yet: ask again a few times.
    if (!catalogue.known.markets.has(marketTicker) && deliveryCount < NOT_FOUND_DELIVERIES) return { kind: 'nak', delayMs: 1000 * deliveryCount };
    await catalogue.applyVanished(marketTicker, cause);
  } else {
    await catalogue.ensureEvents([outcome.value.event_ticker], cause);
    await catalogue.applyMarkets([{ market: outcome.value, listingIndex: null }], cause);
  }
  await catalogue.syncPlan(`${action.reason} ${marketTicker}`, { cause, tickers: [marketTicker] });
  return { kind: 'ack' };
}
