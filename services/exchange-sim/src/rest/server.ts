/**
 * The HTTP side: `/trade-api/v2/...` (the Trade API) and `/admin/...` (loopback only).
 *
 * A Trade API request goes through: route match → injected faults (latency, held response,
 * error storm) → body → signature (required on signed routes, checked whenever present) →
 * token bucket → handler. Errors leave as Kalshi-shaped bodies; nothing a client sends can
 * crash the server.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Faults } from '../faults';
import type { Stats } from '../stats';
import type { Logger } from '../support/log';
import { type AdminDependencies, handleAdmin } from './admin';
import { KeyRegistry, authenticationError } from './auth';
import type { CursorCodec } from './cursor';
import { HttpError, Query, errorBody, readJsonBody, sendError, sendJson, sendTooManyRequests } from './http';
import type { OrderLog } from './order-log';
import type { RateLimiter } from './rate-limit';
import { type CompiledRoute, type RouteAnswer, matchRoute } from './router';

export const API_PREFIX = '/trade-api/v2';

export interface ServerDependencies extends AdminDependencies {
  readonly routes: readonly CompiledRoute[];
  readonly cursors: CursorCodec;
  readonly limiter: RateLimiter;
  readonly orderLog: OrderLog;
  readonly faults: Faults;
  readonly stats: Stats;
  readonly log: Logger;
  readonly rateLimits: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const HOLD_MS = 10 * 60_000;
/** A refusal by the token bucket (answered with Kalshi's bare 429 body). */
const TOO_MANY_REQUESTS = new HttpError(429, 'too_many_requests', 'too many requests');

export function createApiServer(dependencies: ServerDependencies): { server: Server; releaseHeld: () => void } {
  const held = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    handle(dependencies, request, response, held).catch((error: unknown) => {
      dependencies.log.error('request failed', { error: String(error), url: request.url });
      sendJson(response, 500, errorBody('internal_server_error', 'internal server error'));
    });
  });
  const releaseHeld = () => {
    for (const response of held) response.destroy();
    held.clear();
  };
  return { server, releaseHeld };
}

/** Wall-clock time in milliseconds with a fraction. */
const preciseNow = (): number => performance.timeOrigin + performance.now();

async function handle(dependencies: ServerDependencies, request: IncomingMessage, response: ServerResponse, held: Set<ServerResponse>): Promise<void> {
  const receivedAtMs = preciseNow();
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = (request.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith('/admin')) return handleAdminRequest(dependencies, request, response, method, url.pathname);
  if (url.pathname === '/healthz' || url.pathname === '/readyz') return sendJson(response, 200, { status: 'ok', simulated: true });
  if (url.pathname === '/metrics') return sendMetrics(dependencies, response);
  if (!url.pathname.startsWith(API_PREFIX)) return sendError(response, new HttpError(404, 'not_found', 'not found'));
  const { stats, faults } = dependencies;
  stats.requests += 1;
  response.on('finish', () => stats.countResponse(response.statusCode));

  const relative = url.pathname.slice(API_PREFIX.length) || '/';
  const match = matchRoute(dependencies.routes, method, relative);
  if (!('route' in match)) {
    return sendError(response, new HttpError(match.methodNotAllowed ? 405 : 404, match.methodNotAllowed ? 'method_not_allowed' : 'not_found', 'not found'));
  }
  const { route, params } = match;
  if (faults.takeTimeout(url.pathname)) {
    // Held past any client timeout; released when the client gives up or the simulator stops.
    held.add(response);
    const timer = setTimeout(() => response.destroy(), HOLD_MS);
    timer.unref();
    response.on('close', () => {
      clearTimeout(timer);
      held.delete(response);
    });
    return;
  }
  const storm = faults.takeHttp(url.pathname);
  if (storm === 429) return sendTooManyRequests(response);
  if (storm !== null) {
    const code = storm === 503 ? 'service_unavailable' : 'internal_server_error';
    return sendJson(response, storm, errorBody(code, code.replace(/_/g, ' ')));
  }

  let keyId: string | null = null;
  let body: unknown;
  let answer: RouteAnswer | null = null;
  let failure: HttpError | null = null;
  try {
    body = method === 'GET' ? undefined : await readJsonBody(request);
    if (route.access === 'signed' || KeyRegistry.signed(request.headers)) {
      const verification = dependencies.keys.verify(request.headers, method, url.pathname, Date.now());
      if (!verification.ok) throw authenticationError(verification.reason);
      keyId = verification.keyId;
    }
    const caller = keyId ?? `address:${request.socket.remoteAddress ?? 'unknown'}`;
    if (dependencies.rateLimits && !dependencies.limiter.take(caller, route.bucket, route.cost({ body }), Date.now())) {
      stats.rateLimited += 1;
      failure = TOO_MANY_REQUESTS;
    } else {
      answer = route.handle({
        exchange: dependencies.exchange,
        query: new Query(url.searchParams),
        params,
        body,
        keyId,
        wallNow: Date.now(),
        cursors: dependencies.cursors,
        limiter: dependencies.limiter,
        orderLog: dependencies.orderLog,
      });
    }
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    failure = error;
  }
  // Logged when processed, not when answered: with added latency the order is already placed
  // (and in the log) while its answer is still held back.
  if (route.orderEntry) {
    const processedAtMs = preciseNow();
    const clientOrderId = answer?.clientOrderId ?? (body as { client_order_id?: unknown } | undefined)?.client_order_id;
    const status = answer?.status ?? failure?.status ?? 500;
    if (method === 'POST' && status === 201) stats.ordersPlaced += 1;
    dependencies.orderLog.add({
      at: new Date(processedAtMs).toISOString(),
      receivedAtMs,
      processedAtMs,
      keyId,
      method,
      path: url.pathname,
      status,
      clientOrderId: typeof clientOrderId === 'string' ? clientOrderId : null,
    });
  }
  if (failure === TOO_MANY_REQUESTS) return sendTooManyRequests(response);
  if (failure) return sendError(response, failure);
  // Added latency delays the answer, not the work: as on a real exchange, a client that gives up
  // (or dies) while waiting may still have its order placed.
  if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
  sendJson(response, answer?.status ?? 500, answer?.body);
}

async function handleAdminRequest(dependencies: ServerDependencies, request: IncomingMessage, response: ServerResponse, method: string, path: string): Promise<void> {
  if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
    return sendError(response, new HttpError(403, 'forbidden', 'admin endpoints answer loopback clients only'));
  }
  try {
    const body = method === 'GET' ? undefined : await readJsonBody(request);
    const answer = await handleAdmin(dependencies, method, path, body);
    sendJson(response, answer.status, answer.body);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendError(response, error);
  }
}

/** A few counters in the Prometheus text format, like every service's /metrics. */
function sendMetrics(dependencies: ServerDependencies, response: ServerResponse): void {
  const { stats, exchange } = dependencies;
  const lines = [
    ['exchange_sim_requests_total', stats.requests],
    ['exchange_sim_orders_placed_total', stats.ordersPlaced],
    ['exchange_sim_background_orders_total', stats.backgroundOrders],
    ['exchange_sim_trades_total', stats.trades],
    ['exchange_sim_rate_limited_total', stats.rateLimited],
    ['exchange_sim_ws_connections', stats.wsConnections],
    ['exchange_sim_ws_messages_sent_total', stats.wsMessagesSent],
    ['exchange_sim_markets', exchange.universe.markets.size],
  ].map(([name, value]) => `${name} ${value}`);
  const text = `${lines.join('\n')}\n`;
  response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  response.end(text);
}
