/**
 * Test and benchmark support: a real exchange simulator in-process, its admin endpoints (faults,
 * order log, books, accounts), and accounts with freshly generated RSA (or Ed25519) keys. Not part of the
 * package's public surface.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { startExchangeSimulator } from '@polly/exchange-sim';
import { build } from 'esbuild';
import { z } from 'zod';
import { type KalshiClientOptions, createKalshiClient } from '../rest/client';
import { type KalshiStreamOptions, createKalshiStream } from '../ws/client';

export interface SimulatorOptions {
  seed?: number;
  markets?: number;
  traders?: boolean;
  /** Add the LEGACY extras (integer cents and counts) to what the simulator sends. */
  legacyFields?: boolean;
  /**
   * Run the simulator as its own Node process. In-process, the simulator shares the test's event
   * loop: while the client signs a burst of requests the simulator cannot read them, then handles
   * them in a clump, so its clock sees them closer together than they were sent. Rate and
   * throughput measurements need the separate process.
   */
  separateProcess?: boolean;
}

interface RunningSimulator {
  restUrl: string;
  wsUrl: string;
  adminUrl: string;
  stop(): Promise<void>;
}

export interface Account {
  keyId: string;
  privateKeyPem: string;
}

const OrderLogEntry = z.object({
  at: z.union([z.number(), z.string()]).transform((at) => (typeof at === 'number' ? at : Date.parse(at))),
  keyId: z.string().nullable().optional(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  clientOrderId: z.string().nullable().optional(),
});
export type OrderLogEntry = z.infer<typeof OrderLogEntry>;
const OrderLog = z.union([z.array(OrderLogEntry), z.object({ entries: z.array(OrderLogEntry) }).transform((log) => log.entries)]);
const BookLevels = z.array(z.tuple([z.string(), z.string()])).nullable().optional().transform((levels) => levels ?? []);
const AdminBook = z.object({ orderbook_fp: z.object({ yes_dollars: BookLevels, no_dollars: BookLevels }) });
export type AdminBook = z.infer<typeof AdminBook>['orderbook_fp'];

export type Faults =
  | { http: { status: 429 | 500 | 503; count: number; pathPrefix?: string } }
  | { timeouts: { count: number; pathPrefix?: string } }
  | { latencyMs: number }
  | { paused: boolean }
  | { dropConnections: true }
  | { skipSeq: { count: number } };

export async function startSimulator(options: SimulatorOptions = {}) {
  const settings = { seed: options.seed ?? 7, markets: options.markets ?? 500, traders: options.traders ?? false, legacyFields: options.legacyFields ?? false };
  const simulator: RunningSimulator = options.separateProcess
    ? await startSimulatorProcess(settings)
    : await startExchangeSimulator({ port: 0, ...settings });
  const admin = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const answer = await plainRequest(method, `${simulator.adminUrl}${route}`, body);
    if (answer.status < 200 || answer.status >= 300) throw new Error(`admin ${method} ${route} answered ${answer.status}: ${answer.text}`);
    return answer.text.length > 0 ? JSON.parse(answer.text) : null;
  };

  return {
    simulator,
    restUrl: simulator.restUrl,
    wsUrl: simulator.wsUrl,
    /** A new account with its own key (RSA unless asked), registered with the exchange (optionally with a balance and usage tier). */
    async newAccount(balance?: string, tier?: 'basic' | 'advanced' | 'premier' | 'paragon' | 'prime', keyType: 'rsa' | 'ed25519' = 'rsa'): Promise<Account> {
      const { privateKey, publicKey } = keyType === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 2048 });
      const keyId = randomUUID();
      await admin('POST', '/keys', {
        keyId,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        ...(balance === undefined ? {} : { balance }),
        ...(tier === undefined ? {} : { tier }),
      });
      return { keyId, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    },
    client(options: Partial<KalshiClientOptions> & { account?: Account } = {}) {
      const { account, ...rest } = options;
      return createKalshiClient({ environment: 'demo', restBaseUrl: simulator.restUrl, ...account, ...rest });
    },
    stream(options: Partial<KalshiStreamOptions> & { account: Account }) {
      const { account, ...rest } = options;
      return createKalshiStream({ environment: 'demo', url: simulator.wsUrl, ...account, ...rest });
    },
    faults: (faults: Faults) => admin('POST', '/faults', faults),
    clearFaults: () => admin('DELETE', '/faults'),
    orderLog: async (): Promise<OrderLogEntry[]> => OrderLog.parse(await admin('GET', '/order-log')),
    book: async (ticker: string): Promise<AdminBook> => AdminBook.parse(await admin('GET', `/books/${encodeURIComponent(ticker)}`)).orderbook_fp,
    account: (keyId: string) => admin('GET', `/accounts/${encodeURIComponent(keyId)}`),
    advanceClock: (seconds: number) => admin('POST', '/clock/advance', { seconds }),
    traders: (settings: { enabled: boolean; ordersPerSecond?: number }) => admin('POST', '/traders', settings),
    firehose: (request: { messages: number; tickers?: string[] }) => admin('POST', '/firehose', request),
    /** Send raw text frames to every open WebSocket connection. */
    injectFrames: (frames: string[]) => admin('POST', '/ws/inject', { frames }),
    stats: () => admin('GET', '/stats') as Promise<Record<string, unknown>>,
    stop: () => simulator.stop(),
  };
}

export type SimulatorHarness = Awaited<ReturnType<typeof startSimulator>>;

let bundled: Promise<string> | null = null;

/** The repository root: the nearest folder holding the simulator's sources (works bundled or not). */
function repositoryRoot(): string {
  for (let folder = process.cwd(); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'services/exchange-sim/src/main.ts'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`cannot find the repository (services/exchange-sim) above ${process.cwd()}`);
  }
}

/** Bundle the simulator's CLI once per run (third-party packages stay external, as in infra/bundle.mjs). */
function simulatorBundle(): Promise<string> {
  bundled ??= (async () => {
    const root = repositoryRoot();
    const outfile = path.join(root, '.artifacts/test/kalshi/exchange-sim.mjs');
    await build({
      entryPoints: [path.join(root, 'services/exchange-sim/src/main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      plugins: [
        {
          name: 'external-third-party',
          setup(context) {
            context.onResolve({ filter: /^[^./]/ }, (resolve) => (resolve.path.startsWith('@polly/') ? undefined : { path: resolve.path, external: true }));
          },
        },
      ],
    });
    return outfile;
  })();
  return bundled;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startSimulatorProcess(settings: { seed: number; markets: number; traders: boolean; legacyFields: boolean }): Promise<RunningSimulator> {
  const bundle = await simulatorBundle();
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      bundle,
      ...['--port', String(port), '--seed', String(settings.seed), '--markets', String(settings.markets)],
      ...['--traders', settings.traders ? 'on' : 'off', '--log-level', 'error'],
      ...(settings.legacyFields ? ['--legacy-fields'] : []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const running: RunningSimulator = {
    restUrl: `${origin}/trade-api/v2`,
    wsUrl: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
    adminUrl: `${origin}/admin`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`the simulator exited with ${child.exitCode}`);
      return plainRequest('GET', `${running.restUrl}/exchange/status`).then(
        (answer) => answer.status === 200,
        () => false,
      );
    }, 60_000, 50);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

/**
 * One HTTP request on its own connection. Admin calls are rare and spread out; a pooled keep-alive
 * connection can be closed by the server just as it is reused, which would fail the test for
 * nothing.
 */
export function plainRequest(method: string, url: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpRequest(
      url,
      { method, agent: false, headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** Resolve when `condition` holds, polling every `intervalMs`; reject after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
