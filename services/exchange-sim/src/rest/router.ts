/**
 * The route table of the Trade API: method, path template (relative to /trade-api/v2), access
 * (public or signed), token bucket and cost, and a handler that returns status and body.
 * Literal segments win over `{parameters}` because routes are tried in the order listed.
 */
import type { SimulatedExchange } from '../exchange/simulated-exchange';
import type { CursorCodec } from './cursor';
import type { Query } from './http';
import type { OrderLog } from './order-log';
import type { RateLimiter } from './rate-limit';

export interface RequestContext {
  readonly exchange: SimulatedExchange;
  readonly query: Query;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The verified key id (also the account id), or null on an unsigned public request. */
  readonly keyId: string | null;
  readonly wallNow: number;
  readonly cursors: CursorCodec;
  readonly limiter: RateLimiter;
  readonly orderLog: OrderLog;
}

export interface RouteAnswer {
  readonly status: number;
  readonly body: unknown;
  /** For the order log. */
  readonly clientOrderId?: string;
}

export interface Route {
  readonly method: string;
  readonly template: string;
  readonly access: 'public' | 'signed';
  readonly bucket: 'read' | 'write';
  /** Tokens this request costs (batches: per item). */
  readonly cost: (context: { body: unknown }) => number;
  /** Order entry requests go to the admin order log. */
  readonly orderEntry?: boolean;
  readonly handle: (context: RequestContext) => RouteAnswer;
}

export interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { ...route, pattern: new RegExp(`^${source}/?$`), names };
  });
}

export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | { methodNotAllowed: boolean } {
  let pathKnown = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? '');
    });
    return { route, params };
  }
  return { methodNotAllowed: pathKnown };
}

export const fixedCost =
  (tokens: number) =>
  (): number =>
    tokens;
