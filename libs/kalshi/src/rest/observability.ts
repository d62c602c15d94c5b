/**
 * What the REST client tells the outside world: typed events (for logs, metrics and the halt
 * signal) and counters that a metrics endpoint can read at any time.
 */
import { EventEmitter } from 'node:events';
import type { KalshiError, KalshiErrorKind } from '../errors';
import type { Budget } from './executor';

export interface RequestEvent {
  operation: string;
  attempt: number;
  durationMs: number;
  status?: number | undefined;
  failure?: KalshiErrorKind | undefined;
  clientOrderId?: string;
}

export interface RetryEvent {
  operation: string;
  /** The attempt that failed (1 = the first request). */
  attempt: number;
  delayMs: number;
  failure: KalshiErrorKind;
  status?: number | undefined;
  clientOrderId?: string;
}

export interface RestEventMap {
  /** Every request sent, with its outcome. */
  request: [RequestEvent];
  /** A failed attempt that will be retried after `delayMs`. */
  retry: [RetryEvent];
  /** The exchange refused the credentials (401): callers must halt trading. */
  unauthorized: [KalshiError];
}

export class RestEvents extends EventEmitter<RestEventMap> {}

export interface RestCountersSnapshot {
  requests: Record<Budget, number>;
  responsesByStatus: Record<string, number>;
  retries: number;
  failuresByKind: Partial<Record<KalshiErrorKind, number>>;
  throttledRequests: Record<Budget, number>;
  throttledMs: Record<Budget, number>;
}

export class RestCounters {
  private readonly state: RestCountersSnapshot = {
    requests: { read: 0, write: 0 },
    responsesByStatus: {},
    retries: 0,
    failuresByKind: {},
    throttledRequests: { read: 0, write: 0 },
    throttledMs: { read: 0, write: 0 },
  };

  recordRequest(budget: Budget, status: number | undefined): void {
    this.state.requests[budget] += 1;
    const key = status === undefined ? 'none' : String(status);
    this.state.responsesByStatus[key] = (this.state.responsesByStatus[key] ?? 0) + 1;
  }

  recordRetry(): void {
    this.state.retries += 1;
  }

  recordFailure(kind: KalshiErrorKind): void {
    this.state.failuresByKind[kind] = (this.state.failuresByKind[kind] ?? 0) + 1;
  }

  recordThrottle(budget: Budget, waitedMs: number): void {
    this.state.throttledRequests[budget] += 1;
    this.state.throttledMs[budget] += waitedMs;
  }

  snapshot(): RestCountersSnapshot {
    return structuredClone(this.state);
  }
}
