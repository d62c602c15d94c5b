/**
 * The retry table of the product requirements, as a pure decision: given what went wrong and how
 * many attempts have failed, retry after a delay or stop.
 *
 * | failure            | decision                                             |
 * |--------------------|------------------------------------------------------|
 * | 429                | retry after 100, 200, 400, 800, 1600 ms, then stop   |
 * | 500 (and other 5xx)| retry after 500 ms, 3 times                          |
 * | 503                | retry after 1000 ms, 3 times                         |
 * | timeout            | retry after 250 ms, 3 times                          |
 * | network failure    | retry after 250 ms, 3 times (like a timeout: no answer arrived) |
 * | 401                | stop; halt trading                                   |
 * | 400, 404, other 4xx| stop                                                 |
 */

export type FailureClass =
  | { kind: 'status'; status: number }
  | { kind: 'timeout' }
  | { kind: 'network' }
  | { kind: 'invalid-response' }
  | { kind: 'invalid-request' };

export interface FixedRetry {
  delayMs: number;
  retries: number;
}

export interface RetryTable {
  /** Delays before each retry of a 429; its length is the number of retries. */
  rateLimitedDelaysMs: number[];
  serverError: FixedRetry;
  unavailable: FixedRetry;
  timeout: FixedRetry;
  network: FixedRetry;
}

export const DEFAULT_RETRY_TABLE: RetryTable = {
  rateLimitedDelaysMs: [100, 200, 400, 800, 1600],
  serverError: { delayMs: 500, retries: 3 },
  unavailable: { delayMs: 1000, retries: 3 },
  timeout: { delayMs: 250, retries: 3 },
  network: { delayMs: 250, retries: 3 },
};

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'stop'; reason: 'not-retryable' | 'retries-exhausted'; haltTrading: boolean };

const stop = (reason: 'not-retryable' | 'retries-exhausted', haltTrading = false): RetryDecision => ({ action: 'stop', reason, haltTrading });

function fixed(rule: FixedRetry, failedAttempts: number): RetryDecision {
  return failedAttempts <= rule.retries ? { action: 'retry', delayMs: rule.delayMs } : stop('retries-exhausted');
}

/**
 * Decide what to do after `failedAttempts` attempts (1 = the first request failed) all failed,
 * the last one with `failure`.
 */
export function decideRetry(failure: FailureClass, failedAttempts: number, table: RetryTable = DEFAULT_RETRY_TABLE): RetryDecision {
  switch (failure.kind) {
    case 'timeout':
      return fixed(table.timeout, failedAttempts);
    case 'network':
      return fixed(table.network, failedAttempts);
    case 'invalid-response':
    case 'invalid-request':
      return stop('not-retryable');
    case 'status': {
      const { status } = failure;
      if (status === 401) return stop('not-retryable', true);
      if (status === 429) {
        const delayMs = table.rateLimitedDelaysMs[failedAttempts - 1];
        return delayMs === undefined ? stop('retries-exhausted') : { action: 'retry', delayMs };
      }
      if (status === 503) return fixed(table.unavailable, failedAttempts);
      if (status >= 500 && status <= 599) return fixed(table.serverError, failedAttempts);
      return stop('not-retryable');
    }
  }
}
