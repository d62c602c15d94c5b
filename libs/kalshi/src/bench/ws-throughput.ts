/**
 * WebSocket throughput: the simulator emits `messages` order book deltas as fast as it can
 * (`POST /admin/firehose`) to one subscribed connection; the client parses and validates every
 * frame, tracks its sequence and applies it to the kept books (the cache's workload).
 *
 * The simulator runs as its own process (started and stopped here), so it emits while the client
 * parses. `simulatorFramesPerSecond` is the simulator's own count (its firehose reports how long
 * emitting took); `clientFramesPerSecond` runs from the first frame parsed to the last; end to end
 * runs from the request to the last frame parsed.
 */
import { z } from 'zod';
import { startSimulator, waitFor } from '../testing/simulator';
import { StreamBooks } from '../ws/books';
import { type StreamMessage, parseFrame } from '../ws/frames';

const FirehoseAnswer = z.object({ messages: z.number().int().nonnegative(), elapsedMs: z.number().nonnegative() });

export interface WsThroughputOptions {
  messages?: number;
  /** Markets subscribed on `orderbook_delta` (and spread across by the firehose). */
  markets?: number;
  seed?: number;
}

export interface WsThroughputResult {
  name: 'kalshi-ws-throughput';
  messages: number;
  markets: number;
  /** How long the simulator took to emit every frame (its own measurement). */
  simulatorSeconds: number;
  simulatorFramesPerSecond: number;
  /** Time from the first firehose frame parsed by the client to the last. */
  clientSeconds: number;
  clientFramesPerSecond: number;
  endToEndSeconds: number;
  endToEndFramesPerSecond: number;
  framesReceived: number;
  bytesReceived: number;
  bookUpdates: number;
  gaps: number;
  rejectedFrames: number;
  /**
   * The client's own ceiling, without the simulator: the received deltas replayed as text through
   * the same frame parser and book keeping in a tight loop, on one core.
   */
  replayFramesPerSecond: number;
}

const REPLAY_SAMPLE = 50_000;

/** Frames per second through parseFrame and StreamBooks alone (the snapshot each book needs first is not timed). */
function replay(sample: StreamMessage[]): number {
  if (sample.length === 0) return 0;
  const texts = sample.map((message) => JSON.stringify({ type: message.type, sid: message.sid, seq: message.seq, msg: message.msg }));
  const books = new StreamBooks();
  for (const ticker of new Set(sample.map((message) => (message.type === 'orderbook_delta' ? message.msg.market_ticker : '')))) {
    books.apply({ type: 'orderbook_snapshot', sid: 1, seq: 1, id: null, msg: { market_ticker: ticker, yes_dollars_fp: [], no_dollars_fp: [], legacy: false } });
  }
  const started = performance.now();
  for (const text of texts) {
    const parsed = parseFrame(text);
    if (parsed.kind === 'data') books.apply(parsed.message);
  }
  return Math.round(texts.length / (Math.max(performance.now() - started, 0.001) / 1000));
}

export async function runWsThroughputBenchmark(options: WsThroughputOptions = {}): Promise<WsThroughputResult> {
  const messages = options.messages ?? 200_000;
  const exchange = await startSimulator({ markets: 500, traders: false, seed: options.seed ?? 3, separateProcess: true });
  const stream = exchange.stream({ account: await exchange.newAccount(), heartbeatTimeoutMs: 120_000, commandTimeoutMs: 60_000 });
  try {
    const open = await exchange.client().getMarketsPage({ status: 'open', limit: options.markets ?? 20 });
    if (!open.ok) throw new Error(`cannot list markets: ${open.error.message}`);
    const tickers = open.value.markets.map((market) => market.ticker);

    const books = new StreamBooks();
    let firehoseFrames = 0;
    let firstAt = 0;
    let lastAt = 0;
    let bookUpdates = 0;
    const sample: StreamMessage[] = [];
    stream.events.on('message', (message) => {
      if (books.apply(message).kind === 'delta') bookUpdates += 1;
      if (message.type !== 'orderbook_delta') return;
      if (sample.length < REPLAY_SAMPLE) sample.push(message);
      firehoseFrames += 1;
      const now = performance.now();
      if (firstAt === 0) firstAt = now;
      lastAt = now;
    });
    if (!(await stream.connect())) throw new Error('cannot connect');
    const subscribed = await stream.subscribe('orderbook_delta', { marketTickers: tickers });
    if (!subscribed.ok) throw new Error(`cannot subscribe: ${subscribed.error.message}`);
    await waitFor(() => tickers.every((ticker) => !books.isStale(ticker)), 30_000);
    const before = stream.counters();

    const requestedAt = performance.now();
    const emitted = FirehoseAnswer.parse(await exchange.firehose({ messages, tickers }));
    await waitFor(() => firehoseFrames >= emitted.messages, 300_000, 5);
    const after = stream.counters();

    const seconds = (milliseconds: number) => Math.max(milliseconds, 0.001) / 1000;
    const simulatorSeconds = seconds(emitted.elapsedMs);
    const clientSeconds = seconds(lastAt - firstAt);
    const endToEndSeconds = seconds(lastAt - requestedAt);
    return {
      name: 'kalshi-ws-throughput',
      messages,
      markets: tickers.length,
      simulatorSeconds,
      simulatorFramesPerSecond: Math.round(emitted.messages / simulatorSeconds),
      clientSeconds,
      clientFramesPerSecond: Math.round(firehoseFrames / clientSeconds),
      endToEndSeconds,
      endToEndFramesPerSecond: Math.round(firehoseFrames / endToEndSeconds),
      framesReceived: after.framesReceived - before.framesReceived,
      bytesReceived: after.bytesReceived - before.bytesReceived,
      bookUpdates,
      gaps: after.gaps - before.gaps,
      rejectedFrames: Object.values(after.rejectedByReason).reduce((sum, count) => sum + (count ?? 0), 0),
      replayFramesPerSecond: replay(sample),
    };
  } finally {
    await stream.close();
    await exchange.stop();
  }
}
