import { DEFAULT_RETRY_TABLE, type FailureClass, type RetryDecision, decideRetry } from './retry-policy';

/** Every decision for one failure repeated until the policy stops. */
function decisions(failure: FailureClass): RetryDecision[] {
  const made: RetryDecision[] = [];
  for (let failedAttempts = 1; failedAttempts <= 20; failedAttempts += 1) {
    const decision = decideRetry(failure, failedAttempts);
    made.push(decision);
    if (decision.action === 'stop') break;
  }
  return made;
}

const delays = (made: RetryDecision[]): number[] => made.flatMap((decision) => (decision.action === 'retry' ? [decision.delayMs] : []));
const last = (made: RetryDecision[]): RetryDecision | undefined => made[made.length - 1];

describe('the retry table', () => {
  it('backs off a 429 after 100, 200, 400, 800 and 1600 ms, then gives up', () => {
    const made = decisions({ kind: 'status', status: 429 });
    expect(delays(made)).toEqual([100, 200, 400, 800, 1600]);
    expect(last(made)).toEqual({ action: 'stop', reason: 'retries-exhausted', haltTrading: false });
  });

  it('retries a 500 three times after 500 ms', () => {
    const made = decisions({ kind: 'status', status: 500 });
    expect(delays(made)).toEqual([500, 500, 500]);
    expect(last(made)).toMatchObject({ action: 'stop', reason: 'retries-exhausted' });
  });

  it('treats other 5xx answers like a 500', () => {
    expect(delays(decisions({ kind: 'status', status: 502 }))).toEqual([500, 500, 500]);
  });

  it('retries a 503 three times after 1000 ms', () => {
    expect(delays(decisions({ kind: 'status', status: 503 }))).toEqual([1000, 1000, 1000]);
  });

  it('retries a timeout three times after 250 ms', () => {
    expect(delays(decisions({ kind: 'timeout' }))).toEqual([250, 250, 250]);
  });

  it('retries a network failure like a timeout', () => {
    expect(delays(decisions({ kind: 'network' }))).toEqual([250, 250, 250]);
  });

  it.each([400, 403, 404, 409])('does not retry a %i', (status) => {
    expect(decisions({ kind: 'status', status })).toEqual([{ action: 'stop', reason: 'not-retryable', haltTrading: false }]);
  });

  it('does not retry a 401 and asks for trading to halt', () => {
    expect(decisions({ kind: 'status', status: 401 })).toEqual([{ action: 'stop', reason: 'not-retryable', haltTrading: true }]);
  });

  it('does not retry a body that failed validation', () => {
    expect(decisions({ kind: 'invalid-response' })).toEqual([{ action: 'stop', reason: 'not-retryable', haltTrading: false }]);
  });

  it('follows a custom table', () => {
    const table = { ...DEFAULT_RETRY_TABLE, rateLimitedDelaysMs: [5], timeout: { delayMs: 7, retries: 1 } };
    expect(decideRetry({ kind: 'status', status: 429 }, 1, table)).toEqual({ action: 'retry', delayMs: 5 });
    expect(decideRetry({ kind: 'status', status: 429 }, 2, table)).toMatchObject({ action: 'stop' });
    expect(decideRetry({ kind: 'timeout' }, 2, table)).toMatchObject({ action: 'stop' });
  });
});
