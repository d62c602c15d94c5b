/**
 * `createControlApi(dependencies)`: the Express app and its HTTP server (with the `/events`
 * WebSocket attached), not listening. The service entry point listens; tests do the same on
 * port 0. Order of the middleware is the order of the security rules (see http/guards.ts).
 */
import http from 'node:http';
import express from 'express';
import type { Bus } from '@polly/bus';
import { ENVIRONMENTS, type Environment } from '@polly/contracts';
import type { Db } from '@polly/db';
import { type Logger, type Metrics, createMetrics } from '@polly/runtime';
import { allRoutes } from './api/all-routes';
import type { ApiContext, ExchangeUrls } from './api/context';
import { renderOpenApiDocument } from './api/openapi';
import { EventHub } from './events/hub';
import { EVENTS_PATH, EVENTS_STREAM_PATH, attachWebSocket, sseHandler, upgradeRequired } from './events/transports';
import { type GuardOptions, guards, jsonOnly } from './http/guards';
import { HttpProblem, problemHandler } from './http/problem';
import { RateLimiter } from './http/rate-limit';
import { mountRoutes } from './http/routes';
import { staticFiles } from './http/static-files';
import { MarketCache } from './state/market-cache';

export interface ControlApiDependencies {
  bus: Bus;
  db: Db;
  logger: Logger;
  metrics?: Metrics;
  /** The bearer token non-browser clients must present for commands. */
  token: string;
  /** Extra browser origins allowed to send commands (e.g. the static dev server). */
  allowedOrigins?: readonly string[];
  environments?: readonly Environment[];
  restUrls: ExchangeUrls;
  secretsDir: string;
  envFile: string;
  webRoot: string;
  startedAt?: Date;
  now?: () => number;
  /** Per remote address (default 30 per second, bursts of 60). */
  rateLimit?: { refillPerSecond: number; capacity: number };
  events?: { marketIntervalMs?: number; maxBufferedBytes?: number; pingIntervalMs?: number; keepAliveMs?: number };
  /** Recorded as the `source` of every event the API publishes. */
  source?: string;
  /** Extra GET routes answered before body parsing (the service adds /healthz and /readyz here too). */
  healthChecks?: Array<{ path: string; handler: express.RequestHandler }>;
}

export interface ControlApi {
  app: express.Express;
  server: http.Server;
  hub: EventHub;
  /** Resolves once the event subscriptions are registered with NATS. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const BODY_LIMIT = '64kb';

export function createControlApi(dependencies: ControlApiDependencies): ControlApi {
  const metrics = dependencies.metrics ?? createMetrics('control-api');
  const now = dependencies.now ?? Date.now;
  const requests = metrics.counter('http_requests_total', 'requests answered, by route and status', ['route', 'status']);
  const problems = metrics.counter('http_problems_total', 'problem documents sent, by type', ['type']);
  const rejected = metrics.counter('requests_rejected_total', 'requests refused by the local-only rules', ['rule']);

  const hub = new EventHub({
    bus: dependencies.bus,
    logger: dependencies.logger,
    metrics,
    ...(dependencies.events?.marketIntervalMs === undefined ? {} : { marketIntervalMs: dependencies.events.marketIntervalMs }),
    ...(dependencies.events?.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: dependencies.events.maxBufferedBytes }),
  });
  const context: ApiContext = {
    bus: dependencies.bus,
    db: dependencies.db,
    logger: dependencies.logger,
    metrics,
    environments: dependencies.environments ?? ENVIRONMENTS,
    restUrls: dependencies.restUrls,
    secretsDir: dependencies.secretsDir,
    envFile: dependencies.envFile,
    startedAt: dependencies.startedAt ?? new Date(now()),
    now,
    source: dependencies.source ?? 'control-api',
    eventClients: () => hub.size,
  };
  const guard: GuardOptions = {
    token: dependencies.token,
    allowedOrigins: dependencies.allowedOrigins ?? [],
    limiter: new RateLimiter({ refillPerSecond: dependencies.rateLimit?.refillPerSecond ?? 30, capacity: dependencies.rateLimit?.capacity ?? 60, now }),
    onRejected: (rule) => rejected.inc({ rule }),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((request, response, next) => {
    // Method, path, status and timing only: never bodies (key endpoints carry private keys) or query strings.
    const started = performance.now();
    response.on('finish', () => {
      const line = { method: request.method, path: request.path, status: response.statusCode, ms: Math.round(performance.now() - started), requester: (response.locals.identity as { requester?: string } | undefined)?.requester ?? null };
      if (request.method === 'GET' || request.method === 'HEAD') dependencies.logger.debug(line, 'request');
      else dependencies.logger.info(line, 'request');
    });
    next();
  });
  app.use(guards(guard));
  for (const check of dependencies.healthChecks ?? []) app.get(check.path, check.handler);
  app.use(jsonOnly());
  app.use(express.json({ limit: BODY_LIMIT, strict: true, type: 'application/json' }));

  const api = express.Router();
  mountRoutes(api, allRoutes(context, new MarketCache(dependencies.bus, now)), (route, status) => requests.inc({ route: `${route.method.toUpperCase()} ${route.path}`, status }));
  api.get(EVENTS_STREAM_PATH, sseHandler(hub, dependencies.events?.keepAliveMs));
  api.get(EVENTS_PATH, () => upgradeRequired());
  const openApi = renderOpenApiDocument();
  api.get('/openapi.json', (_request, response) => void response.type('application/json').send(openApi));
  app.use(api);
  app.use(staticFiles(dependencies.webRoot));
  app.use((request) => {
    throw new HttpProblem('not-found', `nothing at ${request.method} ${request.path}`);
  });
  app.use(problemHandler(dependencies.logger, (problem) => problems.inc({ type: problem.problemType })));

  const server = http.createServer(app);
  // Slow-loris bounds: headers and bodies must arrive promptly (the event streams are long-lived responses, not requests).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const sockets = attachWebSocket(server, hub, guard, dependencies.events?.pingIntervalMs);
  hub.start();

  return {
    app,
    server,
    hub,
    ready: () => hub.ready(),
    close: async () => {
      hub.close();
      sockets.close();
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
