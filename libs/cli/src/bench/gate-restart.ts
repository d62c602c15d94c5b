/**
 * Gate restart: how long the permission gate takes to be ready on a long TRADING history, reading
 * the whole history (no snapshot yet) and starting from its snapshot, in the same run.
 */
import { type Bus, connectBus } from '@polly/bus';
import { gateService } from '@polly/gate';
import { createLogger, lineCollector, startService } from '@polly/runtime';
import { loadAverage, until } from './market-data-support';
import { publishTradingHistory } from './trading-history';
import type { Benchmark } from './types';

interface Start {
  readyMs: number;
  /** The fields of the gate's "gate state rebuilt" log line. */
  rebuilt: { fromSnapshot?: boolean; folded?: number };
  snapshotBytes: number | null;
}

/** Start the gate, wait until it has answered every intent waiting for it, stop it. */
async function startAndStop(bus: Bus, natsUrl: string, environment: Record<string, string>): Promise<Start> {
  const lines: string[] = [];
  const started = performance.now();
  const gate = await startService(gateService, {
    env: { POLLY_NATS_URL: natsUrl, POLLY_NAMESPACE: bus.namespace, POLLY_ENVIRONMENTS: 'demo', POLLY_HEALTH_PORT: '0', ...environment },
    logger: createLogger({ service: 'gate', level: 'info', destination: lineCollector(lines) }),
  });
  const readyMs = performance.now() - started;
  // The history's own intents reach the gate's consumer once (each denied as too old): let it finish.
  await until(
    async () => {
      // The consumer is created just after the gate reports ready.
      const info = await bus.manager.consumers.info(bus.stream('TRADING'), 'gate-demo-intents').catch(() => null);
      return info !== null && info.num_pending === 0 && info.num_ack_pending === 0;
    },
    'the gate to answer the history’s intents',
    300_000,
    200,
  );
  await gate.stop();
  const field = <T>(message: string, name: string): T | undefined => {
    const line = lines.filter((text) => text.includes(`"${message}"`)).at(-1);
    return line ? (JSON.parse(line) as Record<string, T>)[name] : undefined;
  };
  const rebuiltLine = lines.find((text) => text.includes('"gate state rebuilt"'));
  return { readyMs, rebuilt: rebuiltLine ? JSON.parse(rebuiltLine) : {}, snapshotBytes: field<number>('gate snapshot saved', 'bytes') ?? null };
}

export const gateRestart: Benchmark = {
  name: 'gate-restart',
  title: 'Gate restart on a long history',
  description:
    'A generated TRADING history (decisions, intents, approvals, orders, fills, positions, P/L of one environment) on JetStream; the permission gate started in this process until ready (its state rebuilt, its consumers running): first with no snapshot stored, reading the whole history, then again from the snapshot it stored when it stopped.',
  async run(context) {
    const events = Number(process.env.POLLY_BENCH_GATE_EVENTS ?? 100_000);
    const bus = await connectBus({ servers: context.natsUrl, name: 'bench-gate', namespace: `bench${Date.now().toString(36)}` });
    try {
      await bus.ensureStreams();
      context.log(`publishing ${events} trading events`);
      const published = await publishTradingHistory(bus, { events, seed: 42, idPrefix: 'gate-bench', environments: ['demo'] });
      context.log('the gate reading the whole history (no snapshot yet), answering the history’s intents once, storing a snapshot');
      const whole = await startAndStop(bus, context.natsUrl, {});
      context.log('the gate from its snapshot');
      const restarted = await startAndStop(bus, context.natsUrl, {});
      const ready = (start: Start) => `${(start.readyMs / 1000).toFixed(2)} s (${start.rebuilt.folded ?? '?'} events folded)`;
      return {
        rows: [
          { metric: 'TRADING events in the history', value: String(published) },
          { metric: 'ready, reading the whole history', value: ready(whole), met: whole.rebuilt.fromSnapshot === false },
          { metric: 'ready, from the snapshot', value: ready(restarted), met: restarted.rebuilt.fromSnapshot === true },
          { metric: 'snapshot size (gzip-compressed JSON, bytes)', value: String(whole.snapshotBytes ?? 'none') },
          { metric: 'load average (1 / 5 / 15 min) at the end', value: loadAverage() },
        ],
        notes: [
          'The gate stores a snapshot at start, every POLLY_GATE_SNAPSHOT_SECONDS (300 by default) and when it stops; a start reads only what each followed subject received after it. Ready includes connecting, reading the snapshot and the rest of the history, and starting the consumers.',
        ],
      };
    } finally {
      for await (const name of bus.manager.streams.names()) if (name.startsWith(bus.namespace)) await bus.manager.streams.delete(name);
      await bus.close();
    }
  },
};
