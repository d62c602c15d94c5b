/**
 * WebSocket commands (PROTOCOL §7.3–7.4): subscribe, unsubscribe, update_subscription
 * (add_markets, delete_markets, get_snapshot; subscribe_indices, unsubscribe_indices, indexlist
 * for the index channel) and list_subscriptions, with Kalshi's numeric error codes. Frames are
 * validated with zod; a bad frame gets an error reply and never closes the connection.
 */
import { z } from 'zod';
import type { Stats } from '../stats';
import { CHANNELS, type Channel, type Connection, type Subscription, type WebSocketFeed } from './feed';

const Command = z.object({
  id: z.number().int().nonnegative().optional(),
  cmd: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});

const Tickers = z.array(z.string().min(1)).optional();
const SubscribeParams = z.object({
  channels: z.array(z.string()).optional(),
  market_ticker: z.string().min(1).optional(),
  market_tickers: Tickers,
  send_initial_snapshot: z.boolean().optional(),
  skip_ticker_ack: z.boolean().optional(),
  use_yes_price: z.boolean().optional(),
  index_ids: z.array(z.string()).optional(),
});
const UpdateParams = z.object({
  sid: z.number().int().optional(),
  sids: z.array(z.number().int()).optional(),
  market_ticker: z.string().min(1).optional(),
  market_tickers: Tickers,
  index_ids: z.array(z.string()).optional(),
  action: z.string().optional(),
});

/** Channels whose subscriptions filter by market. */
const MARKET_FILTERED: ReadonlySet<Channel> = new Set(['orderbook_delta', 'ticker', 'trade', 'fill', 'market_positions', 'user_orders']);
const KNOWN_INDEXES = new Set(['BRTI']);

export function handleCommand(feed: WebSocketFeed, connection: Connection, text: string | null, stats: Stats): void {
  stats.wsCommands += 1;
  let parsed: z.infer<typeof Command>;
  try {
    parsed = Command.parse(JSON.parse(text ?? ''));
  } catch {
    stats.wsBadCommands += 1;
    feed.sendError(connection, undefined, 1, 'Unable to process message');
    return;
  }
  const id = parsed.id || undefined;
  const fail = (code: number, message: string, extra: Record<string, unknown> = {}) => {
    stats.wsBadCommands += 1;
    feed.sendError(connection, id, code, message, extra);
  };
  switch (parsed.cmd) {
    case 'subscribe':
      return subscribe(feed, connection, id, parsed.params, fail);
    case 'unsubscribe': {
      const sids = z.object({ sids: z.array(z.number().int()).min(1) }).safeParse(parsed.params ?? {});
      if (!parsed.params) return fail(2, 'Params required');
      if (!sids.success) return fail(4, 'Subscription IDs required');
      for (const sid of sids.data.sids) {
        const subscription = connection.subscriptions.get(sid);
        if (!subscription) {
          fail(7, 'Unknown subscription ID', { sid });
          continue;
        }
        feed.removeSubscription(subscription);
        feed.send(connection, { ...(id ? { id } : {}), sid, type: 'unsubscribed' });
      }
      return;
    }
    case 'update_subscription':
      return update(feed, connection, id, parsed.params, fail);
    case 'list_subscriptions':
      feed.send(connection, {
        ...(id ? { id } : {}),
        type: 'ok',
        msg: [...connection.subscriptions.values()].map((subscription) => ({ channel: subscription.channel, sid: subscription.sid })),
      });
      return;
    default:
      return fail(5, 'Unknown command');
  }
}

type Fail = (code: number, message: string, extra?: Record<string, unknown>) => void;

function tickersOf(params: { market_ticker?: string; market_tickers?: string[] }): string[] | null {
  if (params.market_ticker !== undefined) return [params.market_ticker];
  return params.market_tickers ?? null;
}

