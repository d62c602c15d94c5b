import { type AnyEvent, parseEvent } from '@polly/contracts';
import { parseFrame } from '@polly/kalshi';
import { marketDataCoalescing, reportCount } from './market-data-batches';
import { type PublishableEvent, normalize } from './normalize';
import { PublishQueue } from './publish-queue';

const CONNECTION = '3b0d7c1e-55aa-4b7e-9d7e-0f6d1c2b3a4e';
const A = 'KXBTCD-26JUL2217-T72749.99';
const B = 'KXBTCD-26JUL2217-T73249.99';

function event(frame: Record<string, unknown>, connectionId = CONNECTION): PublishableEvent {
  const parsed = parseFrame(JSON.stringify(frame));
  if (parsed.kind !== 'data') throw new Error('not a data frame');
  const normalized = normalize(parsed.message, { environment: 'demo', connectionId, frameNumber: 1, receivedAt: `2026-07-22T17:15:00.${String(frame.seq ?? 0).padStart(3, '0')}Z` });
  if (normalized.kind !== 'event') throw new Error('not published');
  return normalized.event;
}

const delta = (seq: number, ticker = A, options: { sid?: number; connectionId?: string } = {}) =>
  event({ type: 'orderbook_delta', sid: options.sid ?? 2, seq, msg: { market_ticker: ticker, price_dollars: '0.4100', delta_fp: `${seq}.00`, side: 'yes', ts_ms: 1_784_000_000_000 + seq } }, options.connectionId);
const snapshot = (seq: number, ticker = A) => event({ type: 'orderbook_snapshot', sid: 2, seq, msg: { market_ticker: ticker, yes_dollars_fp: [['0.4100', '5.00']] } });
const ticker = (frameNumber: number, market = A, lastPrice = '0.4100') =>
  event({ type: 'ticker', sid: 5, seq: null, msg: { market_ticker: market, price_dollars: lastPrice, yes_bid_dollars: '0.4000', yes_ask_dollars: '0.4200', volume_fp: `${frameNumber}.00`, open_interest_fp: '10.00', ts: 1_784_000_000 + frameNumber } });
const trade = (ticker = A) => event({ type: 'trade', sid: 9, seq: null, msg: { trade_id: 't-1', market_ticker: ticker, yes_price_dollars: '0.4100', no_price_dollars: '0.5900', count_fp: '1.00', taker_side: 'yes', ts: 1_784_000_000 } });

