/**
 * The projector service: folds MARKETS, TRADING, CONTROL and SYSTEM into the Postgres read
 * models, one durable consumer per stream, micro-batched.
 */
import { z } from 'zod';
import { connectBus } from '@polly/bus';
import { createDatabase } from '@polly/db';
import { BusConfig, DatabaseConfig, defineService } from '@polly/runtime';
import { PROJECTED_STREAMS } from './folds';
import { PROJECTION_LOCK, waitForLock } from './lock';
import { MAIN_PROJECTION, projectBatch } from './projection';

export const ProjectorConfig = BusConfig.extend(DatabaseConfig.shape).extend({
  POLLY_PROJECTOR_BATCH: z.coerce.number().int().min(1).max(5000).default(500).describe('largest batch written in one transaction'),
});

export const projectorService = defineService({
  name: 'projector',
  config: ProjectorConfig,
  healthPort: 4501,
  async start({ config, logger, metrics, readiness, signal, instanceId, startedAt }) {
    readiness.set('lock', false, 'waiting for the projection lock');
    const bus = await connectBus({ servers: config.POLLY_NATS_URL, name: 'projector', namespace: config.POLLY_NAMESPACE, logger, signal });
    await bus.ensureStreams();
    const db = createDatabase({ connectionString: config.POLLY_DATABASE_URL, applicationName: 'projector', maxConnections: 6 });
    const release = await waitForLock(db, PROJECTION_LOCK, signal, () => logger.warn('another projector holds the projection lock; standing by'));
    readiness.set('lock', Boolean(release));
    const projected = metrics.counter('projected_events_total', 'events folded into the read models', ['stream']);
    const deadLetters = metrics.counter('dead_lettered_total', 'messages moved to the dead-letter subject', ['stream']);
    const batchSizes = metrics.histogram('projection_batch_size', 'events per projection transaction', ['stream'], [1, 10, 50, 100, 250, 500, 1000, 2500]);
    bus.heartbeat({ service: 'projector', instanceId, startedAt, environments: ['demo', 'live'], ready: () => readiness.snapshot().ready, signal });

    const consumers = PROJECTED_STREAMS.map((stream) =>
      bus
        .consumeBatches({
          stream,
          durable: `projector-${stream.toLowerCase().replace('_', '-')}`,
          batchSize: config.POLLY_PROJECTOR_BATCH,
          signal,
          onDeadLetter: (reason, subject) => {
            deadLetters.inc({ stream });
            logger.warn({ stream, subject, reason }, 'dead-lettered a message');
          },
          handleBatch: async (batch) => {
            const applied = await projectBatch(db, MAIN_PROJECTION, stream, batch.map(({ event, streamSequence }) => ({ event, streamSequence })));
            projected.inc({ stream }, applied);
            batchSizes.observe({ stream }, batch.length);
          },
        })
        .catch((error: unknown) => {
          if (!signal.aborted) logger.error({ stream, error }, 'consumer stopped');
        }),
    );
    readiness.set('consumers', true);
    return {
      stop: async () => {
        await Promise.allSettled(consumers);
        await release?.();
        await db.destroy();
        await bus.close();
      },
    };
  },
});
