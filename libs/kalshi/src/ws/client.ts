/**
 * The Kalshi WebSocket client (PROTOCOL §7): channels, markets and the messages they carry, on
 * top of StreamConnection (signing, heartbeat watchdog, reconnect). One connection carries every
 * subscription; each channel has one sid. The client:
 * - subscribes again after every reconnect to each channel with its full market list, including
 *   markets added after the first subscribe;
 * - tracks `seq` per sid, drops duplicates, reports gaps and asks for fresh snapshots of the
 *   order books of the affected subscription (`get_snapshot`);
 * - validates every frame; bad frames are counted and reported, never thrown.
 * Commands return typed results; none of them throws.
 */
import { type CommandFailure, type CommandReply, PendingCommands, type StreamResult } from './commands';
import { type ConnectionOptions, StreamConnection } from './connection';
import { type ControlFrame, type StreamMessage, parseFrame } from './frames';
import { SequenceTracker } from './sequence';
import { type ChannelSubscription, SubscriptionRegistry } from './subscriptions';

export interface KalshiStreamOptions extends ConnectionOptions {
  /** Ask for fresh order book snapshots when a gap is seen (default true). */
  resyncOnGap?: boolean;
}

export interface SubscribeOptions {
  /** Markets to filter on; omit for channels without a filter (every market). */
  marketTickers?: string[];
  /** Extra subscribe parameters, e.g. `{ index_ids: ['BRTI'] }` or `{ send_initial_snapshot: true }`. */
  params?: Record<string, unknown>;
}

export interface ChannelSid {
  channel: string;
  sid: number;
}

const ORDERBOOK_CHANNEL = 'orderbook_delta';
const TERMINAL_CHANNEL_ERRORS = new Set([10, 25]);

export class KalshiStream extends StreamConnection {
  private readonly registry = new SubscriptionRegistry();
  private readonly sequence = new SequenceTracker();
  private readonly pending: PendingCommands;
  private readonly inflight = new Map<string, Promise<StreamResult<ChannelSid>>>();

  constructor(protected override readonly options: KalshiStreamOptions) {
    super(options);
    this.pending = new PendingCommands(this.clock, options.commandTimeoutMs ?? 10_000, this.counterState);
  }

  /** Channels wanted, their current sid and market lists. */
  subscriptions(): Array<{ channel: string; sid: number | null; marketTickers: string[] | null; params: Record<string, unknown> }> {
    return this.registry.all().map((subscription) => ({
      channel: subscription.channel,
      sid: subscription.sid,
      marketTickers: subscription.marketTickers === null ? null : [...subscription.marketTickers],
      params: subscription.params,
    }));
  }

  /** Close for good: no reconnect; waiting commands fail with `closed`. */
  override close(): Promise<void> {
    this.pending.failAll({ kind: 'closed', message: 'the stream was closed' });
    return super.close();
  }

  /**
   * Subscribe to one channel (one sid). Subscribing again to a channel with a market filter adds
   * the new markets to the existing subscription.
   */
  async subscribe(channel: string, options: SubscribeOptions = {}): Promise<StreamResult<ChannelSid>> {
    const existing = this.registry.get(channel);
    if (existing?.marketTickers && options.marketTickers) {
      const added = await this.addMarkets(channel, options.marketTickers);
      return added.ok ? { ok: true, value: { channel, sid: added.value.sid } } : added;
    }
    // Recorded first, so that a reconnect restores it even if this command never gets a reply.
    this.registry.want(channel, options.marketTickers ?? null, options.params ?? {});
    return this.settledChannel(channel);
  }

  /** Add markets to a channel's subscription (subscribing if it has none yet). */
  async addMarkets(channel: string, marketTickers: string[]): Promise<StreamResult<{ sid: number; marketTickers: string[] }>> {
    const subscription = this.registry.get(channel);
    if (!subscription) {
      const subscribed = await this.subscribe(channel, { marketTickers });
      return subscribed.ok ? { ok: true, value: { sid: subscribed.value.sid, marketTickers } } : subscribed;
    }
    if (subscription.marketTickers === null) return invalid(`${channel} is subscribed for every market`);
    const fresh = marketTickers.filter((ticker) => !subscription.marketTickers?.has(ticker));
    for (const ticker of fresh) subscription.marketTickers.add(ticker);
    const settled = await this.settledChannel(channel);
    if (!settled.ok) return settled;
    if (fresh.length === 0) return { ok: true, value: { sid: settled.value.sid, marketTickers: [...subscription.marketTickers] } };
    const reply = await this.send('update_subscription', { sids: [settled.value.sid], market_tickers: fresh, action: 'add_markets' });
    return reply.ok ? { ok: true, value: { sid: settled.value.sid, marketTickers: [...subscription.marketTickers] } } : reply;
  }

