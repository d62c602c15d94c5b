/**
 * Sustained market-data throughput end to end: the exchange simulator's firehose sends book
 * deltas as fast as it can over its WebSocket → ingest (its own process) validates, normalises
 * and publishes them to JetStream → the cache (its own process) folds them and writes market
 * state to KV. The rate is deltas folded by the cache per second, from the firehose request until
 * the last delta is folded and every write it caused is stored. Raw JetStream publish throughput
 * is measured on the same server in the same run, for scale.
 */
import { randomBytes } from 'node:crypto';
import { type Bus, connectBus } from '@polly/bus';
import { marketStateKey } from '@polly/cache';
import { BookDeltaReceived, MarketState, SubscriptionPlanUpdated, createEvent, marketStateBucket } from '@polly/contracts';
import {
  disposeNamespace,
  histogramQuantile,
  loadAverage,
  metricSum,
  startServiceProcess,
  startSimulatorProcess,
  until,
} from './market-data-support';
import type { Benchmark } from './types';

const IN_FLIGHT = 512;

/** Publish `messages` copies of a real book.delta envelope (new msgID each), `IN_FLIGHT` at a time. */
async function rawPublishRate(bus: Bus, messages: number): Promise<{ rate: number; bytes: number }> {
  const sample = createEvent(
    BookDeltaReceived,
    'demo',
    {
      connectionId: '3b0d7c1e-55aa-4b7e-9d7e-0f6d1c2b3a4e',
      sid: 2,
      seq: 1,
      marketTicker: 'KXBTCD-26JUL2217-T72749.99',
      side: 'yes',
      price: '0.0100',
      delta: '1.00',
      exchangeTimestampMs: Date.now(),
      clientOrderId: null,
      receivedAt: new Date().toISOString(),
    },
    { source: 'ingest' },
  );
  const payload = new TextEncoder().encode(JSON.stringify(sample));
  const subject = bus.subject('system.demo.bench.raw');
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < messages) {
      const index = next;
      next += 1;
      await bus.jetstream.publish(subject, payload, { msgID: `raw-${index}` });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { rate: messages / ((performance.now() - started) / 1000), bytes: payload.length };
}

