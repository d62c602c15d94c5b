/**
 * The request loop with scripted answers in place of the network and a hand-driven clock: which
 * attempts are made, how long it waits between them, what each attempt costs, what it reports.
 */
import type { AxiosResponse } from 'axios';
import { AxiosError } from 'axios';
import { z } from 'zod';
import { ManualClock } from '../clock';
import type { KalshiError } from '../errors';
import { DEFAULT_RETRY_TABLE } from '../retry-policy';
import { TokenBucket } from '../token-bucket';
import { type ExecutorContext, execute } from './executor';
import { RestCounters, RestEvents } from './observability';

type Answer = { status: number; data: unknown } | { throws: unknown };

function harness(answers: Answer[], hasCredentials = true) {
  const clock = new ManualClock();
  const context: ExecutorContext = {
    clock,
    buckets: {
      read: new TokenBucket({ capacity: 100, refillPerSecond: 100 }, clock),
      write: new TokenBucket({ capacity: 100, refillPerSecond: 100 }, clock),
    },
    retryTable: DEFAULT_RETRY_TABLE,
    timeoutMs: 1000,
    hasCredentials,
    events: new RestEvents(),
    counters: new RestCounters(),
  };
  const sentAt: number[] = [];
  const send = async () => {
    sentAt.push(clock.now() - 1_767_225_600_000);
    const answer = answers.shift() ?? { status: 200, data: { value: 'late' } };
    if ('throws' in answer) throw answer.throws;
    return { status: answer.status, data: answer.data } as AxiosResponse<unknown>;
  };
  const run = (budget: 'read' | 'write' = 'write') =>
    execute(context, { name: 'probe', budget, cost: 10, signed: true, send, schema: z.object({ value: z.string() }) });
  return { clock, context, sentAt, run };
}

describe('the request loop', () => {
  it('retries a 429 three times on the table delays, paying tokens for each attempt', async () => {
    const { clock, context, sentAt, run } = harness([
      { status: 429, data: { error: 'too many requests' } },
      { status: 429, data: { error: 'too many requests' } },
      { status: 429, data: { error: 'too many requests' } },
      { status: 201, data: { value: 'placed' } },
    ]);
    const result = run();
    await clock.advance(1_000);
    await expect(result).resolves.toEqual({ ok: true, value: { value: 'placed' }, status: 201, attempts: 4 });
    expect(sentAt).toEqual([0, 100, 300, 700]);
    expect(context.counters.snapshot()).toMatchObject({ retries: 3, requests: { write: 4, read: 0 }, responsesByStatus: { '429': 3, '201': 1 } });
  });

  it('stops after the last 429 delay with the attempt count and the derived code', async () => {
    const { clock, sentAt, run } = harness(Array.from({ length: 10 }, () => ({ status: 429, data: { error: 'too many requests' } })));
    const result = run();
    await clock.advance(5_000);
    await expect(result).resolves.toMatchObject({ ok: false, error: { kind: 'rate-limited', status: 429, code: 'too_many_requests', attempts: 6 } });
    expect(sentAt).toEqual([0, 100, 300, 700, 1500, 3100]);
  });

  it('classifies axios timeouts and connection failures', async () => {
    const timeout = new AxiosError('timeout of 1000ms exceeded', 'ETIMEDOUT');
    const refused = new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED');
    const { clock, sentAt, run } = harness([{ throws: timeout }, { throws: refused }, { throws: timeout }, { throws: timeout }]);
    const result = run();
    await clock.advance(2_000);
    await expect(result).resolves.toMatchObject({ ok: false, error: { kind: 'timeout', attempts: 4 } });
    expect(sentAt).toEqual([0, 250, 500, 750]);
  });

  it('raises the unauthorized signal once on a 401 and does not retry', async () => {
    const { clock, context, sentAt, run } = harness([
      { status: 401, data: { error: { code: 'authentication_error', message: 'authentication_error', details: 'INCORRECT_API_KEY_SIGNATURE' } } },
    ]);
    const raised: KalshiError[] = [];
    context.events.on('unauthorized', (error) => raised.push(error));
    const result = run('read');
    await clock.advance(10);
    await expect(result).resolves.toMatchObject({ ok: false, error: { kind: 'unauthorized', code: 'authentication_error', attempts: 1 } });
    expect(raised).toHaveLength(1);
    expect(sentAt).toEqual([0]);
  });

  it('reports a 2xx body that does not match the schema, without retrying', async () => {
    const { clock, run } = harness([{ status: 200, data: { value: 42 } }]);
    const result = run();
    await clock.advance(10);
    await expect(result).resolves.toMatchObject({ ok: false, error: { kind: 'invalid-response', status: 200, attempts: 1 } });
  });

  it('refuses a signed call without credentials before spending anything', async () => {
    const { context, sentAt, run } = harness([], false);
    await expect(run()).resolves.toMatchObject({ ok: false, error: { kind: 'not-configured', attempts: 0 } });
    expect(sentAt).toEqual([]);
    expect(context.buckets.write.available()).toBe(100);
  });

  it('waits for tokens before sending', async () => {
    const { clock, context, sentAt, run } = harness([]);
    context.buckets.write.tryTake(100);
    const result = run();
    await clock.advance(200);
    await expect(result).resolves.toMatchObject({ ok: true });
    expect(sentAt).toEqual([100]);
    expect(context.counters.snapshot().throttledMs.write).toBe(100);
  });
});