function subscribe(feed: WebSocketFeed, connection: Connection, id: number | undefined, raw: unknown, fail: Fail): void {
  if (raw === undefined) return fail(2, 'Params required');
  const parsed = SubscribeParams.safeParse(raw);
  if (!parsed.success) return fail(11, 'Invalid parameter', { details: parsed.error.issues.map((issue) => issue.message).join('; ') });
  const params = parsed.data;
  if (!params.channels || params.channels.length === 0) return fail(3, 'Channels required');
  if (params.market_ticker !== undefined && params.market_tickers !== undefined) {
    return fail(11, 'Invalid parameter', { details: 'market_ticker and market_tickers are mutually exclusive' });
  }
  const requested = tickersOf(params);
  const known = requested?.filter((ticker) => feed.exchange.universe.markets.has(ticker)) ?? null;
  const unknown = requested?.filter((ticker) => !feed.exchange.universe.markets.has(ticker)) ?? [];
  for (const name of params.channels) {
    if (!(CHANNELS as readonly string[]).includes(name)) {
      fail(8, 'Unknown channel name', { channel: name });
      continue;
    }
    const channel = name as Channel;
    if (channel === 'orderbook_delta' && (known === null || requested === null)) {
      fail(14, 'Market Ticker required', { channel });
      continue;
    }
    if (channel === 'cfbenchmarks_value' && (!params.index_ids || params.index_ids.length === 0)) {
      fail(24, 'Index IDs required', { channel });
      continue;
    }
    if (unknown.length > 0 && MARKET_FILTERED.has(channel)) fail(11, 'Invalid parameter', { channel, market_tickers: unknown, details: 'unknown market' });
    const tickers = MARKET_FILTERED.has(channel) && known !== null ? known : null;
    // Subscribing again to a channel adds markets to the existing subscription (CL Sep 25 2025).
    const existing = [...connection.subscriptions.values()].find((subscription) => subscription.channel === channel);
    if (existing) {
      const added = tickers ? feed.addTickers(existing, tickers) : [];
      for (const index of params.index_ids ?? []) if (KNOWN_INDEXES.has(index)) existing.indexIds.add(index);
      feed.send(connection, { ...(id ? { id } : {}), type: 'subscribed', msg: { channel, sid: existing.sid } });
      if (channel === 'orderbook_delta') for (const ticker of added) feed.sendSnapshot(existing, ticker);
      continue;
    }
    const subscription: Subscription = {
      sid: connection.nextSid,
      channel,
      tickers: tickers ? new Set(tickers) : null,
      seq: 0,
      useYesPrice: params.use_yes_price ?? false,
      skipTickerAck: params.skip_ticker_ack ?? false,
      indexIds: new Set((params.index_ids ?? []).filter((index) => KNOWN_INDEXES.has(index))),
      connection,
    };
    connection.nextSid += 1;
    feed.addSubscription(subscription);
    feed.send(connection, { ...(id ? { id } : {}), type: 'subscribed', msg: { channel, sid: subscription.sid } });
    if (channel === 'orderbook_delta') for (const ticker of tickers ?? []) feed.sendSnapshot(subscription, ticker);
    if (channel === 'ticker' && params.send_initial_snapshot) for (const ticker of tickers ?? []) feed.sendTicker(subscription, ticker);
  }
}

function update(feed: WebSocketFeed, connection: Connection, id: number | undefined, raw: unknown, fail: Fail): void {
  if (raw === undefined) return fail(2, 'Params required');
  const parsed = UpdateParams.safeParse(raw);
  if (!parsed.success) return fail(11, 'Invalid parameter', { details: parsed.error.issues.map((issue) => issue.message).join('; ') });
  const params = parsed.data;
  const sids = params.sid !== undefined ? [params.sid] : (params.sids ?? []);
  if (sids.length !== 1) return fail(12, 'Exactly one subscription ID is required');
  const sid = sids[0] as number;
  const subscription = connection.subscriptions.get(sid);
  if (!subscription) return fail(7, 'Unknown subscription ID', { sid });
  if (!params.action) return fail(15, 'Action required', { sid });
  const ok = (msg: Record<string, unknown>) => feed.send(connection, { ...(id ? { id } : {}), sid, type: 'ok', msg });

  if (subscription.channel === 'cfbenchmarks_value') {
    const indexIds = (params.index_ids ?? []).filter((index) => KNOWN_INDEXES.has(index));
    if (params.action === 'subscribe_indices') for (const index of indexIds) subscription.indexIds.add(index);
    else if (params.action === 'unsubscribe_indices') for (const index of indexIds) subscription.indexIds.delete(index);
    else if (params.action !== 'indexlist') return fail(13, 'Unsupported action', { sid });
    return ok({ index_ids: [...subscription.indexIds] });
  }
  if (!['add_markets', 'delete_markets', 'get_snapshot'].includes(params.action)) return fail(13, 'Unsupported action', { sid });
  if (!MARKET_FILTERED.has(subscription.channel) || (params.action === 'get_snapshot' && subscription.channel !== 'orderbook_delta')) {
    return fail(13, 'Unsupported action', { sid });
  }
  const tickers = tickersOf(params);
  if (!tickers || tickers.length === 0) return fail(14, 'Market Ticker required', { sid });
  const unknown = tickers.filter((ticker) => !feed.exchange.universe.markets.has(ticker));
  if (unknown.length > 0) fail(11, 'Invalid parameter', { sid, market_tickers: unknown, details: 'unknown market' });
  const known = tickers.filter((ticker) => feed.exchange.universe.markets.has(ticker));
  if (params.action === 'get_snapshot') {
    for (const ticker of known) feed.sendSnapshot(subscription, ticker, id);
    return;
  }
  const added = params.action === 'add_markets' ? feed.addTickers(subscription, known) : [];
  if (params.action === 'delete_markets') feed.removeTickers(subscription, known);
  ok(subscription.skipTickerAck ? {} : { market_tickers: [...(subscription.tickers ?? [])] });
  // The reply first, then a snapshot of each market the subscription now follows.
  if (subscription.channel === 'orderbook_delta') for (const ticker of added) feed.sendSnapshot(subscription, ticker);
}
