/**
 * The connection to NATS and JetStream. `connectBus` keeps trying until the server answers or
 * the signal aborts (services start before NATS in local mode), then stays connected with
 * unlimited reconnects. A namespace prefixes every stream, subject and bucket so tests can share
 * one server.
 */
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import { type StreamName, namespaced, streamName } from '@polly/contracts';

export interface BusLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface BusOptions {
  servers: string | string[];
  /** Connection name shown in NATS monitoring. */
  name: string;
  namespace?: string;
  logger?: BusLogger;
  signal?: AbortSignal;
  /** Delay between first-connect attempts. */
  retryDelayMs?: number;
}

export interface BusCore {
  readonly namespace: string;
  readonly connection: NatsConnection;
  readonly jetstream: JetStreamClient;
  readonly manager: JetStreamManager;
  readonly logger: BusLogger;
  /** A logical subject (`trading.demo.order.accepted`) with the namespace applied. */
  subject(logical: string): string;
  /** Strip the namespace from a subject received from the server. */
  logicalSubject(subject: string): string;
  stream(name: StreamName): string;
  bucket(name: string): string;
  close(): Promise<void>;
}

const silentLogger: BusLogger = { info() {}, warn() {}, error() {} };

export class BusClosedError extends Error {
  override readonly name = 'BusClosedError';
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new BusClosedError('aborted'));
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new BusClosedError('aborted'));
    }, { once: true });
  });
}

export async function connectCore(options: BusOptions): Promise<BusCore> {
  const namespace = options.namespace ?? '';
  if (namespace && !/^[A-Za-z0-9]+$/.test(namespace)) throw new Error(`namespace must be letters and digits: "${namespace}"`);
  const logger = options.logger ?? silentLogger;
  let attempt = 0;
  let connection: NatsConnection | undefined;
  while (!connection) {
    attempt += 1;
    try {
      connection = await connect({
        servers: options.servers,
        name: options.name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        timeout: 2000,
        // Without this the client builds two Error objects with stack traces for every request
        // (each JetStream publish is one) in case it times out: a third of ingest's CPU at full
        // market-data rate. Our own logs say where an operation started.
        noAsyncTraces: true,
      });
    } catch (error) {
      if (options.signal?.aborted) throw new BusClosedError('aborted while connecting');
      const delay = Math.min(5000, (options.retryDelayMs ?? 250) * 2 ** Math.min(attempt - 1, 5));
      logger.warn({ attempt, delayMs: delay, error: String(error) }, 'NATS not reachable yet; retrying');
      await sleep(delay, options.signal);
    }
  }
  const active = connection;
  void (async () => {
    for await (const status of active.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') logger.warn({ status: status.type }, 'NATS connection status');
    }
  })();
  const manager = await jetstreamManager(active);
  const prefix = namespace ? `${namespace}.` : '';
  return {
    namespace,
    connection: active,
    jetstream: jetstream(active),
    manager,
    logger,
    subject: (logical) => namespaced(namespace, logical),
    logicalSubject: (subject) => (prefix && subject.startsWith(prefix) ? subject.slice(prefix.length) : subject),
    stream: (name) => streamName(namespace, name),
    bucket: (name) => (namespace ? `${namespace}_${name}` : name),
    close: async () => {
      if (!active.isClosed()) await active.drain().catch(() => active.close());
    },
  };
}
