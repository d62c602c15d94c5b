import { BalanceUpdated, type DeadLetter, STREAMS, createEvent } from '@polly/contracts';
import { type TestBus, createTestBus, eventually } from '@polly/testing';
import { InvalidEventError } from './publisher';

const balance = (amount: string, id?: string) =>
  createEvent(BalanceUpdated, 'demo', { balance: amount, portfolioValue: null, source: 'paper' }, { source: 'test', ...(id ? { id } : {}) });

describe('the bus', () => {
  let bus: TestBus;
  beforeEach(async () => {
    bus = await createTestBus();
  });
  afterEach(async () => {
    await bus.dispose();
  });

  it('publishes a validated event on its subject and drops a republish with the same id', async () => {
    const event = balance('12.3400', 'balance-1');
    const first = await bus.publish(event);
    const second = await bus.publish(event);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(await bus.lastSequence('TRADING')).toBe(1);
    const items = [];
    for await (const item of bus.read({ stream: 'TRADING' })) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ valid: true, subject: 'trading.demo.balance.updated', event: { id: 'balance-1', data: { balance: '12.3400' } } });
  });

  it('refuses to publish an event whose data does not match its schema', async () => {
    const bad = { ...balance('1.0000'), data: { balance: 1.5, portfolioValue: null, source: 'paper' } };
    await expect(bus.publish(bad as never)).rejects.toThrow(InvalidEventError);
  });

  it('moves invalid messages to the dead-letter subject with a reason and keeps consuming', async () => {
    const encoder = new TextEncoder();
    await bus.publish(balance('1.0000'));
    await bus.jetstream.publish(bus.subject('trading.demo.balance.updated'), encoder.encode('{not json'));
    await bus.jetstream.publish(bus.subject('trading.demo.mystery'), encoder.encode(JSON.stringify({ ...balance('2.0000'), type: 'mystery.happened' })));
    await bus.publish(balance('3.0000'));

    const seen: string[] = [];
    const deadLetters: string[] = [];
    const abort = new AbortController();
    const running = bus.consume({
      stream: 'TRADING',
      durable: 'balance-reader',
      signal: abort.signal,
      onDeadLetter: (reason) => deadLetters.push(reason),
      handle: async ({ event }) => {
        if (event.type === 'balance.updated') seen.push(event.data.balance);
      },
    });
    await eventually(async () => seen.length === 2 && deadLetters.length === 2, { what: 'both valid events and two dead letters' });
    abort.abort();
    await running;

    expect(seen).toEqual(['1.0000', '3.0000']);
    const stored: DeadLetter[] = [];
    const decoder = new TextDecoder();
    const stream = await bus.jetstream.consumers.get(bus.stream('DEAD_LETTER'));
    const batch = await stream.fetch({ max_messages: 10, expires: 1000 });
    for await (const message of batch) stored.push(JSON.parse(decoder.decode(message.data)));
    expect(stored.map((letter) => letter.reason)).toEqual([expect.stringMatching(/^not JSON/), 'unknown event type "mystery.happened"']);
    expect(stored[0]).toMatchObject({ stream: bus.stream('TRADING'), consumer: 'balance-reader', payload: '{not json' });
    expect(STREAMS.DEAD_LETTER.prefix).toBe('deadletter');
  });

  it('redelivers after a handler failure and acknowledges once it succeeds', async () => {
    await bus.publish(balance('5.0000'));
    let attempts = 0;
    const abort = new AbortController();
    const running = bus.consume({
      stream: 'TRADING',
      durable: 'flaky',
      signal: abort.signal,
      handle: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('database briefly unavailable');
      },
    });
    await eventually(async () => attempts >= 2, { timeoutMs: 8000, what: 'a redelivery' });
    abort.abort();
    await running;
    const info = await eventually(
      async () => {
        const current = await bus.manager.consumers.info(bus.stream('TRADING'), 'flaky');
        return current.num_ack_pending === 0 && current;
      },
      { what: 'the acknowledgement to reach the server' },
    );
    expect(info.delivered.stream_seq).toBe(1);
    expect(attempts).toBe(2);
  });

  it('reads nothing, at once, when no stored message matches the filter', async () => {
    await bus.publish(balance('1.0000'));
    const items = [];
    for await (const item of bus.read({ stream: 'TRADING', filterSubject: 'trading.live.>' })) items.push(item);
    expect(items).toEqual([]);
  });

  it('reads history up to a sequence, then follows from the next one without missing or repeating', async () => {
    for (const amount of ['1.0000', '2.0000', '3.0000']) await bus.publish(balance(amount));
    const last = await bus.lastSequence('TRADING');
    const seen: string[] = [];
    for await (const item of bus.read({ stream: 'TRADING', filterSubject: 'trading.demo.balance.updated', endSequence: last })) {
      if (item.valid && item.event.type === 'balance.updated') seen.push(item.event.data.balance);
    }
    const abort = new AbortController();
    const following = bus.follow({
      stream: 'TRADING',
      filterSubject: 'trading.demo.balance.updated',
      startSequence: last + 1,
      signal: abort.signal,
      onEvent: ({ event }) => {
        if (event.type === 'balance.updated') seen.push(event.data.balance);
      },
    });
    await bus.publish(balance('4.0000'));
    await bus.publish(balance('5.0000'));
    await eventually(async () => seen.length === 5, { what: 'the followed events' });
    abort.abort();
    await following;
    expect(seen).toEqual(['1.0000', '2.0000', '3.0000', '4.0000', '5.0000']);
  });
});
