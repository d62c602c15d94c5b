/**
 * Failures as values. Every REST call returns a KalshiResult: either the validated body or a
 * KalshiError that says what went wrong, with the exchange's own error code when it sent one and
 * the number of attempts made. Nothing in the request path throws for an expected failure.
 */
import { z } from 'zod';

export type KalshiErrorKind =
  /** A non-2xx answer that is not one of the kinds below (400, 403, 404, 409, 5xx after retries, ...). */
  | 'http'
  /** 401: the key or signature was refused. Trading must halt. */
  | 'unauthorized'
  /** 429 after every back-off of the retry table. */
  | 'rate-limited'
  /** No answer within the client timeout (after retries). */
  | 'timeout'
  /** The connection failed (refused, reset, DNS) after retries. */
  | 'network'
  /** The exchange answered 2xx but the body did not match the expected shape. */
  | 'invalid-response'
  /** Refused before sending: the request can never succeed as asked (for example its cost exceeds the bucket). */
  | 'invalid-request'
  /** A signed endpoint was called on a client without a key. */
  | 'not-configured';

export interface KalshiError {
  kind: KalshiErrorKind;
  /** The client operation, e.g. `createOrder`. */
  operation: string;
  status?: number;
  /** Kalshi's error code (`invalid_order`, `authentication_error`, ...). */
  code?: string;
  message: string;
  details?: unknown;
  /** Requests sent, including the first. */
  attempts: number;
  /** For order entry: the client_order_id every attempt carried (generated when the caller gave none). */
  clientOrderId?: string;
}

export type KalshiResult<T> =
  | { ok: true; value: T; status: number; attempts: number }
  | { ok: false; error: KalshiError };

/** Thrown only by async iterators, which cannot return a result; carries the same KalshiError. */
export class KalshiFailure extends Error {
  override readonly name = 'KalshiFailure';
  constructor(readonly error: KalshiError) {
    super(`${error.operation}: ${error.kind}${error.status ? ` ${error.status}` : ''}${error.code ? ` ${error.code}` : ''}: ${error.message}`);
  }
}

const WrappedErrorBody = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    details: z.unknown().optional(),
    service: z.string().optional(),
  }),
});
const StringErrorBody = z.object({ error: z.string() });
const BareErrorBody = z.object({ code: z.string(), message: z.string().optional(), details: z.unknown().optional() });

export interface ParsedErrorBody {
  code?: string;
  message: string;
  details?: unknown;
}

/**
 * Read an error body the ways Kalshi sends it: `{"error":{code,message,details}}` (most errors),
 * `{"error":"too many requests"}` (429, where the code is derived from the text), or a bare
 * `{code,message}` as the OpenAPI schema declares it. Anything else becomes a plain message.
 */
export function parseErrorBody(body: unknown, status: number): ParsedErrorBody {
  const text = typeof body === 'string' ? body : undefined;
  let value: unknown = body;
  if (text !== undefined) {
    try {
      value = JSON.parse(text);
    } catch {
      return { message: text.trim().slice(0, 300) || `HTTP ${status}` };
    }
  }
  const wrapped = WrappedErrorBody.safeParse(value);
  if (wrapped.success) {
    const { code, message, details } = wrapped.data.error;
    return withoutUndefined({ code, message: message ?? code ?? `HTTP ${status}`, details });
  }
  const plain = StringErrorBody.safeParse(value);
  if (plain.success) {
    const code = plain.data.error.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_');
    return { code, message: plain.data.error };
  }
  const bare = BareErrorBody.safeParse(value);
  if (bare.success) return withoutUndefined({ code: bare.data.code, message: bare.data.message ?? bare.data.code, details: bare.data.details });
  return { message: `HTTP ${status}`, details: value };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
