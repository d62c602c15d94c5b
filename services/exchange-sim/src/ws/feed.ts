/**
 * The WebSocket API at /trade-api/ws/v2 (PROTOCOL §7): a signed upgrade, ping frames every 10 s
 * with payload "heartbeat", subscriptions with their own `sid` and, on sequenced channels, a
 * `seq` per sid starting at 1. The feed listens to the exchange and sends each change to the
 * subscriptions that asked for it.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Fill, Order, Position, Trade } from '../engine/types';
import type { BookChange, ExchangeListener, MarketLifecycleType, TickerState } from '../exchange/listener';
import type { SimulatedExchange } from '../exchange/simulated-exchange';
import type { Faults } from '../faults';
import { type KeyRegistry, authenticationError } from '../rest/auth';
import { errorBody } from '../rest/http';
import type { Stats } from '../stats';
import type { Logger } from '../support/log';
import { Random } from '../support/random';
import { formatIndex } from '../universe/brti';
import type { SimEvent, SimMarket } from '../universe/model';
import { handleCommand } from './commands';
import {
  deltaMessage,
  eventLifecycleMessage,
  fillMessage,
  lifecycleMessage,
  positionMessage,
  snapshotMessage,
  tickerMessage,
  tradeMessage,
  userOrderMessage,
} from './messages';

export const WS_PATH = '/trade-api/ws/v2';
export const CHANNELS = [
  'orderbook_delta',
  'ticker',
  'trade',
  'fill',
  'market_positions',
  'user_orders',
  'market_lifecycle_v2',
  'cfbenchmarks_value',
] as const;
export type Channel = (typeof CHANNELS)[number];
const SLOW_CONSUMER_BYTES = 64 * 1024 * 1024;

export interface Subscription {
  readonly sid: number;
  readonly channel: Channel;
  /** null: every market. */
  tickers: Set<string> | null;
  seq: number;
  useYesPrice: boolean;
  skipTickerAck: boolean;
  readonly indexIds: Set<string>;
  readonly connection: Connection;
}

export interface Connection {
  readonly socket: WebSocket;
  readonly accountId: string;
  readonly subscriptions: Map<number, Subscription>;
  nextSid: number;
}

export interface FeedOptions {
  readonly legacyFields: boolean;
  readonly pingIntervalMs: number;
}

export class WebSocketFeed implements ExchangeListener {
  readonly connections = new Set<Connection>();
  private readonly byChannel = new Map<Channel, Set<Subscription>>(CHANNELS.map((channel) => [channel, new Set()]));
  private readonly bookIndex = new Map<string, Set<Subscription>>();
  private readonly marketIds = new Map<string, string>();
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly pinger: NodeJS.Timeout;

  constructor(
    readonly exchange: SimulatedExchange,
    private readonly keys: KeyRegistry,
    readonly faults: Faults,
    private readonly stats: Stats,
    readonly options: FeedOptions,
    private readonly log: Logger,
  ) {
    this.pinger = setInterval(() => {
      for (const connection of this.connections) if (connection.socket.readyState === WebSocket.OPEN) connection.socket.ping('heartbeat');
    }, options.pingIntervalMs);
    this.pinger.unref();
  }

  attach(httpServer: Server): void {
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
  }

  /** Close every connection now (fault injection: clients must reconnect and resubscribe). */
  dropAll(): void {
    for (const connection of this.connections) connection.socket.terminate();
  }

  /**
   * Send raw text frames, exactly as given, to every open connection (fault injection: malformed
   * or unknown frames between real ones). Returns how many connections got them.
   */
  injectRaw(frames: readonly string[]): number {
    let connections = 0;
    for (const connection of this.connections) {
      if (connection.socket.readyState !== WebSocket.OPEN) continue;
      for (const frame of frames) connection.socket.send(frame);
      this.stats.wsFramesInjected += frames.length;
      connections += 1;
    }
    return connections;
  }

  close(): void {
    clearInterval(this.pinger);
    this.dropAll();
    this.server.close();
  }

  marketId(ticker: string): string {
    let id = this.marketIds.get(ticker);
    if (!id) {
      id = new Random(`market-id/${ticker}`).uuid();
      this.marketIds.set(ticker, id);
    }
    return id;
  }

