/**
 * The local-only rules, in the order they run on every request:
 * 1. `Host` must be a loopback name (a page on evil.example that rebinds its DNS to 127.0.0.1
 *    still sends `Host: evil.example`) → 421 otherwise.
 * 2. A token bucket per remote address → 429.
 * 3. The `Origin`, when present, is classified: the API's own (a loopback name with the port the
 *    request arrived on), one of the configured extra origins, or foreign. CORS headers go only
 *    to the first two; a foreign origin may not mutate anything (CSRF) → 403.
 * 4. A mutation without `Origin` comes from a non-browser client and must carry
 *    `Authorization: Bearer <token>` → 401 otherwise. A wrong token is refused wherever it appears.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isLoopbackHost } from '../config';
import { HttpProblem, sendProblem } from './problem';
import type { RateLimiter } from './rate-limit';

export type OriginClass = 'none' | 'own' | 'allowed' | 'foreign';
/** Who sent a request: the cockpit in a browser, or a client holding the token. */
export type Requester = 'cockpit' | 'token' | 'anonymous';

export interface RequestIdentity {
  origin: OriginClass;
  requester: Requester;
}

export interface GuardOptions {
  token: string;
  allowedOrigins: readonly string[];
  limiter: RateLimiter;
  onRejected?: (reason: string) => void;
}

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The hostname of a Host header value (`[::1]:4400` → `[::1]`), or undefined when malformed. */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostHeader.trim());
  return match ? match[1] : undefined;
}

export function hostIsLoopback(hostHeader: string | undefined): boolean {
  const hostname = hostnameOf(hostHeader);
  return hostname !== undefined && isLoopbackHost(hostname);
}

/** The origins the API itself is reached under: each loopback name with the port the request used. */
export function ownOrigins(localPort: number | undefined): string[] {
  if (localPort === undefined) return [];
  return ['127.0.0.1', 'localhost', '[::1]'].map((name) => `http://${name}:${localPort}`);
}

export function classifyOrigin(originHeader: string | undefined, localPort: number | undefined, allowedOrigins: readonly string[]): OriginClass {
  if (originHeader === undefined) return 'none';
  let origin: string;
  try {
    origin = new URL(originHeader).origin;
  } catch {
    return 'foreign';
  }
  // `Origin: null` (sandboxed frames, file://) parses to the string "null": foreign.
  if (ownOrigins(localPort).includes(origin)) return 'own';
  if (allowedOrigins.includes(origin)) return 'allowed';
  return 'foreign';
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

export function tokenMatches(presented: string, expected: string): boolean {
  const left = Buffer.from(presented);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function remoteAddressOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/**
 * Checks shared by HTTP requests and WebSocket upgrades. Returns the identity, or the problem
 * (with any headers it needs) to answer with.
 */
export function inspectRequest(
  request: IncomingMessage,
  options: GuardOptions,
): { ok: true; identity: RequestIdentity } | { ok: false; problem: HttpProblem; headers?: Record<string, string> } {
  if (!hostIsLoopback(request.headers.host)) {
    options.onRejected?.('host');
    return { ok: false, problem: new HttpProblem('misdirected-request', 'the control API answers only for 127.0.0.1, localhost and [::1]') };
  }
  const decision = options.limiter.take(remoteAddressOf(request));
  if (!decision.allowed) {
    options.onRejected?.('rate');
    return {
      ok: false,
      problem: new HttpProblem('too-many-requests', `slow down: retry after ${decision.retryAfterSeconds} s`),
      headers: { 'retry-after': String(decision.retryAfterSeconds) },
    };
  }
  const origin = classifyOrigin(request.headers.origin, request.socket.localPort, options.allowedOrigins);
  const authorization = request.headers.authorization;
  const presented = bearerToken(authorization);
  if (authorization !== undefined && (presented === undefined || !tokenMatches(presented, options.token))) {
    options.onRejected?.('token');
    return { ok: false, problem: new HttpProblem('unauthenticated', 'the bearer token is not valid (see .artifacts/control-token)'), headers: { 'www-authenticate': 'Bearer' } };
  }
  const requester: Requester = presented !== undefined ? 'token' : origin === 'own' || origin === 'allowed' ? 'cockpit' : 'anonymous';
  return { ok: true, identity: { origin, requester } };
}

function setCors(response: Response, origin: string): void {
  response.set({
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '600',
  });
}

export function identityOf(response: Response): RequestIdentity {
  return response.locals.identity as RequestIdentity;
}

/** Express middleware applying the rules above (WebSocket upgrades call `inspectRequest` directly). */
export function guards(options: GuardOptions): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    response.set({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', vary: 'Origin' });
    const inspected = inspectRequest(request, options);
    if (!inspected.ok) return sendProblem(response, inspected.problem, inspected.headers);
    const { identity } = inspected;
    response.locals.identity = identity;
    const originHeader = request.headers.origin;
    if (originHeader && (identity.origin === 'own' || identity.origin === 'allowed')) setCors(response, new URL(originHeader).origin);
    if (request.method === 'OPTIONS') {
      if (identity.origin === 'foreign') return sendProblem(response, new HttpProblem('forbidden', 'this origin may not call the control API'));
      response.status(204).end();
      return;
    }
    if (MUTATING_METHODS.has(request.method)) {
      if (identity.origin === 'foreign') {
        options.onRejected?.('origin');
        return sendProblem(response, new HttpProblem('forbidden', `origin ${originHeader} may not send commands; add it to POLLY_CONTROL_ALLOWED_ORIGINS if it is yours`));
      }
      if (identity.requester === 'anonymous') {
        options.onRejected?.('token');
        return sendProblem(
          response,
          new HttpProblem('unauthenticated', 'requests without an Origin header must carry Authorization: Bearer <token> (the token is in .artifacts/control-token or POLLY_CONTROL_TOKEN)'),
          { 'www-authenticate': 'Bearer' },
        );
      }
    }
    next();
  };
}

/** Bodies are JSON only: a form post (the classic CSRF vehicle) is refused before it is read. */
export function jsonOnly(): RequestHandler {
  return (request, response, next) => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? '0') > 0;
    if (hasBody && !request.is('application/json')) {
      return sendProblem(response, new HttpProblem('unsupported-media-type', 'send request bodies as application/json'));
    }
    next();
  };
}
