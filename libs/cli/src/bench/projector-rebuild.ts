/**
 * Projector rebuild rate (events/s folded from JetStream into Postgres), with its two halves timed
 * on their own (reading and validating; folding and writing) and the raw JetStream publish rate
 * on the same server in the same run, for scale.
 */
import pg from 'pg';
import { type Bus, connectBus } from '@polly/bus';
import { type Db, createDatabase, schemaChecksums } from '@polly/db';
import { DEFAULT_REBUILD_BATCH, MAIN_PROJECTION, type SequencedEvent, projectBatch, rebuildReadModels } from '@polly/projector';
import { migrate } from '../database';
import { loadAverage } from './market-data-support';
import { publishTradingHistory } from './trading-history';
import type { Benchmark } from './types';

async function rawPublishRate(bus: Bus, messages: number): Promise<number> {
  const subject = bus.subject('system.demo.bench.raw');
  const payload = new TextEncoder().encode(JSON.stringify({ filler: 'x'.repeat(600) }));
  const started = performance.now();
  const window: Promise<unknown>[] = [];
  for (let index = 0; index < messages; index += 1) {
    window.push(bus.jetstream.publish(subject, payload, { msgID: `raw-${index}` }));
    if (window.length >= 500) await Promise.all(window.splice(0));
  }
  await Promise.all(window);
  return messages / ((performance.now() - started) / 1000);
}

/** Time a step: wall seconds and this process's CPU seconds (user + system). */
async function timed<T>(step: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await step();
  const used = process.cpuUsage(cpu);
  return { result, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Reading and validating TRADING alone, keeping the events for the write-only step. */
async function readAll(bus: Bus): Promise<SequencedEvent[]> {
  const events: SequencedEvent[] = [];
  for await (const item of bus.read({ stream: 'TRADING', batchSize: DEFAULT_REBUILD_BATCH })) {
    if (item.valid) events.push({ event: item.event, streamSequence: item.streamSequence });
  }
  return events;
}

/** Folding and writing alone (events already in memory), into the empty live and demo tables. */
async function writeAll(db: Db, events: SequencedEvent[]): Promise<void> {
  for (let index = 0; index < events.length; index += DEFAULT_REBUILD_BATCH) {
    await projectBatch(db, MAIN_PROJECTION, 'TRADING', events.slice(index, index + DEFAULT_REBUILD_BATCH));
  }
}

const perSecond = (count: number, seconds: number) => String(Math.round(count / seconds));
const microsecondsPerEvent = (cpuSeconds: number, count: number) => ((cpuSeconds * 1e6) / Math.max(1, count)).toFixed(1);

export const projectorRebuild: Benchmark = {
  name: 'projector-rebuild',
  title: 'Projector rebuild rate',
  description:
    'Mixed TRADING events (decisions, intents, approvals, orders, fills, positions, P/L) folded from sequence 1 into fresh Postgres schemas by `polly replay --rebuild`; then its two halves on their own: reading and validating the stream, and folding and writing events already in memory; raw JetStream publish rate (600-byte messages with msgIDs, 500 in flight) on the same server in the same run.',
  async run(context) {
    const events = Number(process.env.POLLY_BENCH_REBUILD_EVENTS ?? 100_000);
    const loadBefore = loadAverage();
    const bus = await connectBus({ servers: context.natsUrl, name: 'bench-rebuild', namespace: `bench${Date.now().toString(36)}` });
    await bus.ensureStreams();
    const databaseUrl = context.postgresUrl.replace(/\/[^/]*$/, `/bench_${Date.now().toString(36)}`);
    await migrate(databaseUrl);
    const db = createDatabase({ connectionString: databaseUrl, maxConnections: 4 });
    try {
      context.log(`raw JetStream publish of 50,000 messages (load average ${loadBefore})`);
      const raw = await rawPublishRate(bus, 50_000);
      // The raw messages are not events: left in SYSTEM, the rebuild would read and reject them.
      await bus.manager.streams.purge(bus.stream('SYSTEM'));
      context.log(`generating and publishing ${events} trading events`);
      await publishTradingHistory(bus, { events, seed: 42, idPrefix: 'bench' });
      const loadAtRebuild = loadAverage();
      context.log(`rebuilding into shadow schemas (load average ${loadAtRebuild})`);
      const rebuild = await timed(() => rebuildReadModels({ bus, db, mode: 'shadow' }));
      const report = rebuild.result;
      context.log('reading and validating alone');
      const read = await timed(() => readAll(bus));
      context.log('folding and writing alone');
      const write = await timed(() => writeAll(db, read.result));
      // The write-only step filled the live and demo tables: they must equal the rebuilt ones.
      let equal = true;
      for (const environment of ['live', 'demo'] as const) {
        equal &&= JSON.stringify(await schemaChecksums(db, environment)) === JSON.stringify(report.checksums[`rebuild_${environment}`]);
      }
      const loadAfter = loadAverage();
      return {
        rows: [
          { metric: 'events folded (invalid messages skipped)', value: `${report.events} (${report.invalid})` },
          { metric: 'rebuild rate (events/s)', value: String(report.eventsPerSecond), target: '≥ 20,000', met: report.eventsPerSecond >= 20_000 },
          { metric: 'rebuild wall time (s)', value: (report.elapsedMs / 1000).toFixed(2) },
          { metric: 'CPU of the rebuilding process, rebuild and checksums (s)', value: rebuild.cpuSeconds.toFixed(2) },
          { metric: 'reading and validating alone (events/s; CPU s)', value: `${perSecond(read.result.length, read.seconds)}; ${read.cpuSeconds.toFixed(2)}` },
          { metric: 'folding and writing alone (events/s; CPU s)', value: `${perSecond(read.result.length, write.seconds)}; ${write.cpuSeconds.toFixed(2)}` },
          { metric: 'rebuilt tables equal to the written ones', value: equal ? 'yes' : 'NO', met: equal },
          { metric: 'raw JetStream publish (msgs/s)', value: String(Math.round(raw)) },
          { metric: 'rebuild rate / raw publish rate', value: (report.eventsPerSecond / raw).toFixed(2) },
          { metric: 'load average (1 / 5 / 15 min): start, rebuild, end', value: `${loadBefore}; ${loadAtRebuild}; ${loadAfter}` },
        ],
        notes: [
          `Batches of ${DEFAULT_REBUILD_BATCH.toLocaleString('en')} events, each one transaction with its checkpoint; the next batches are read, validated and folded while one is written (at most two waiting).`,
          'Postgres runs with its default durability settings (fsync on, synchronous commit): every rebuild transaction waits for its WAL flush, as the live projector’s do.',
          `Reading and validating, folding and writing all run on one Node thread (Postgres and nats-server are separate processes on the same two cores): the rebuilding process used ${rebuild.cpuSeconds.toFixed(2)} s of CPU in the ${rebuild.seconds.toFixed(2)} s of the call (the rebuild and its closing table checksums), and on their own reading and validating cost ${microsecondsPerEvent(read.cpuSeconds, read.result.length)} µs of its CPU per event, folding and writing ${microsecondsPerEvent(write.cpuSeconds, read.result.length)} µs.`,
        ],
      };
    } finally {
      await db.destroy();
      for await (const name of bus.manager.streams.names()) if (name.startsWith(bus.namespace)) await bus.manager.streams.delete(name);
      await bus.close();
      const admin = new pg.Client({ connectionString: context.postgresUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
      await admin.end();
    }
  },
};
