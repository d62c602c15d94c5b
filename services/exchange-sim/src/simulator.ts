/**
 * `startExchangeSimulator`: builds the exchange, the HTTP and WebSocket servers, the background
 * traders, and listens. Options are validated with zod (the CLI parses its flags into the same
 * schema). Stopping closes every connection, timer and held response.
 */
import { readFile, readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Micros, parseDollars } from '@polly/contracts';
import { z } from 'zod';
import { SimulatedExchange } from './exchange/simulated-exchange';
import { Faults } from './faults';
import { registerAccount } from './rest/admin';
import { KeyRegistry } from './rest/auth';
import { CursorCodec } from './rest/cursor';
import { OrderLog } from './rest/order-log';
import { RateLimiter, USAGE_TIERS, type UsageTier } from './rest/rate-limit';
import { compileRoutes } from './rest/router';
import { catalogRoutes } from './rest/routes/catalog';
import { marketRoutes } from './rest/routes/markets';
import { orderRoutes } from './rest/routes/orders';
import { portfolioRoutes } from './rest/routes/portfolio';
import { API_PREFIX, createApiServer } from './rest/server';
import { Stats } from './stats';
import { type LogLevel, createLogger } from './support/log';
import { BackgroundTraders } from './traders/background-traders';
import { WS_PATH, WebSocketFeed } from './ws/feed';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export const SimulatorOptions = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8710),
    seed: z.number().int().default(1),
    markets: z.number().int().min(100).max(500_000).default(2_000),
    traders: z.boolean().default(true),
    ordersPerSecond: z.number().min(0).max(10_000).default(30),
    keysDir: z.string().optional(),
    allowPublicBind: z.boolean().default(false),
    /** Simulated start time (ISO 8601 or unix ms); default: now. */
    startTime: z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]).optional(),
    /** `real`: time runs with the wall clock; `manual`: only /admin/clock/advance moves it. */
    clock: z.enum(['real', 'manual']).default('real'),
    rateLimits: z.boolean().default(true),
    /** Default tier of every caller's token buckets. */
    tier: z.enum(USAGE_TIERS as [UsageTier, ...UsageTier[]]).default('basic'),
    legacyFields: z.boolean().default(false),
    /** Balance of a newly registered account, in dollars. */
    defaultBalance: z.string().regex(/^\d{1,12}(\.\d{1,6})?$/).default('1000.00'),
    pingIntervalMs: z.number().int().min(100).max(60_000).default(10_000),
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('silent'),
  })
  .refine((options) => options.allowPublicBind || LOOPBACK_HOSTS.has(options.host), {
    message: 'the simulator binds loopback addresses only unless allowPublicBind is set',
    path: ['host'],
  });
export type SimulatorOptions = z.input<typeof SimulatorOptions>;

export interface ExchangeSimulator {
  readonly port: number;
  /** The SDK basePath: http://HOST:PORT/trade-api/v2 */
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly adminUrl: string;
  /** The exchange itself, for in-process tests (clock, books, accounts). */
  readonly exchange: SimulatedExchange;
  /** The background traders, for in-process tests (`leaveAlone` keeps them out of a test's markets). */
  readonly traders: BackgroundTraders;
  registerKey(keyId: string, publicKeyPem: string, options?: { balance?: string; tier?: UsageTier }): void;
  stop(): Promise<void>;
}

export async function startExchangeSimulator(input: SimulatorOptions = {}): Promise<ExchangeSimulator> {
  const options = SimulatorOptions.parse(input);
  const log = createLogger(options.logLevel as LogLevel);
  const started = performance.now();
  const startTime = options.startTime === undefined ? Date.now() : typeof options.startTime === 'number' ? options.startTime : Date.parse(options.startTime);
  const exchange = new SimulatedExchange({ seed: options.seed, markets: options.markets, startTime, clockMode: options.clock });
  const stats = new Stats();
  const faults = new Faults();
  const keys = new KeyRegistry();
  const limiter = new RateLimiter(options.tier);
  const orderLog = new OrderLog();
  const feed = new WebSocketFeed(exchange, keys, faults, stats, { legacyFields: options.legacyFields, pingIntervalMs: options.pingIntervalMs }, log);
  exchange.listeners.add(feed);
  const traders = new BackgroundTraders(
    exchange,
    exchange.random.fork('traders'),
    { enabled: options.traders, ordersPerSecond: options.ordersPerSecond, leftAlone: 0 },
    Math.max(50, Math.round(options.markets / 200)),
    () => (stats.backgroundOrders += 1),
  );
  const dependencies = {
    exchange,
    keys,
    limiter,
    faults,
    feed,
    traders,
    orderLog,
    stats,
    log,
    defaultBalance: parseDollars(options.defaultBalance) as Micros,
    routes: compileRoutes([...catalogRoutes, ...marketRoutes, ...portfolioRoutes, ...orderRoutes]),
    cursors: new CursorCodec(`exchange-sim/${options.seed}/${startTime}`),
    rateLimits: options.rateLimits,
  };
  if (options.keysDir) await loadKeys(options.keysDir, (keyId, pem) => registerAccount(dependencies, keyId, pem));

  const { server, releaseHeld } = createApiServer(dependencies);
  feed.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  traders.start();
  // Time advances on its own in real-clock mode, so listeners hear about markets opening and the index ticking.
  const clockTimer = setInterval(() => exchange.advance(), 250);
  clockTimer.unref();

  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  log.info('exchange simulator listening', {
    port,
    seed: options.seed,
    markets: exchange.universe.markets.size,
    startupMs: Math.round(performance.now() - started),
    rssBytes: process.memoryUsage().rss,
    simulated: true,
  });
  return {
    port,
    restUrl: `http://${host}:${port}${API_PREFIX}`,
    wsUrl: `ws://${host}:${port}${WS_PATH}`,
    adminUrl: `http://${host}:${port}/admin`,
    exchange,
    traders,
    registerKey: (keyId, publicKeyPem, extra = {}) =>
      registerAccount(dependencies, keyId, publicKeyPem, extra.balance === undefined ? undefined : parseDollars(extra.balance), extra.tier),
    stop: async () => {
      clearInterval(clockTimer);
      traders.stop();
      feed.close();
      releaseHeld();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.info('exchange simulator stopped');
    },
  };
}

/** Register every `*.pem` public key in a directory; the file name (without .pem) is the key id. */
async function loadKeys(directory: string, register: (keyId: string, pem: string) => void): Promise<void> {
  for (const name of await readdir(directory)) {
    if (!name.endsWith('.pem')) continue;
    register(name.slice(0, -'.pem'.length), await readFile(path.join(directory, name), 'utf8'));
  }
}
