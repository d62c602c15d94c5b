/**
 * Projector rebuild rate (events/s folded from JetStream into Postgres) with the raw JetStream
 * publish rate measured in the same run on the same server, for scale.
 */
import pg from 'pg';
import { type Bus, connectBus } from '@polly/bus';
import { createDatabase } from '@polly/db';
import { rebuildReadModels } from '@polly/projector';
import { tradingHistory } from '@polly/testing';
import { migrate } from '../database';
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

export const projectorRebuild: Benchmark = {
  name: 'projector-rebuild',
  title: 'Projector rebuild rate',
  description: 'Mixed TRADING events (decisions, intents, approvals, orders, fills, positions, P/L) folded from sequence 1 into fresh Postgres schemas by `polly replay --rebuild`; raw JetStream publish rate (600-byte messages with msgIDs, 500 in flight) on the same server in the same run.',
  async run(context) {
    const events = Number(process.env.POLLY_BENCH_REBUILD_EVENTS ?? 100_000);
    const bus = await connectBus({ servers: context.natsUrl, name: 'bench-rebuild', namespace: `bench${Date.now().toString(36)}` });
    await bus.ensureStreams();
    const databaseUrl = context.postgresUrl.replace(/\/[^/]*$/, `/bench_${Date.now().toString(36)}`);
    await migrate(databaseUrl);
    const db = createDatabase({ connectionString: databaseUrl, maxConnections: 4 });
    try {
      context.log(`raw JetStream publish of 50,000 messages`);
      const raw = await rawPublishRate(bus, 50_000);
      context.log(`generating and publishing ${events} trading events`);
      const history = tradingHistory({ events, seed: 42, idPrefix: 'bench' });
      const window: Promise<unknown>[] = [];
      for (const event of history) {
        window.push(bus.publish(event));
        if (window.length >= 500) await Promise.all(window.splice(0));
      }
      await Promise.all(window);
      context.log('rebuilding into shadow schemas');
      const report = await rebuildReadModels({ bus, db, mode: 'shadow' });
      const ratio = report.eventsPerSecond / raw;
      return {
        rows: [
          { metric: 'events folded', value: String(report.events) },
          { metric: 'rebuild rate (events/s)', value: String(report.eventsPerSecond), target: '≥ 20,000', met: report.eventsPerSecond >= 20_000 },
          { metric: 'raw JetStream publish (msgs/s)', value: String(Math.round(raw)) },
          { metric: 'rebuild rate / raw publish rate', value: ratio.toFixed(2) },
          { metric: 'rebuild wall time (s)', value: (report.elapsedMs / 1000).toFixed(2) },
        ],
        notes: ['Postgres runs with its default durability settings (fsync on); each batch of 2,000 events is one transaction with its checkpoint.'],
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
