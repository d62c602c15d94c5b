/**
 * The cache's memory at 50,000 and 100,000 markets: the cache runs as its own process and is fed
 * MARKET_DATA straight from JetStream (a snapshot with a few levels a side, a ticker and a few
 * trades per market); its resident memory is read from /proc once every market is written.
 */
import { randomBytes } from 'node:crypto';
import { type Bus, connectBus } from '@polly/bus';
import { BookSnapshotReceived, TickerUpdated, TradeExecuted, createEvent, formatCount, formatDollars } from '@polly/contracts';
import { disposeNamespace, loadAverage, metricSum, startServiceProcess, until } from './market-data-support';
import { serviceNodeOptions } from '../services';
import type { Benchmark } from './types';

const LEVELS_PER_SIDE = 8;
const TRADES_PER_MARKET = 5;
const IN_FLIGHT = 512;
const MEGABYTE = 1024 * 1024;

/** A plausible book: LEVELS_PER_SIDE bids a side, one cent apart, below a mid around 50 cents. */
function levels(market: number, side: 0 | 1): Array<[string, string]> {
  const top = 40 + ((market * 7 + side * 3) % 10);
  return Array.from({ length: LEVELS_PER_SIDE }, (_, level) => [formatDollars(BigInt(top - LEVELS_PER_SIDE + 1 + level) * 10_000n), formatCount(BigInt(100 + ((market + level) % 50) * 100))]);
}

function* marketEvents(first: number, count: number) {
  const receivedAt = new Date().toISOString();
  for (let market = first; market < first + count; market += 1) {
    const marketTicker = `KXBENCH-26NOV21-M${market}`;
    yield createEvent(BookSnapshotReceived, 'demo', { connectionId: 'bench', sid: 1, seq: market + 1, marketTicker, yes: levels(market, 0), no: levels(market, 1), receivedAt }, { source: 'benchmark', id: `bench-snapshot-${market}` });
    yield createEvent(
      TickerUpdated,
      'demo',
      { marketTicker, lastPrice: '0.4500', yesBid: null, yesAsk: null, yesBidSize: null, yesAskSize: null, volume: '1200.00', openInterest: '300.00', exchangeTimestampMs: null, receivedAt },
      { source: 'benchmark', id: `bench-ticker-${market}` },
    );
    for (let trade = 0; trade < TRADES_PER_MARKET; trade += 1) {
      yield createEvent(
        TradeExecuted,
        'demo',
        { tradeId: `bench-${market}-${trade}`, marketTicker, yesPrice: '0.4500', noPrice: '0.5500', count: '3.00', takerSide: trade % 2 === 0 ? 'yes' : 'no', exchangeTimestampMs: Date.now(), sid: 2, seq: market * TRADES_PER_MARKET + trade + 1, receivedAt },
        { source: 'benchmark', id: `bench-trade-${market}-${trade}` },
      );
    }
  }
}

