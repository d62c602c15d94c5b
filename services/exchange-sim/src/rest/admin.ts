/**
 * Admin endpoints under /admin (loopback only, unsigned, JSON), as documented in
 * docs/exchange-sim.md: keys and accounts, faults, the order log, books, account dumps, clock
 * advance, background traders, the benchmark firehose, raw WebSocket frame injection and stats.
 */
import { type Micros, formatDollars, parseDollars } from '@polly/contracts';
import { z } from 'zod';
import type { SimulatedExchange } from '../exchange/simulated-exchange';
import { Faults, FaultsRequest } from '../faults';
import type { Stats } from '../stats';
import type { BackgroundTraders } from '../traders/background-traders';
import { runFirehose } from '../traders/firehose';
import type { WebSocketFeed } from '../ws/feed';
import type { KeyRegistry } from './auth';
import { HttpError } from './http';
import type { OrderLog } from './order-log';
import { type RateLimiter, USAGE_TIERS } from './rate-limit';
import { fillJson, orderJson, orderbookJson, positionJson } from './serialize';

export interface AdminDependencies {
  readonly exchange: SimulatedExchange;
  readonly keys: KeyRegistry;
  readonly limiter: RateLimiter;
  readonly faults: Faults;
  readonly feed: WebSocketFeed;
  readonly traders: BackgroundTraders;
  readonly orderLog: OrderLog;
  readonly stats: Stats;
  readonly defaultBalance: Micros;
}

const Dollars = z.union([z.string(), z.number().transform(String)]).pipe(z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'expected dollars such as "1000.00"'));

const RegisterKey = z.object({
  keyId: z.string().min(1).max(128),
  publicKeyPem: z.string().min(1),
  balance: Dollars.optional(),
  tier: z.enum(USAGE_TIERS as [string, ...string[]]).optional(),
});
const Advance = z.object({ seconds: z.number().positive().max(30 * 86_400) });
const Traders = z.object({
  enabled: z.boolean(),
  ordersPerSecond: z.number().min(0).max(10_000).optional(),
  leaveAlone: z.array(z.string().min(1).max(200)).max(10_000).optional(),
});
const Inject = z.object({ frames: z.array(z.string()).min(1).max(100_000) });
const Firehose = z.object({ messages: z.number().int().positive().max(10_000_000), tickers: z.array(z.string()).optional() });

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new HttpError(400, 'bad_request', 'bad request', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}

export type AdminAnswer = { status: number; body: unknown };

/** Register a key (and its account) — shared by the endpoint, the CLI and the programmatic API. */
export function registerAccount(dependencies: AdminDependencies, keyId: string, publicKeyPem: string, balance?: Micros, tier?: string): void {
  dependencies.keys.register(keyId, publicKeyPem);
  dependencies.exchange.openAccount(keyId, balance ?? dependencies.defaultBalance, true);
  if (tier) dependencies.limiter.setTier(keyId, tier as (typeof USAGE_TIERS)[number], Date.now());
}

export async function handleAdmin(dependencies: AdminDependencies, method: string, path: string, body: unknown): Promise<AdminAnswer> {
  const { exchange, faults, feed, traders, stats } = dependencies;
  const route = `${method} ${path.replace(/^\/admin/, '')}`;
  if (route === 'POST /keys') {
    const request = parse(RegisterKey, body);
    registerAccount(dependencies, request.keyId, request.publicKeyPem, request.balance === undefined ? undefined : parseDollars(request.balance), request.tier);
    return { status: 201, body: { keyId: request.keyId, userId: exchange.engine.account(request.keyId)?.userId } };
  }
  if (route === 'POST /faults') {
    const request = parse(FaultsRequest, body);
    faults.apply(request);
    if (request.paused !== undefined) exchange.setPaused(request.paused);
    if (request.dropConnections) feed.dropAll();
    return { status: 200, body: faults.describe(exchange.paused) };
  }
  if (route === 'DELETE /faults') {
    faults.clear();
    exchange.setPaused(false);
    return { status: 200, body: faults.describe(exchange.paused) };
  }
  if (route === 'GET /order-log') return { status: 200, body: dependencies.orderLog.list() };
  if (route === 'POST /clock/advance') {
    const { seconds } = parse(Advance, body);
    exchange.advanceBy(seconds);
    return { status: 200, body: { now: new Date(exchange.now()).toISOString() } };
  }
  if (route === 'POST /traders') {
    const request = parse(Traders, body);
    if (request.leaveAlone) traders.leaveAlone(request.leaveAlone);
    traders.configure({ enabled: request.enabled, ...(request.ordersPerSecond === undefined ? {} : { ordersPerSecond: request.ordersPerSecond }) });
    return { status: 200, body: traders.settings };
  }
  if (route === 'POST /firehose') {
    const request = parse(Firehose, body);
    const defaults = feed.subscribedBooks();
    const fallback = exchange.universe.listed.filter((market) => market.seriesTicker === 'KXBTC15M' && market.status === 'active').map((market) => market.ticker);
    const result = await runFirehose(exchange, request.messages, request.tickers ?? (defaults.length > 0 ? defaults : fallback));
    return { status: 200, body: result };
  }
  if (route === 'POST /ws/inject') {
    const { frames } = parse(Inject, body);
    return { status: 200, body: { connections: feed.injectRaw(frames), frames: frames.length } };
  }
  if (route === 'GET /stats') {
    return {
      status: 200,
      body: {
        ...stats,
        markets: exchange.universe.markets.size,
        events: exchange.universe.events.size,
        tradesKept: exchange.trades.size,
        simulatedTime: new Date(exchange.now()).toISOString(),
        rssBytes: process.memoryUsage().rss,
      },
    };
  }
  const book = /^GET \/books\/([^/]+)$/.exec(route);
  if (book) {
    const ticker = decodeURIComponent(book[1] as string);
    if (!exchange.universe.markets.has(ticker)) throw new HttpError(404, 'not_found', 'not found', `market ${ticker} not found`);
    return { status: 200, body: { orderbook_fp: orderbookJson(exchange, ticker) } };
  }
  const account = /^GET \/accounts\/([^/]+)$/.exec(route);
  if (account) {
    const found = exchange.engine.account(decodeURIComponent(account[1] as string));
    if (!found) throw new HttpError(404, 'not_found', 'not found', 'no such account');
    return {
      status: 200,
      body: {
        balance: { balance: Number(found.balance / 10_000n), balance_dollars: formatDollars(found.balance) },
        positions: [...found.positions.values()].map(positionJson),
        orders: [...found.orders.values()].map((order) => orderJson(order, found)),
        fills: found.fills.map(fillJson),
      },
    };
  }
  throw new HttpError(404, 'not_found', 'not found', `no admin endpoint ${route}`);
}
