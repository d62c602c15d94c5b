/**
 * The request path every REST call takes: wait for tokens from the read or write bucket, send
 * through the SDK, classify the outcome, consult the retry table, validate the body. It returns a
 * KalshiResult and never throws for an expected failure.
 *
 * Each attempt spends tokens again, as each attempt costs tokens at the exchange. A 401 raises the
 * unauthorized signal at once (it is never retried).
 */
import type { AxiosResponse, RawAxiosRequestConfig } from 'axios';
import { isAxiosError } from 'axios';
import type { z } from 'zod';
import { type Clock, sleep } from '../clock';
import { type KalshiError, type KalshiErrorKind, type KalshiResult, parseErrorBody } from '../errors';
import { type FailureClass, type RetryTable, decideRetry } from '../retry-policy';
import type { TokenBucket } from '../token-bucket';
import type { RestCounters, RestEvents } from './observability';
import { SENDING_HOOK } from './sdk';

export type Budget = 'read' | 'write';

export interface Operation<T> {
  /** The client method name, reported in errors and events. */
  name: string;
  budget: Budget;
  /** Tokens one attempt costs. */
  cost: number;
  /** Needs a signed request (portfolio, orders, account). */
  signed: boolean;
  send: (options: RawAxiosRequestConfig) => Promise<AxiosResponse<unknown>>;
  schema: z.ZodType<T, unknown>;
  /** Order entry: the client_order_id every attempt carries, echoed in `request` and `retry` events. */
  clientOrderId?: string;
  /** Told about every failed attempt (order entry uses it to know whether an attempt may have landed). */
  onAttemptFailed?: (failure: { kind: KalshiErrorKind; status?: number | undefined }) => void;
}

export interface ExecutorContext {
  clock: Clock;
  buckets: Record<Budget, TokenBucket>;
  retryTable: RetryTable;
  timeoutMs: number;
  hasCredentials: boolean;
  events: RestEvents;
  counters: RestCounters;
}

type AttemptOutcome<T> =
  | { ok: true; value: T; status: number }
  | { ok: false; failure: FailureClass; error: Omit<KalshiError, 'attempts' | 'operation'> };

const timeoutCodes = new Set(['ECONNABORTED', 'ETIMEDOUT']);

export async function execute<T>(context: ExecutorContext, operation: Operation<T>): Promise<KalshiResult<T>> {
  const fail = (error: Omit<KalshiError, 'operation'>): KalshiResult<T> => {
    context.counters.recordFailure(error.kind);
    return { ok: false, error: { operation: operation.name, ...error } };
  };
  if (operation.signed && !context.hasCredentials) {
    return fail({ kind: 'not-configured', message: `${operation.name} needs an API key id and private key`, attempts: 0 });
  }
  for (let attempt = 1; ; attempt += 1) {
    const taken = await context.buckets[operation.budget].take(operation.cost);
    if (!taken.granted) {
      return fail({
        kind: 'invalid-request',
        message: `costs ${operation.cost} ${operation.budget} tokens but the bucket holds at most ${taken.capacity}`,
        attempts: attempt - 1,
      });
    }
    if (taken.waitedMs > 0) context.counters.recordThrottle(operation.budget, taken.waitedMs);
    const started = context.clock.now();
    const bucket = context.buckets[operation.budget];
    const outcome = await attemptOnce(context, operation, () => bucket.noteSent(taken.grantedAt, context.clock.now()));
    context.counters.recordRequest(operation.budget, outcome.ok ? outcome.status : outcome.error.status);
    context.events.emit('request', {
      operation: operation.name,
      attempt,
      ...(operation.clientOrderId === undefined ? {} : { clientOrderId: operation.clientOrderId }),
      durationMs: context.clock.now() - started,
      ...(outcome.ok ? { status: outcome.status } : { status: outcome.error.status, failure: outcome.error.kind }),
    });
    if (outcome.ok) return { ok: true, value: outcome.value, status: outcome.status, attempts: attempt };
    operation.onAttemptFailed?.({ kind: outcome.error.kind, status: outcome.error.status });

    const decision = decideRetry(outcome.failure, attempt, context.retryTable);
    if (decision.action === 'stop') {
      const result = fail({ ...outcome.error, attempts: attempt });
      if (decision.haltTrading && !result.ok) context.events.emit('unauthorized', result.error);
      return result;
    }
    context.counters.recordRetry();
    context.events.emit('retry', {
      operation: operation.name,
      attempt,
      delayMs: decision.delayMs,
      failure: outcome.error.kind,
      status: outcome.error.status,
      ...(operation.clientOrderId === undefined ? {} : { clientOrderId: operation.clientOrderId }),
    });
    await sleep(context.clock, decision.delayMs);
  }
}

async function attemptOnce<T>(context: ExecutorContext, operation: Operation<T>, onSending: () => void): Promise<AttemptOutcome<T>> {
  let response: AxiosResponse<unknown>;
  try {
    response = await operation.send({ timeout: context.timeoutMs, [SENDING_HOOK]: onSending } as RawAxiosRequestConfig);
  } catch (error) {
    return classifyThrown(error);
  }
  const { status } = response;
  if (status >= 200 && status < 300) {
    const parsed = operation.schema.safeParse(status === 204 ? null : response.data);
    if (parsed.success) return { ok: true, value: parsed.data, status };
    return {
      ok: false,
      failure: { kind: 'invalid-response' },
      error: {
        kind: 'invalid-response',
        status,
        message: `unexpected response body: ${parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
        details: parsed.error.issues.slice(0, 20),
      },
    };
  }
  const body = parseErrorBody(response.data, status);
  return { ok: false, failure: { kind: 'status', status }, error: { kind: statusKind(status), status, ...body } };
}

function statusKind(status: number): KalshiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  return 'http';
}

function classifyThrown(error: unknown): AttemptOutcome<never> {
  if (isAxiosError(error)) {
    const code = error.code ?? '';
    if (timeoutCodes.has(code)) {
      return { ok: false, failure: { kind: 'timeout' }, error: { kind: 'timeout', code, message: error.message } };
    }
    return { ok: false, failure: { kind: 'network' }, error: { kind: 'network', ...(code ? { code } : {}), message: error.message } };
  }
  // The SDK throws RequiredError for a missing mandatory parameter: the request itself is wrong.
  const message = error instanceof Error ? error.message || error.name : String(error);
  return { ok: false, failure: { kind: 'invalid-request' }, error: { kind: 'invalid-request', message } };
}
