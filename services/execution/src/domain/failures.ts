/**
 * What a failed order attempt means, as pure functions of the Kalshi client's error: whether the
 * order may have reached the exchange anyway, how the retry table sees it, and — once retrying
 * stops — whether the order was refused (`order.rejected`) or could not be placed
 * (`order.failed`), with which stable code.
 */
import type { DenialCode } from '@polly/contracts';
import type { FailureClass, KalshiError } from '@polly/kalshi';

export function failureClassOf(error: KalshiError): FailureClass {
  switch (error.kind) {
    case 'timeout':
      return { kind: 'timeout' };
    case 'network':
      return { kind: 'network' };
    case 'invalid-response':
      return { kind: 'invalid-response' };
    case 'invalid-request':
    case 'not-configured':
      return { kind: 'invalid-request' };
    default:
      return error.status === undefined ? { kind: 'network' } : { kind: 'status', status: error.status };
  }
}

/**
 * True when an attempt may have created the order although no success came back: no answer
 * (timeout, dropped connection), a server error after the request was read, or a 2xx whose body
 * we could not read.
 */
export function mayHaveLanded(error: KalshiError): boolean {
  if (error.kind === 'timeout' || error.kind === 'network' || error.kind === 'invalid-response') return true;
  return error.status !== undefined && error.status >= 500;
}

export interface FinalFailure {
  event: 'rejected' | 'failed';
  code: DenialCode;
  message: string;
  exchangeCode: string | null;
  /** A 401: the key was refused and trading must halt. */
  haltTrading: boolean;
}

/** Kalshi's own codes that have a stable code of ours. */
const exchangeCodes: Record<string, DenialCode> = {
  market_not_found: 'MARKET_UNKNOWN',
  market_closed: 'MARKET_NOT_OPEN',
  invalid_price: 'INVALID_PRICE',
  invalid_order_size: 'INVALID_COUNT',
  order_already_exists: 'DUPLICATE_CLIENT_ORDER_ID',
};

/** The outcome of an order whose last attempt failed with `error` and will not be retried. */
export function finalFailure(error: KalshiError): FinalFailure {
  const exchangeCode = error.code ?? null;
  const described = `${error.message}${error.status === undefined ? '' : ` (HTTP ${error.status})`} after ${error.attempts} attempt(s)`;
  const failed = (code: DenialCode): FinalFailure => ({ event: 'failed', code, message: described, exchangeCode, haltTrading: false });
  const rejected = (code: DenialCode, haltTrading = false): FinalFailure => ({ event: 'rejected', code, message: described, exchangeCode, haltTrading });
  switch (error.kind) {
    case 'unauthorized':
      return rejected('UNAUTHORIZED', true);
    case 'rate-limited':
      return failed('RATE_LIMITED_RETRIES_EXHAUSTED');
    case 'timeout':
    case 'network':
      return failed('TIMEOUT_RETRIES_EXHAUSTED');
    case 'invalid-response':
      return failed('SERVER_ERROR_RETRIES_EXHAUSTED');
    case 'not-configured':
      return rejected('KEYS_NOT_LOADED');
    case 'invalid-request':
      return rejected('EXCHANGE_REJECTED');
    case 'http': {
      if (error.status === 401) return rejected('UNAUTHORIZED', true);
      if (error.status === 429) return failed('RATE_LIMITED_RETRIES_EXHAUSTED');
      if (error.status !== undefined && error.status >= 500) return failed('SERVER_ERROR_RETRIES_EXHAUSTED');
      const known = exchangeCode === null ? undefined : exchangeCodes[exchangeCode];
      if (known) return rejected(known);
      return rejected(error.status === 404 ? 'NOT_FOUND' : 'EXCHANGE_REJECTED');
    }
  }
}