  /** Remove markets from a channel's subscription. */
  async removeMarkets(channel: string, marketTickers: string[]): Promise<StreamResult<{ sid: number | null }>> {
    const subscription = this.registry.get(channel);
    if (!subscription?.marketTickers) return invalid(`${channel} has no market list`);
    for (const ticker of marketTickers) subscription.marketTickers.delete(ticker);
    if (!this.isReady || subscription.sid === null) return { ok: true, value: { sid: subscription.sid } };
    const reply = await this.send('update_subscription', { sids: [subscription.sid], market_tickers: marketTickers, action: 'delete_markets' });
    return reply.ok ? { ok: true, value: { sid: subscription.sid } } : reply;
  }

  /** Stop a channel (and forget it, so it is not restored after a reconnect). */
  async unsubscribe(channel: string): Promise<StreamResult<{ sid: number | null }>> {
    const subscription = this.registry.drop(channel);
    if (!subscription) return invalid(`not subscribed to ${channel}`);
    if (!this.isReady || subscription.sid === null) return { ok: true, value: { sid: null } };
    const sid = subscription.sid;
    const reply = await this.send('unsubscribe', { sids: [sid] });
    this.sequence.forget(sid);
    return reply.ok ? { ok: true, value: { sid } } : reply;
  }

  /**
   * Ask for fresh order book snapshots (`get_snapshot`) of markets already subscribed on
   * `orderbook_delta`; settles when a snapshot has arrived for each of them.
   */
  async requestSnapshot(marketTickers: string[]): Promise<StreamResult<{ marketTickers: string[] }>> {
    const settled = await this.settledChannel(ORDERBOOK_CHANNEL);
    if (!settled.ok) return settled;
    this.counterState.snapshotRequests += 1;
    const reply = await this.send(
      'update_subscription',
      { sids: [settled.value.sid], market_tickers: marketTickers, action: 'get_snapshot' },
      marketTickers,
    );
    return reply.ok ? { ok: true, value: { marketTickers } } : reply;
  }

  /** The exchange's own view of this connection's subscriptions. */
  async listSubscriptions(): Promise<StreamResult<unknown>> {
    if (!this.isReady && !(await this.whenReady(this.options.commandTimeoutMs ?? 10_000))) return notReady();
    const reply = await this.send('list_subscriptions', undefined);
    return reply.ok ? { ok: true, value: reply.value.type === 'ok' ? reply.value.msg : null } : reply;
  }

  // ---- connection hooks ----

  protected async restore(connectionId: string): Promise<void> {
    const wanted = this.registry.all();
    const outcomes = await Promise.all(wanted.map((subscription) => this.sendSubscribe(subscription)));
    this.events.emit('restored', {
      connectionId,
      channels: wanted.map((subscription, index) => ({
        channel: subscription.channel,
        sid: subscription.sid,
        marketTickers: subscription.marketTickers === null ? 'all' : subscription.marketTickers.size,
        ok: outcomes[index]?.ok ?? false,
      })),
    });
  }

  protected forgetConnection(reason: string): void {
    this.pending.failAll({ kind: 'disconnected', message: reason });
    this.registry.clearSids();
    this.sequence.reset();
    this.inflight.clear();
  }

  protected receive(text: string): void {
    const parsed = parseFrame(text);
    if (parsed.kind === 'rejected') this.reject(parsed);
    else if (parsed.kind === 'control') this.onControl(parsed.frame);
    else this.onData(parsed.message);
  }

  // ---- frames ----

  private onControl(frame: ControlFrame): void {
    this.events.emit('control', frame);
    switch (frame.type) {
      case 'subscribed':
        this.registry.assignSid(frame.channel, frame.sid);
        this.sequence.expectFromStart(frame.sid);
        break;
      case 'unsubscribed':
        this.sequence.forget(frame.sid);
        break;
      case 'ok':
        if (frame.sid !== null && frame.seq !== null) this.sequence.observeReply(frame.sid, frame.seq);
        break;
      case 'error':
        this.onErrorFrame(frame);
        break;
    }
    this.pending.reply(frame);
  }

  /** An error reply goes to the command that caused it; errors 10 and 25 also end the sid, so subscribe again. */
  private onErrorFrame(frame: Extract<ControlFrame, { type: 'error' }>): void {
    const terminal = frame.sid !== null && TERMINAL_CHANNEL_ERRORS.has(frame.code);
    if (!terminal && frame.id !== null && this.pending.isWaiting(frame.id)) return;
    const channel = frame.sid === null ? null : this.registry.channelOfSid(frame.sid);
    const subscription = terminal && channel !== null ? this.registry.get(channel) : undefined;
    this.events.emit('channel-error', { channel, sid: frame.sid, code: frame.code, message: frame.message, resubscribing: subscription !== undefined });
    if (frame.sid !== null && terminal) this.sequence.forget(frame.sid);
    if (subscription && frame.sid !== null) void this.resubscribe(subscription, frame.sid);
  }