export const marketDataThroughput: Benchmark = {
  name: 'market-data-throughput',
  title: 'Market data throughput end to end',
  description:
    'The simulator firehose (POST /admin/firehose: one-contract bids placed and cancelled, every message a real book change) over the WebSocket → ingest → JetStream (MARKET_DATA) → cache → NATS KV, each service its own process as `polly up` runs them, one environment; raw JetStream publish (the same book.delta envelope, msgIDs, 512 in flight, one connection) on the same server in the same run. The rate counts book changes (ingest joins a market’s waiting deltas into book.deltas under load), not messages.',
  async run(context) {
    // The simulator drops a client with more than 64 MB unsent (as a real gateway would): about
    // 200,000 deltas. Ingest pausing under backpressure makes that buffer grow, so stay below it.
    const deltas = Number(process.env.POLLY_BENCH_FIREHOSE_MESSAGES ?? 100_000);
    const marketCount = Number(process.env.POLLY_BENCH_FIREHOSE_MARKETS ?? 50);
    const namespace = `bench${randomBytes(4).toString('hex')}`;
    const bus = await connectBus({ servers: context.natsUrl, name: 'bench-market-data', namespace });
    await bus.ensureStreams();
    context.log(`load average before: ${loadAverage()}`);
    const simulator = await startSimulatorProcess({ markets: 2000, seed: 5 });
    const env = { POLLY_NATS_URL: context.natsUrl, POLLY_NAMESPACE: namespace, POLLY_ENVIRONMENTS: 'demo', POLLY_DEMO_WS_URL: simulator.wsUrl, POLLY_DEMO_REST_URL: simulator.restUrl, POLLY_SECRETS_DIR: simulator.secretsDir };
    const cache = await startServiceProcess('cache', env, context.log);
    const ingest = await startServiceProcess('ingest', env, context.log);
    try {
      // Open and trading now (the listing's `open` also holds markets not yet active, which the firehose skips).
      const listing = (await (await fetch(`${simulator.restUrl}/markets?status=open&series_ticker=KXBTCD&limit=1000`)).json()) as { markets: Array<{ ticker: string; status: string }> };
      const markets = listing.markets.filter((market) => market.status === 'active').slice(0, marketCount).map((market) => market.ticker);
      if (markets.length === 0) throw new Error('the simulator has no active KXBTCD market to send the firehose to');
      context.log(`plan: ${markets.length} markets; waiting for their books in the cache`);
      await bus.publish(createEvent(SubscriptionPlanUpdated, 'demo', { revision: 1, add: markets, remove: [], watchlist: [], reason: 'benchmark' }, { source: 'benchmark' }));
      await until(async () => {
        const text = await cache.metrics();
        return metricSum(text, 'polly_cache_books') === markets.length && metricSum(text, 'polly_cache_stale_books') === 0;
      }, 'every planned book in the cache', 120_000);

      context.log(`raw JetStream publish of ${deltas} messages`);
      const raw = await rawPublishRate(bus, deltas);

      // Book changes folded, whether they came one per book.delta or joined in book.deltas.
      const folded = async () => metricSum(await cache.metrics(), 'polly_cache_book_deltas_folded_total');
      const messages = async () => metricSum(await ingest.metrics(), 'polly_ingest_published_events_total', { type: 'book.delta' }) + metricSum(await ingest.metrics(), 'polly_ingest_published_events_total', { type: 'book.deltas' });
      // Ticker reports published by ingest: single ticker.updated events and those joined in ticker.updates.
      const tickerReports = (text: string) =>
        metricSum(text, 'polly_ingest_published_events_total', { type: 'ticker.updated' }) + metricSum(text, 'polly_ingest_batched_reports_total', { type: 'ticker.updates' });
      const ingestBefore = await ingest.metrics();
      const before = {
        folded: await folded(),
        writes: metricSum(await cache.metrics(), 'polly_cache_kv_writes_total'),
        messages: await messages(),
        batched: metricSum(ingestBefore, 'polly_ingest_batched_reports_total', { type: 'book.deltas' }),
        tickers: tickerReports(ingestBefore),
      };
      context.log(`firehose of ${deltas} deltas (load average ${loadAverage()})`);
      const started = performance.now();
      const firehose = simulator.admin('POST', '/firehose', { messages: deltas }) as Promise<{ messages: number; tickers: string[]; elapsedMs: number }>;
      void firehose.then((result) => {
        if (result.messages < deltas) context.log(`the firehose sent only ${result.messages} of ${deltas} deltas (targets: ${result.tickers.length})`);
      });
      // Reading /metrics costs the services CPU: the cache is asked every 100 ms, ingest every second.
      let polls = 0;
      await until(async () => {
        const sent = await Promise.race([firehose, Promise.resolve(null)]);
        if (sent && sent.messages < deltas) throw new Error(`the firehose sent ${sent.messages} deltas, not ${deltas}: its markets are not active`);
        polls += 1;
        if (polls % 10 === 0 && metricSum(await ingest.metrics(), 'polly_ingest_reconnects_total') > 0) {
          throw new Error('the simulator dropped the WebSocket during the firehose (more than 64 MB unsent): lower POLLY_BENCH_FIREHOSE_MESSAGES');
        }
        return (await folded()) - before.folded >= deltas;
      }, `the cache to fold ${deltas} deltas`, 600_000, 100);
      await until(async () => metricSum(await cache.metrics(), 'polly_cache_pending_writes') === 0, 'the last writes', 60_000, 50);
      const elapsedSeconds = (performance.now() - started) / 1000;
      const emitted = await firehose;
      const loadDuring = loadAverage();
      const rate = deltas / elapsedSeconds;
      const cacheText = await cache.metrics();
      const ingestText = await ingest.metrics();

      const kv = await bus.bucketKeyValue(marketStateBucket('demo'));
      let equal = 0;
      for (const ticker of markets) {
        const [entry, book] = await Promise.all([kv.get(marketStateKey(ticker) as string), simulator.admin('GET', `/books/${encodeURIComponent(ticker)}`)]);
        const state = entry ? MarketState.parse(entry.json()) : undefined;
        const exchange = { yes: book.orderbook_fp.yes_dollars ?? [], no: book.orderbook_fp.no_dollars ?? [] };
        if (state && !state.stale && JSON.stringify(state.book) === JSON.stringify(exchange)) equal += 1;
      }
      const writes = metricSum(cacheText, 'polly_cache_kv_writes_total') - before.writes;
      const published = (await messages()) - before.messages;
      const batched = metricSum(ingestText, 'polly_ingest_batched_reports_total', { type: 'book.deltas' }) - before.batched;
      const tickers = tickerReports(ingestText) - before.tickers;
      const p50 = histogramQuantile(cacheText, 'polly_cache_notification_delay_seconds', 0.5);
      const p99 = histogramQuantile(cacheText, 'polly_cache_notification_delay_seconds', 0.99);
      const ratio = rate / raw.rate;
      return {
        rows: [
          { metric: 'deltas through the whole path', value: String(deltas) },
          { metric: 'end to end (deltas folded into KV per second)', value: String(Math.round(rate)), target: '≥ 25,000', met: rate >= 25_000 },
          { metric: `raw JetStream publish (msgs/s, ${raw.bytes}-byte messages)`, value: String(Math.round(raw.rate)) },
          { metric: 'end to end / raw publish', value: ratio.toFixed(2), target: '≥ 0.5', met: ratio >= 0.5 },
          { metric: 'firehose emission alone (msgs/s, in the simulator)', value: String(Math.round(emitted.messages / (emitted.elapsedMs / 1000))) },
          { metric: 'ticker reports the exchange sent with the deltas, published by ingest meanwhile', value: String(tickers) },
          { metric: 'exchange messages through ingest per second (deltas and ticker reports)', value: String(Math.round((deltas + tickers) / elapsedSeconds)) },
          { metric: 'MARKET_DATA messages for the deltas (book.delta + book.deltas)', value: `${published} (${batched} deltas joined in batches)` },
          { metric: 'ingest paused by backpressure (s)', value: metricSum(ingestText, 'polly_ingest_backpressure_seconds').toFixed(1) },
          { metric: 'KV writes (coalesced, one in flight per market)', value: String(writes) },
          { metric: 'notification delay p50 / p99 (bucket upper bounds)', value: `${p50 === null ? '-' : `≤ ${p50 * 1000} ms`} / ${p99 === null ? '-' : `≤ ${p99 * 1000} ms`}` },
          { metric: 'books equal to the exchange afterwards', value: `${equal} / ${markets.length}`, met: equal === markets.length },
          { metric: 'load average (1 / 5 / 15 min) at the end', value: loadDuring },
        ],
        notes: [
          `${markets.length} KXBTCD markets followed; the firehose cycles through them. The simulator, ingest, the cache and nats-server are four processes on the same two shared cores, and other work was running on the machine (load average above).`,
          'The exchange sends a ticker report whenever a market’s quote changes; the firehose’s bids at the bottom of the grid change the quote of these markets (the row above counts the reports). Ingest reads, validates and publishes those too, and the cache folds them. The targets are held against deltas alone.',
          'The notification delay runs from ingest receiving the frame to the cache publishing the notification after the KV write, over the cache’s own lifetime (snapshots included).',
        ],
      };
    } finally {
      await ingest.stop();
      await cache.stop();
      await simulator.stop();
      await disposeNamespace(bus);
    }
  },
};
