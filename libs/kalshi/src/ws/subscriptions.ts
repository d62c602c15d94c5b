/**
 * What the client wants to be subscribed to, independent of any one connection: per channel, its
 * extra parameters and its market list (or every market). After a reconnect each channel is
 * subscribed again from here, including markets added after the first subscribe. The sid of each
 * channel belongs to the current connection only.
 */

export interface ChannelSubscription {
  readonly channel: string;
  /** Extra subscribe parameters (`index_ids`, `send_initial_snapshot`, ...). */
  readonly params: Record<string, unknown>;
  /** null = no market filter (every market). */
  readonly marketTickers: Set<string> | null;
  sid: number | null;
}

export class SubscriptionRegistry {
  private readonly channels = new Map<string, ChannelSubscription>();
  private readonly channelBySid = new Map<number, string>();

  get(channel: string): ChannelSubscription | undefined {
    return this.channels.get(channel);
  }

  all(): ChannelSubscription[] {
    return [...this.channels.values()];
  }

  /** Record a channel (replacing its parameters; market lists are merged). */
  want(channel: string, marketTickers: string[] | null, params: Record<string, unknown>): ChannelSubscription {
    const existing = this.channels.get(channel);
    if (existing && existing.marketTickers && marketTickers) {
      for (const ticker of marketTickers) existing.marketTickers.add(ticker);
      return existing;
    }
    const subscription: ChannelSubscription = {
      channel,
      params,
      marketTickers: marketTickers === null ? null : new Set(marketTickers),
      sid: existing?.sid ?? null,
    };
    this.channels.set(channel, subscription);
    return subscription;
  }

  drop(channel: string): ChannelSubscription | undefined {
    const subscription = this.channels.get(channel);
    if (subscription?.sid !== null && subscription?.sid !== undefined) this.channelBySid.delete(subscription.sid);
    this.channels.delete(channel);
    return subscription;
  }

  assignSid(channel: string, sid: number): void {
    const subscription = this.channels.get(channel);
    if (!subscription) return;
    if (subscription.sid !== null) this.channelBySid.delete(subscription.sid);
    subscription.sid = sid;
    this.channelBySid.set(sid, channel);
  }

  /** A sid the exchange has ended: forget it (its channel stays wanted). */
  releaseSid(sid: number): void {
    const channel = this.channelBySid.get(sid);
    this.channelBySid.delete(sid);
    const subscription = channel === undefined ? undefined : this.channels.get(channel);
    if (subscription?.sid === sid) subscription.sid = null;
  }

  channelOfSid(sid: number): string | null {
    return this.channelBySid.get(sid) ?? null;
  }

  /** The connection is gone: no sid is valid any more. */
  clearSids(): void {
    for (const subscription of this.channels.values()) subscription.sid = null;
    this.channelBySid.clear();
  }

  subscribeParams(subscription: ChannelSubscription): Record<string, unknown> {
    return {
      ...subscription.params,
      channels: [subscription.channel],
      ...(subscription.marketTickers === null ? {} : { market_tickers: [...subscription.marketTickers] }),
    };
  }
}