  // ---- subscriptions (used by the command handler) -------------------------------------------

  subscriptionsOf(channel: Channel): ReadonlySet<Subscription> {
    return this.byChannel.get(channel) as Set<Subscription>;
  }

  addSubscription(subscription: Subscription): void {
    subscription.connection.subscriptions.set(subscription.sid, subscription);
    this.byChannel.get(subscription.channel)?.add(subscription);
    if (subscription.channel === 'orderbook_delta') for (const ticker of subscription.tickers ?? []) this.indexBook(subscription, ticker, true);
  }

  removeSubscription(subscription: Subscription): void {
    subscription.connection.subscriptions.delete(subscription.sid);
    this.byChannel.get(subscription.channel)?.delete(subscription);
    if (subscription.channel === 'orderbook_delta') for (const ticker of subscription.tickers ?? []) this.indexBook(subscription, ticker, false);
  }

  addTickers(subscription: Subscription, tickers: readonly string[]): string[] {
    if (subscription.tickers === null) return [];
    const added = tickers.filter((ticker) => !subscription.tickers?.has(ticker));
    for (const ticker of added) {
      subscription.tickers.add(ticker);
      if (subscription.channel === 'orderbook_delta') this.indexBook(subscription, ticker, true);
    }
    return added;
  }

  removeTickers(subscription: Subscription, tickers: readonly string[]): void {
    for (const ticker of tickers) {
      if (!subscription.tickers?.delete(ticker)) continue;
      if (subscription.channel === 'orderbook_delta') this.indexBook(subscription, ticker, false);
    }
  }

  /** Tickers with an orderbook_delta subscription somewhere (the firehose's default targets). */
  subscribedBooks(): string[] {
    return [...this.bookIndex.keys()];
  }

  sendSnapshot(subscription: Subscription, ticker: string, commandId?: number): void {
    const book = this.exchange.engine.book(ticker);
    const body = snapshotMessage(ticker, this.marketId(ticker), book?.yes.snapshot() ?? [], book?.no.snapshot() ?? [], subscription.useYesPrice, this.options.legacyFields);
    this.sendSequenced(subscription, 'orderbook_snapshot', body, commandId);
  }

  sendTicker(subscription: Subscription, ticker: string): void {
    this.send(subscription.connection, { type: 'ticker', sid: subscription.sid, msg: tickerMessage(this.exchange.tickerState(ticker), this.marketId(ticker), this.options.legacyFields) });
  }