  /**
   * Replace a subscription the exchange declared dead. Unsubscribing first makes sure the next
   * subscribe starts afresh (with snapshots) even if the exchange still holds the old sid, since a
   * repeated subscribe is otherwise a no-op; an "unknown sid" answer to it is expected and ignored.
   */
  private async resubscribe(subscription: ChannelSubscription, sid: number): Promise<void> {
    this.registry.releaseSid(sid);
    await this.send('unsubscribe', { sids: [sid] });
    if (this.registry.get(subscription.channel) === subscription) await this.sendSubscribe(subscription);
  }

  private onData(message: StreamMessage): void {
    const counters = this.counterState;
    if (message.seq !== null) {
      const verdict = this.sequence.observe(message.sid, message.seq);
      if (verdict.kind === 'duplicate') {
        counters.duplicatesDropped += 1;
        return;
      }
      if (verdict.kind === 'gap') this.onGap(message.sid, verdict.expected, verdict.received);
    }
    counters.messagesByType[message.type] = (counters.messagesByType[message.type] ?? 0) + 1;
    if ('legacy' in message.msg && message.msg.legacy) counters.legacyFrames += 1;
    if (message.type === 'orderbook_snapshot' && message.id !== null) this.pending.snapshotArrived(message.id, message.msg.market_ticker);
    this.events.emit('message', message);
  }

  private onGap(sid: number, expectedSeq: number, receivedSeq: number): void {
    this.counterState.gaps += 1;
    const channel = this.registry.channelOfSid(sid);
    const subscription = channel === null ? undefined : this.registry.get(channel);
    const marketTickers = subscription?.marketTickers ? [...subscription.marketTickers] : [];
    const resync = channel === ORDERBOOK_CHANNEL && (this.options.resyncOnGap ?? true) && marketTickers.length > 0;
    this.events.emit('gap', {
      connectionId: this.connectionId ?? '',
      sid,
      channel,
      expectedSeq,
      receivedSeq,
      marketTickers,
      recovery: resync ? 'snapshot-requested' : 'none',
    });
    if (resync) void this.requestSnapshot(marketTickers);
  }

  // ---- commands ----

  private send(cmd: string, params: Record<string, unknown> | undefined, snapshotTickers: string[] | null = null): Promise<StreamResult<CommandReply>> {
    if (!this.socketOpen) return Promise.resolve(notReady());
    const { id, reply } = this.pending.open(snapshotTickers);
    this.sendJson(params === undefined ? { id, cmd } : { id, cmd, params });
    this.counterState.commandsSent += 1;
    return reply;
  }

  private sendSubscribe(subscription: ChannelSubscription): Promise<StreamResult<ChannelSid>> {
    const attempt = (async (): Promise<StreamResult<ChannelSid>> => {
      const reply = await this.send('subscribe', this.registry.subscribeParams(subscription));
      if (!reply.ok) return reply;
      if (reply.value.type !== 'subscribed') return invalid(`unexpected reply ${reply.value.type} to subscribe`);
      return { ok: true, value: { channel: reply.value.channel, sid: reply.value.sid } };
    })();
    this.inflight.set(subscription.channel, attempt);
    void attempt.then(() => {
      if (this.inflight.get(subscription.channel) === attempt) this.inflight.delete(subscription.channel);
    });
    return attempt;
  }

  /**
   * The channel's sid on the current connection: waits for a connection (and its restore), for a
   * subscribe already in flight, or subscribes now when the channel is wanted but not yet sent.
   */
  private async settledChannel(channel: string): Promise<StreamResult<ChannelSid>> {
    if (!this.isReady && !(await this.whenReady(this.options.commandTimeoutMs ?? 10_000))) return notReady();
    const inflight = this.inflight.get(channel);
    if (inflight) await inflight;
    const subscription = this.registry.get(channel);
    if (!subscription) return invalid(`not subscribed to ${channel}`);
    if (subscription.sid !== null) return { ok: true, value: { channel, sid: subscription.sid } };
    return this.sendSubscribe(subscription);
  }
}

const notReady = (): { ok: false; error: CommandFailure } => ({
  ok: false,
  error: { kind: 'disconnected', message: 'not connected (the subscription is kept and restored on reconnect)' },
});

const invalid = (message: string): { ok: false; error: CommandFailure } => ({ ok: false, error: { kind: 'invalid-request', message } });

export function createKalshiStream(options: KalshiStreamOptions): KalshiStream {
  return new KalshiStream(options);
}