/** A queue whose publishes wait until released, with the delta rules; what it published, in order. */
function blockedQueue(maximumDeltas = 250) {
  const sent: PublishableEvent[] = [];
  const releases: Array<() => void> = [];
  const queue = new PublishQueue<PublishableEvent>({
    capacity: 1000,
    concurrency: 1,
    publish: (item) => {
      sent.push(structuredClone(item));
      return new Promise<void>((resolve) => releases.push(resolve));
    },
    isPermanent: () => true,
    coalescing: marketDataCoalescing(maximumDeltas),
  });
  const drain = async () => {
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { queue, sent, drain };
}

const describeSent = (sent: readonly PublishableEvent[]) =>
  sent.map((item) => (item.type === 'ticker.updates' ? `tickers ${(item.data as { marketTicker: string }).marketTicker.slice(-9)} ${(item.data as { updates: Array<{ volume: string }> }).updates.map((one) => one.volume).join(',')}` : item.type === 'book.deltas' ? `deltas ${(item.data as { marketTicker: string }).marketTicker.slice(-9)} ${(item.data as { deltas: Array<{ seq: number }> }).deltas.map((one) => one.seq).join(',')}` : `${item.type} ${(item.data as { marketTicker?: string }).marketTicker?.slice(-9) ?? ''}`.trim()));

describe('joining waiting book deltas', () => {
  it('publishes each delta alone while the queue keeps up', async () => {
    const { queue, sent, drain } = blockedQueue();
    queue.push(delta(1));
    await drain();
    queue.push(delta(2));
    await drain();
    expect(describeSent(sent)).toEqual(['book.delta T72749.99', 'book.delta T72749.99']);
    expect(queue.stats().joined).toBe(0);
  });

  it('joins the deltas of one market that wait, keeping each market in arrival order', async () => {
    const { queue, sent, drain } = blockedQueue();
    queue.push(delta(1)); // in flight at once
    for (const [seq, ticker] of [[2, A], [3, B], [4, A], [5, B], [6, A]] as const) queue.push(delta(seq, ticker));
    expect(queue.depth).toBe(5);
    await drain();
    expect(describeSent(sent)).toEqual(['book.delta T72749.99', 'deltas T72749.99 2,4,6', 'deltas T73249.99 3,5']);
    expect(queue.stats()).toMatchObject({ joined: 3, published: 3, depth: 0 });
  });

  it('never lets a delta overtake another event of its market, nor an event of no market', async () => {
    const { queue, sent, drain } = blockedQueue();
    queue.push(delta(1));
    queue.push(delta(2));
    queue.push(snapshot(3));
    queue.push(delta(4));
    queue.push(delta(5, B));
    queue.push(trade(B));
    queue.push(delta(6, B));
    queue.push(delta(7));
    queue.push({ ...trade(A), type: 'connection.changed', data: { connectionId: CONNECTION } } as unknown as PublishableEvent);
    queue.push(delta(8));
    queue.push(delta(9));
    await drain();
    expect(describeSent(sent)).toEqual([
      'book.delta T72749.99',
      'book.delta T72749.99',
      'book.snapshot T72749.99',
      'deltas T72749.99 4,7',
      'book.delta T73249.99',
      'trade.executed T73249.99',
      'book.delta T73249.99',
      'connection.changed',
      'deltas T72749.99 8,9',
    ]);
  });

  it('joins ticker reports of a market on their own, beside its deltas, and keeps them behind its trades', async () => {
    const { queue, sent, drain } = blockedQueue();
    queue.push(delta(1));
    queue.push(delta(2));
    queue.push(ticker(1));
    queue.push(delta(3));
    queue.push(ticker(2));
    queue.push(ticker(3, B));
    queue.push({ ...ticker(9), type: 'index.updated', data: { indexId: 'BRTI' } } as unknown as PublishableEvent);
    queue.push(ticker(4, B));
    queue.push(trade());
    queue.push(ticker(5));
    queue.push(delta(4));
    await drain();
    expect(describeSent(sent)).toEqual([
      'book.delta T72749.99',
      'deltas T72749.99 2,3',
      'tickers T72749.99 1.00,2.00',
      'tickers T73249.99 3.00,4.00',
      'index.updated',
      'trade.executed T72749.99',
      'ticker.updated T72749.99',
      'book.delta T72749.99',
    ]);
    const batch = sent[2] as AnyEvent;
    expect(parseEvent(batch).ok).toBe(true);
    expect(batch.id).toMatch(/^md:demo:tickers:.+:f1:n2$/);
    expect(reportCount(batch as PublishableEvent)).toBe(2);
  });

  it('starts a new batch for another subscription or connection, and when a batch is full', async () => {
    const { queue, sent, drain } = blockedQueue(3);
    queue.push(delta(1));
    for (const seq of [2, 3, 4, 5]) queue.push(delta(seq));
    queue.push(delta(6, A, { sid: 7 }));
    queue.push(delta(7, A, { sid: 7 }));
    queue.push(delta(8, A, { sid: 7, connectionId: '9f0d7c1e-55aa-4b7e-9d7e-0f6d1c2b3a4e' }));
    await drain();
    expect(describeSent(sent)).toEqual(['book.delta T72749.99', 'deltas T72749.99 2,3,4', 'book.delta T72749.99', 'deltas T72749.99 6,7', 'book.delta T72749.99']);
  });

  it('never joins a delta without a sequence number (a batch is named by its first and last)', async () => {
    const { queue, sent, drain } = blockedQueue();
    const unsequenced = (seq: number) => ({ ...delta(seq), data: { ...(delta(seq).data as object), seq: null } }) as PublishableEvent;
    queue.push(delta(1));
    queue.push(delta(2));
    queue.push(unsequenced(3));
    queue.push(unsequenced(4));
    queue.push(delta(5));
    await drain();
    // Each unsequenced delta is published alone, and a later delta does not jump over it.
    expect(sent.map((item) => `${item.type} ${String((item.data as { seq: number | null }).seq)}`)).toEqual(['book.delta 1', 'book.delta 2', 'book.delta null', 'book.delta null', 'book.delta 5']);
  });

  it('joins nothing when batches hold one delta', async () => {
    const { queue, sent, drain } = blockedQueue(1);
    for (const seq of [1, 2, 3]) queue.push(delta(seq));
    await drain();
    expect(sent.map((item) => item.type)).toEqual(['book.delta', 'book.delta', 'book.delta']);
  });

  it('builds a valid book.deltas with an id from its first and last sequence numbers', async () => {
    const { queue, sent, drain } = blockedQueue();
    queue.push(delta(1));
    for (const seq of [12, 13, 14]) queue.push(delta(seq));
    await drain();
    const batch = sent[1] as AnyEvent;
    const parsed = parseEvent(batch);
    expect(parsed.ok).toBe(true);
    expect(batch.id).toBe(`md:demo:${CONNECTION}:2:12-14`);
    expect(batch.correlationId).toBe(batch.id);
    expect(batch.occurredAt).toBe(new Date(1_784_000_000_012).toISOString());
    expect(batch.data).toEqual({
      connectionId: CONNECTION,
      sid: 2,
      marketTicker: A,
      deltas: [12, 13, 14].map((seq) => ({ seq, side: 'yes', price: '0.4100', delta: `${seq}.00`, exchangeTimestampMs: 1_784_000_000_000 + seq, clientOrderId: null })),
      receivedAt: '2026-07-22T17:15:00.012Z',
      lastReceivedAt: '2026-07-22T17:15:00.014Z',
    });
    expect(reportCount(batch as PublishableEvent)).toBe(3);
    expect(reportCount(sent[0] as PublishableEvent)).toBe(1);
  });

  it('refuses a batch size the contract does not allow', () => {
    expect(() => marketDataCoalescing(0)).toThrow(/1 to 1000 reports/);
    expect(() => marketDataCoalescing(1001)).toThrow(/1 to 1000 reports/);
  });
});