async function publishMarkets(bus: Bus, first: number, count: number): Promise<void> {
  const events = marketEvents(first, count);
  const worker = async () => {
    for (let next = events.next(); !next.done; next = events.next()) await bus.publish(next.value);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

export const cacheMemory: Benchmark = {
  name: 'cache-memory',
  title: 'Cache memory at 50,000 and 100,000 markets',
  description: `The cache service as its own process, fed ${LEVELS_PER_SIDE} levels a side, a ticker and ${TRADES_PER_MARKET} trades per market from JetStream; resident memory (VmRSS) once every market is written to KV, and the V8 heap in use from its /metrics.`,
  async run(context) {
    const namespace = `bench${randomBytes(4).toString('hex')}`;
    const bus = await connectBus({ servers: context.natsUrl, name: 'bench-cache-memory', namespace });
    await bus.ensureStreams(['MARKET_DATA', 'DEAD_LETTER']);
    // The cache starts with the Node options it ships with (serviceNodeOptions: POLLY_CACHE_HEAP_MB);
    // POLLY_BENCH_CACHE_NODE_OPTIONS adds options after them (later ones win), e.g. --max-old-space-size=4096.
    const nodeOptions = process.env.POLLY_BENCH_CACHE_NODE_OPTIONS;
    const shipped = serviceNodeOptions('cache', process.env) ?? '';
    const cacheEnv = { POLLY_NATS_URL: context.natsUrl, POLLY_NAMESPACE: namespace, POLLY_ENVIRONMENTS: 'demo', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
    let cache = await startServiceProcess('cache', cacheEnv, context.log);
    const rows: Array<{ metric: string; value: string; target?: string; met?: boolean }> = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      rows.push({ metric: 'idle cache RSS (MB)', value: (cache.residentBytes() / MEGABYTE).toFixed(0) });
      let markets = 0;
      for (const target of [50_000, 100_000]) {
        context.log(`publishing ${target - markets} more markets (${(target - markets) * (2 + TRADES_PER_MARKET)} events)`);
        const started = performance.now();
        await publishMarkets(bus, markets, target - markets);
        markets = target;
        await until(async () => {
          const text = await cache.metrics();
          return metricSum(text, 'polly_cache_books') === markets && metricSum(text, 'polly_cache_pending_writes') === 0 && metricSum(text, 'polly_cache_events_folded_total', { type: 'trade.executed' }) >= markets * TRADES_PER_MARKET;
        }, `${markets} markets in the cache`, 600_000, 500);
        context.log(`${markets} markets written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        // Let the collector settle before reading memory.
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        const resident = cache.residentBytes() / MEGABYTE;
        const text = await cache.metrics();
        const heap = metricSum(text, 'polly_nodejs_heap_size_used_bytes') / MEGABYTE;
        const committed = metricSum(text, 'polly_nodejs_heap_size_total_bytes') / MEGABYTE;
        const external = metricSum(text, 'polly_nodejs_external_memory_bytes') / MEGABYTE;
        rows.push({
          metric: `cache RSS at ${markets.toLocaleString('en-US')} markets (MB)`,
          value: resident.toFixed(0),
          ...(markets === 100_000 ? { target: '≤ 250', met: resident <= 250 } : {}),
        });
        rows.push({ metric: `V8 heap in use / committed, external at ${markets.toLocaleString('en-US')} markets (MB)`, value: `${heap.toFixed(0)} / ${committed.toFixed(0)}, ${external.toFixed(0)}` });
      }
      // A restart reads every entry back from the KV bucket: the same heap limit has to hold that too.
      await cache.stop();
      const restarted = performance.now();
      cache = await startServiceProcess('cache', cacheEnv, context.log);
      await until(async () => metricSum(await cache.metrics(), 'polly_cache_books') === markets, `${markets} markets read back`, 600_000, 500);
      context.log(`restarted cache read ${markets} markets back in ${((performance.now() - restarted) / 1000).toFixed(1)} s`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      rows.push({ metric: `cache RSS after a restart that read ${markets.toLocaleString('en-US')} markets back (MB)`, value: (cache.residentBytes() / MEGABYTE).toFixed(0) });
      rows.push({ metric: 'load average (1 / 5 / 15 min) at the end', value: loadAverage() });
      return {
        rows,
        notes: [
          'RSS includes what V8 has reserved but not yet returned and what the allocator keeps after the burst of 700,000 messages; the heap in use is what the markets hold plus garbage not yet collected.',
          `The cache ran with the Node options it ships with (${shipped}, from POLLY_CACHE_HEAP_MB)${nodeOptions ? ` followed by ${nodeOptions}` : ''}. Without a limit V8 grows the heap freely during the burst and keeps it: about 500 MB resident at 100,000 markets.`,
          `Each market: a book of ${LEVELS_PER_SIDE} + ${LEVELS_PER_SIDE} levels, last price, volume, open interest and ${TRADES_PER_MARKET} recent trades (the cache keeps up to 100 per market; a market full of trades holds more).`,
        ],
      };
    } finally {
      await cache.stop();
      await disposeNamespace(bus);
    }
  },
};
