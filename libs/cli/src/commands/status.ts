/** `polly status`: services, streams, projection lag, in one screen. */
import { connectBus } from '@polly/bus';
import { STREAM_NAMES } from '@polly/contracts';
import { createDatabase } from '@polly/db';
import { bold, green, problem, red, table, yellow } from '../output';
import { SERVICES } from '../services';
import type { Settings } from '../settings';

async function probe(url: string): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1500) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

export async function status(settings: Settings): Promise<number> {
  let healthy = true;
  process.stdout.write(`${bold('Services')}\n`);
  const rows = [['service', 'health', 'ready', 'uptime']];
  for (const service of SERVICES) {
    const health = await probe(`http://127.0.0.1:${service.healthPort}/healthz`);
    const ready = await probe(`http://127.0.0.1:${service.healthPort}/readyz`);
    if (!health) {
      rows.push([service.name, red('down'), '-', '-']);
      if (!service.simulatorOnly) healthy = false;
      continue;
    }
    rows.push([service.name, green('up'), ready?.status === 200 ? green('ready') : yellow('not ready'), `${String(health.body.uptimeSeconds ?? '?')} s`]);
  }
  process.stdout.write(`${table(rows)}\n\n`);

  let bus;
  try {
    bus = await connectBus({ servers: settings.natsUrl, name: 'polly-status', namespace: settings.namespace, signal: AbortSignal.timeout(3000) });
  } catch {
    problem(`NATS is not reachable at ${settings.natsUrl}`);
    return 1;
  }
  const db = createDatabase({ connectionString: settings.databaseUrl, maxConnections: 1 });
  try {
    process.stdout.write(`${bold('Streams and projection')}\n`);
    const checkpoints = new Map<string, number>();
    try {
      const rowsFound = await db.selectFrom('projection_checkpoints').selectAll().where('projection', '=', 'main').execute();
      for (const row of rowsFound) checkpoints.set(row.stream, Number(row.last_sequence));
    } catch (error) {
      problem(`Postgres is not reachable or not migrated (${settings.databaseUrl.replace(/:[^:@/]*@/, ':***@')}): ${String(error)}`);
      healthy = false;
    }
    const streamRows = [['stream', 'messages', 'last sequence', 'projected to', 'lag']];
    for (const name of STREAM_NAMES) {
      try {
        const info = await bus.manager.streams.info(bus.stream(name));
        const projected = checkpoints.get(name);
        const lag = projected === undefined ? '-' : String(info.state.last_seq - projected);
        streamRows.push([name, String(info.state.messages), String(info.state.last_seq), projected === undefined ? '-' : String(projected), lag]);
      } catch {
        streamRows.push([name, red('missing'), '-', '-', '-']);
        healthy = false;
      }
    }
    process.stdout.write(`${table(streamRows)}\n`);
  } finally {
    await db.destroy();
    await bus.close();
  }
  return healthy ? 0 : 1;
}
