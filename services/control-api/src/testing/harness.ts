/**
 * For the control API's integration tests: a real NATS namespace and Postgres database, the real
 * projector folding what is published, and the API listening on a free loopback port. Requests go
 * through node:http so tests can set any header a browser or an attacker would (Host, Origin).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AnyEvent, StreamName } from '@polly/contracts';
import { projectorService } from '@polly/projector';
import { type Logger, type Metrics, createLogger, createMetrics, lineCollector, startService } from '@polly/runtime';
import { type TestBus, type TestDatabase, createTestBus, createTestDatabase, eventually } from '@polly/testing';
import { type ControlApi, type ControlApiDependencies, createControlApi } from '../app';

export const TEST_TOKEN = 'test-token-0123456789abcdefghijklmnop';

/** A pino logger whose lines are kept in memory (and can be scanned for secrets). */
export function capturedLogger(service: string): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ service, level: 'debug', destination: lineCollector(lines) }), lines };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (sent as given). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** 'cockpit' sends the API's own Origin, 'token' the bearer token, 'none' neither. */
  as?: 'cockpit' | 'token' | 'none';
}

export interface Harness {
  bus: TestBus;
  database: TestDatabase;
  api: ControlApi;
  metrics: Metrics;
  port: number;
  origin: string;
  secretsDir: string;
  apiLog: string[];
  projectorLog: string[];
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  publish(events: readonly AnyEvent[]): Promise<void>;
  /** Wait until the projector has folded everything published so far. */
  caughtUp(): Promise<void>;
  controlEvents(): Promise<AnyEvent[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  dependencies?: Partial<ControlApiDependencies>;
  projector?: boolean;
}

export function request(port: number, method: string, target: string, options: CallOptions & { origin?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...options.headers };
  const as = options.as ?? 'cockpit';
  if (as === 'cockpit' && options.origin && !('origin' in headers)) headers.origin = options.origin;
  if (as === 'token' && !('authorization' in headers)) headers.authorization = `Bearer ${TEST_TOKEN}`;
  let payload: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: '127.0.0.1', port, method, path: target, headers, setHost: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text, json });
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

const PROJECTED: StreamName[] = ['MARKETS', 'TRADING', 'CONTROL', 'SYSTEM'];

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const bus = await createTestBus();
  const database = await createTestDatabase();
  const secretsDir = mkdtempSync(path.join(os.tmpdir(), 'polly-secrets-'));
  const projectorCapture = capturedLogger('projector');
  const apiCapture = capturedLogger('control-api');
  const projector =
    options.projector === false
      ? undefined
      : await startService(projectorService, {
          logger: projectorCapture.logger,
          env: { POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL, POLLY_DATABASE_URL: database.connectionString, POLLY_NAMESPACE: bus.namespace, POLLY_HEALTH_PORT: '0' },
        });
  const metrics = createMetrics('control-api');
  const api = createControlApi({
    bus,
    metrics,
    db: database.db,
    logger: apiCapture.logger,
    token: TEST_TOKEN,
    restUrls: { demo: 'http://127.0.0.1:9/trade-api/v2', live: 'http://127.0.0.1:9/trade-api/v2' },
    secretsDir,
    envFile: path.join(secretsDir, 'missing.env'),
    webRoot: path.join(secretsDir, 'no-web-build'),
    rateLimit: { refillPerSecond: 1000, capacity: 1000 },
    ...options.dependencies,
  });
  await api.ready();
  await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', () => resolve()));
  const port = (api.server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const lastSequences = async () => Promise.all(PROJECTED.map((stream) => bus.lastSequence(stream)));
  return {
    bus,
    database,
    api,
    metrics,
    port,
    origin,
    secretsDir,
    apiLog: apiCapture.lines,
    projectorLog: projectorCapture.lines,
    call: (method, target, callOptions = {}) => request(port, method, target, { ...callOptions, origin }),
    publish: async (events) => {
      for (const event of events) await bus.publish(event);
    },
    caughtUp: async () => {
      const targets = await lastSequences();
      await eventually(
        async () => {
          const rows = await database.db.selectFrom('projection_checkpoints').select(['stream', 'last_sequence']).where('projection', '=', 'main').execute();
          const folded = new Map(rows.map((row) => [row.stream, Number(row.last_sequence)]));
          return PROJECTED.every((stream, index) => (folded.get(stream) ?? 0) >= (targets[index] ?? 0));
        },
        { timeoutMs: 20_000, what: 'the projector to fold every published event' },
      );
    },
    controlEvents: async () => {
      const events: AnyEvent[] = [];
      for await (const item of bus.read({ stream: 'CONTROL' })) if (item.valid) events.push(item.event as AnyEvent);
      return events;
    },
    close: async () => {
      await api.close();
      await projector?.stop();
      await bus.dispose();
      await database.dispose();
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}
