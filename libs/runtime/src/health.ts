/** `/healthz` (alive), `/readyz` (every readiness check passes) and `/metrics` on a small HTTP server. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface Readiness {
  set(check: string, ready: boolean, detail?: string): void;
  snapshot(): { ready: boolean; checks: Record<string, { ready: boolean; detail: string | null }> };
}

export function createReadiness(): Readiness {
  const checks = new Map<string, { ready: boolean; detail: string | null }>();
  return {
    set: (check, ready, detail) => void checks.set(check, { ready, detail: detail ?? null }),
    snapshot: () => ({
      ready: checks.size > 0 && [...checks.values()].every((check) => check.ready),
      checks: Object.fromEntries(checks),
    }),
  };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: {
  host: string;
  port: number;
  service: string;
  startedAt: Date;
  readiness: Readiness;
  registry: Registry;
}): Promise<HealthServer> {
  const server = http.createServer((request, response) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(405, { error: 'only GET is served here' });
    if (path === '/healthz') {
      const uptimeSeconds = Math.floor((Date.now() - options.startedAt.getTime()) / 1000);
      return send(200, { status: 'ok', service: options.service, uptimeSeconds });
    }
    if (path === '/readyz') {
      const snapshot = options.readiness.snapshot();
      return send(snapshot.ready ? 200 : 503, { service: options.service, ...snapshot });
    }
    if (path === '/metrics') {
      options.registry
        .metrics()
        .then((text) => send(200, text, options.registry.contentType))
        .catch((error: unknown) => send(500, { error: String(error) }));
      return;
    }
    return send(404, { error: `no route ${path}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