  send(connection: Connection, payload: Record<string, unknown>): void {
    const socket = connection.socket;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > SLOW_CONSUMER_BYTES) {
      // A client that cannot keep up loses the connection, as a real gateway would drop it.
      this.log.warn('closing a WebSocket that cannot keep up', { accountId: connection.accountId });
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(payload));
    this.stats.wsMessagesSent += 1;
  }

  sendError(connection: Connection, id: number | undefined, code: number, message: string, extra: Record<string, unknown> = {}): void {
    this.send(connection, { ...(id ? { id } : {}), type: 'error', msg: { code, msg: message, ...extra } });
  }

  // ---- exchange events -----------------------------------------------------------------------

  bookChanged(change: BookChange): void {
    const subscriptions = this.bookIndex.get(change.ticker);
    if (!subscriptions) return;
    for (const subscription of subscriptions) {
      const own = subscription.connection.accountId === change.accountId && change.clientOrderId !== '' ? change.clientOrderId : null;
      this.sendSequenced(subscription, 'orderbook_delta', deltaMessage(change, this.marketId(change.ticker), own, subscription.useYesPrice, this.options.legacyFields));
    }
  }

  tickerChanged(state: TickerState): void {
    for (const subscription of this.matching('ticker', state.ticker)) {
      this.send(subscription.connection, { type: 'ticker', sid: subscription.sid, msg: tickerMessage(state, this.marketId(state.ticker), this.options.legacyFields) });
    }
  }

  traded(trade: Trade): void {
    this.stats.trades += 1;
    for (const subscription of this.matching('trade', trade.ticker)) this.sendSequenced(subscription, 'trade', tradeMessage(trade, this.options.legacyFields));
  }

  filled(fill: Fill): void {
    for (const subscription of this.matching('fill', fill.ticker, fill.accountId)) {
      this.send(subscription.connection, { type: 'fill', sid: subscription.sid, msg: fillMessage(fill, this.options.legacyFields) });
    }
  }

  orderUpdated(order: Order): void {
    const userId = this.exchange.engine.account(order.accountId)?.userId ?? '';
    for (const subscription of this.matching('user_orders', order.ticker, order.accountId)) {
      this.send(subscription.connection, { type: 'user_order', sid: subscription.sid, msg: userOrderMessage(order, userId) });
    }
  }

  positionChanged(accountId: string, position: Position): void {
    const userId = this.exchange.engine.account(accountId)?.userId ?? '';
    for (const subscription of this.matching('market_positions', position.ticker, accountId)) {
      this.send(subscription.connection, { type: 'market_position', sid: subscription.sid, msg: positionMessage(userId, position, this.options.legacyFields) });
    }
  }

  marketLifecycle(type: MarketLifecycleType, market: SimMarket, at: number): void {
    for (const subscription of this.subscriptionsOf('market_lifecycle_v2')) this.sendSequenced(subscription, 'market_lifecycle_v2', lifecycleMessage(type, market, at));
  }

  eventCreated(event: SimEvent): void {
    for (const subscription of this.subscriptionsOf('market_lifecycle_v2')) this.sendSequenced(subscription, 'event_lifecycle', eventLifecycleMessage(event));
  }

  indexValue(second: number, cents: number, runningAverageCents: number | null): void {
    for (const subscription of this.subscriptionsOf('cfbenchmarks_value')) {
      if (!subscription.indexIds.has('BRTI')) continue;
      this.sendSequenced(subscription, 'cfbenchmarks_value', {
        index_id: 'BRTI',
        value: formatIndex(cents),
        ts_ms: second * 1000,
        last_60s_windowed_average_15min: runningAverageCents === null ? null : formatIndex(runningAverageCents),
      });
    }
  }

  // ---- internals -----------------------------------------------------------------------------

  private *matching(channel: Channel, ticker: string, accountId?: string): Generator<Subscription> {
    for (const subscription of this.subscriptionsOf(channel)) {
      if (accountId !== undefined && subscription.connection.accountId !== accountId) continue;
      if (subscription.tickers === null || subscription.tickers.has(ticker)) yield subscription;
    }
  }

  private sendSequenced(subscription: Subscription, type: string, msg: Record<string, unknown>, commandId?: number): void {
    subscription.seq += this.faults.takeSkip() ? 2 : 1;
    this.send(subscription.connection, { type, sid: subscription.sid, seq: subscription.seq, ...(commandId ? { id: commandId } : {}), msg });
  }

  private indexBook(subscription: Subscription, ticker: string, add: boolean): void {
    let set = this.bookIndex.get(ticker);
    if (add) {
      if (!set) this.bookIndex.set(ticker, (set = new Set()));
      set.add(subscription);
    } else if (set) {
      set.delete(subscription);
      if (set.size === 0) this.bookIndex.delete(ticker);
    }
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const verification = this.keys.verify(request.headers, 'GET', WS_PATH, Date.now());
    if (!verification.ok || !this.exchange.engine.account(verification.keyId)) {
      const error = authenticationError(verification.ok ? 'NO_ACCOUNT' : verification.reason);
      const body = JSON.stringify(errorBody(error.code, error.message, error.details));
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (websocket) => this.accept(websocket, verification.keyId));
  }

  private accept(socket: WebSocket, accountId: string): void {
    const connection: Connection = { socket, accountId, subscriptions: new Map(), nextSid: 1 };
    this.connections.add(connection);
    this.stats.wsConnections += 1;
    this.stats.wsConnectionsTotal += 1;
    socket.on('message', (data, isBinary) => handleCommand(this, connection, isBinary ? null : data.toString(), this.stats));
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      for (const subscription of [...connection.subscriptions.values()]) this.removeSubscription(subscription);
      this.connections.delete(connection);
      this.stats.wsConnections -= 1;
    });
  }
}
