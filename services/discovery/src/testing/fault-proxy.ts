/**
 * Test support: a loopback HTTP proxy in front of the simulator that runs chosen actions before
 * forwarding the n-th request to a path: inject a fault through the simulator's admin endpoint at
 * an exact point of a listing, or spoil the request's cursor so the exchange itself refuses it
 * (400 `invalid_cursor`, exactly as it answers a cursor past its 15-minute lifetime).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Runs before the request is forwarded; may change its URL. */
export type RequestAction = (url: URL) => void | Promise<void>;

export interface FaultProxy {
  /** The REST base to give the client (same path as the simulator's). */
  restUrl: string;
  /** Run `action` before forwarding the `nth` request (1-based) whose path starts with `pathPrefix` (under the REST base). */
  at(pathPrefix: string, nth: number, action: RequestAction): void;
  /** Requests seen per path prefix that has actions. */
  readonly counts: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** An action that spoils the cursor of the request (when it carries one). */
export const spoilCursor: RequestAction = (url) => {
  const cursor = url.searchParams.get('cursor');
  if (!cursor) throw new Error(`request ${url.pathname} carries no cursor to spoil`);
  url.searchParams.set('cursor', `${cursor.slice(0, -4)}${cursor.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`);
};

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const actions: Array<{ pathPrefix: string; nth: number; action: RequestAction }> = [];
  const counts = new Map<string, number>();
  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', upstream.origin);
      for (const prefix of new Set(actions.map((entry) => entry.pathPrefix))) {
        if (url.pathname.startsWith(prefix)) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
      }
      for (const entry of actions.filter((candidate) => url.pathname.startsWith(candidate.pathPrefix) && counts.get(candidate.pathPrefix) === candidate.nth)) {
        await entry.action(url);
      }
      const forwarded = http.request(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: `${url.pathname}${url.search}`, headers: { ...request.headers, host: upstream.host } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', (error) => {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'bad_gateway', message: String(error) } }));
      });
      request.pipe(forwarded);
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'proxy_action_failed', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    restUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    at: (pathPrefix, nth, action) => void actions.push({ pathPrefix: `${upstream.pathname}${pathPrefix}`, nth, action }),
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
