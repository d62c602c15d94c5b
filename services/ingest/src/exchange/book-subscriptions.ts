/**
 * Keeps the `orderbook_delta` subscription equal to the plan: markets are added and removed with
 * `update_subscription` in batches (the first batch subscribes), never one command per market.
 * The stream client records every wanted market before it sends anything, so whatever was
 * recorded is restored after a reconnect even if its command never got a reply; a sync that stops
 * early (the connection dropped) is simply run again once the stream is ready.
 */
import type { KalshiStream } from '@polly/kalshi';
import type { Logger } from '@polly/runtime';
import { subscriptionChange } from '../plan/plan';

export const BOOK_CHANNEL = 'orderbook_delta';

export interface BookSubscriptionsOptions {
  stream: KalshiStream;
  wanted(): ReadonlySet<string>;
  /** Markets to send first (the watchlist). */
  first(): ReadonlySet<string>;
  batchSize: number;
  logger: Logger;
  /** Markets no longer followed: their books stop updating. */
  onRemoved(marketTickers: string[]): void;
  onCommand(action: 'add' | 'remove' | 'unsubscribe', ok: boolean): void;
}

/** The markets the stream follows on the book channel (as recorded by the client). */
export function followedMarkets(stream: KalshiStream): Set<string> {
  const subscription = stream.subscriptions().find((candidate) => candidate.channel === BOOK_CHANNEL);
  return new Set(subscription?.marketTickers ?? []);
}

/** Without a connection there is no point sending the other batches now. */
const stopsRound = (kind: string): boolean => kind === 'disconnected' || kind === 'closed' || kind === 'timeout';

export class BookSubscriptions {
  /** Set and cleared around the whole run (a run that ends at once clears it before returning). */
  private busy = false;
  private current: Promise<void> = Promise.resolve();
  private again = false;

  constructor(private readonly options: BookSubscriptionsOptions) {}

  /** Bring the subscription to the plan. Calls made while one runs fold into one more round. */
  sync(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return this.current;
    }
    this.busy = true;
    this.current = (async () => {
      try {
        do {
          this.again = false;
          if (!this.options.stream.isReady) return;
          await this.round();
        } while (this.again);
      } finally {
        this.busy = false;
      }
    })();
    return this.current;
  }

  private async round(): Promise<void> {
    const { stream, batchSize, logger } = this.options;
    const wanted = this.options.wanted();
    const following = followedMarkets(stream);
    const subscribed = stream.subscriptions().some((subscription) => subscription.channel === BOOK_CHANNEL);
    if (wanted.size === 0) {
      if (!subscribed) return;
      const result = await stream.unsubscribe(BOOK_CHANNEL);
      this.options.onCommand('unsubscribe', result.ok);
      if (following.size > 0) this.options.onRemoved([...following]);
      return;
    }
    const change = subscriptionChange(wanted, following, batchSize, this.options.first());
    for (const batch of change.remove) {
      const result = await stream.removeMarkets(BOOK_CHANNEL, batch);
      this.options.onCommand('remove', result.ok);
      // The client forgot them whether or not the command was answered: they are no longer followed.
      this.options.onRemoved(batch);
      if (!result.ok && stopsRound(result.error.kind)) return logger.warn({ error: result.error, markets: batch.length }, 'removing markets from the book subscription failed; they are left out when the next connection subscribes');
      if (!result.ok) logger.warn({ error: result.error, markets: batch.length }, 'the exchange refused part of a market removal');
    }
    for (const batch of change.add) {
      const result = await stream.addMarkets(BOOK_CHANNEL, batch);
      this.options.onCommand('add', result.ok);
      if (!result.ok && stopsRound(result.error.kind)) return logger.warn({ error: result.error, markets: batch.length }, 'adding markets to the book subscription failed; the rest follow once the stream is ready again');
      // An error reply (an unknown market, say) refuses only part of a batch; the others go on.
      if (!result.ok) logger.warn({ error: result.error, markets: batch.length }, 'the exchange refused part of a market addition');
    }
  }
}
