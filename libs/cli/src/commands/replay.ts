/**
 * `polly replay`: print any stream, filtered by subject, type, environment and time.
 * `polly replay --rebuild`: refold the read models from sequence 1 (shadow schemas by default,
 * or --in-place) and compare table checksums with the live projection.
 */
import { type Bus, type ReadItem, connectBus } from '@polly/bus';
import { STREAMS, STREAM_NAMES, type StreamName } from '@polly/contracts';
import { createDatabase, schemaChecksums } from '@polly/db';
import { PROJECTED_STREAMS, readCheckpoint, rebuildReadModels } from '@polly/projector';
import { bold, dim, done, green, problem, progress, red, table } from '../output';
import type { Settings } from '../settings';

export interface ReplayOptions {
  stream?: string;
  subject?: string;
  types: string[];
  environment?: string;
  since?: string;
  until?: string;
  fromSequence?: number;
  limit?: number;
  json: boolean;
  count: boolean;
  rebuild: boolean;
  inPlace: boolean;
}

/** "15m", "2h", "3d" before now, or an ISO timestamp. */
export function parseTime(text: string, now = Date.now()): Date {
  const relative = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (relative) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(relative[1]) * unit);
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`not a time: "${text}" (use an ISO time such as 2026-11-21T12:00:00Z, or 15m, 2h, 3d)`);
  return date;
}

function streamsFor(options: ReplayOptions): StreamName[] {
  if (options.stream) {
    const name = options.stream.toUpperCase().replace('-', '_') as StreamName;
    if (!STREAM_NAMES.includes(name)) throw new Error(`unknown stream "${options.stream}" (streams: ${STREAM_NAMES.join(', ')})`);
    return [name];
  }
  if (options.subject) {
    const prefix = options.subject.split('.')[0];
    const match = STREAM_NAMES.find((name) => STREAMS[name].prefix === prefix);
    if (!match) throw new Error(`no stream holds subjects starting "${prefix}." (prefixes: ${STREAM_NAMES.map((name) => STREAMS[name].prefix).join(', ')})`);
    return [match];
  }
  return [...PROJECTED_STREAMS];
}

function describe(item: ReadItem<StreamName>): string {
  if (!item.valid) return `${dim(String(item.streamSequence).padStart(7))} ${red('INVALID')} ${item.subject} ${item.reason}`;
  const { event } = item;
  const summary = JSON.stringify(event.data);
  return `${dim(String(item.streamSequence).padStart(7))} ${event.occurredAt} ${event.environment.padEnd(4)} ${bold(event.type.padEnd(26))} ${summary.length > 160 ? `${summary.slice(0, 157)}...` : summary}`;
}

async function print(bus: Bus, options: ReplayOptions): Promise<number> {
  const since = options.since ? parseTime(options.since) : undefined;
  const until = options.until ? parseTime(options.until) : undefined;
  const counts = new Map<string, number>();
  let printed = 0;
  for (const stream of streamsFor(options)) {
    const read = bus.read({
      stream,
      ...(options.subject ? { filterSubject: options.subject } : {}),
      ...(options.fromSequence ? { startSequence: options.fromSequence } : since ? { startTime: since } : {}),
    });
    for await (const item of read) {
      if (item.valid) {
        if (options.types.length > 0 && !options.types.includes(item.event.type)) continue;
        if (options.environment && item.event.environment !== options.environment) continue;
        const at = new Date(item.event.occurredAt);
        if (since && at < since) continue;
        if (until && at > until) break;
      }
      printed += 1;
      const key = item.valid ? `${stream} ${item.event.type}` : `${stream} (invalid)`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (!options.count) process.stdout.write(`${options.json ? JSON.stringify(item.valid ? item.event : item) : describe(item)}\n`);
      if (options.limit && printed >= options.limit) break;
    }
    if (options.limit && printed >= options.limit) break;
  }
  if (options.count) process.stdout.write(`${table([['stream and type', 'events'], ...[...counts.entries()].sort().map(([key, value]) => [key, String(value)])])}\n`);
  process.stderr.write(dim(`${printed} events\n`));
  return 0;
}

async function rebuild(bus: Bus, settings: Settings, options: ReplayOptions): Promise<number> {
  const db = createDatabase({ connectionString: settings.databaseUrl, maxConnections: 4 });
  try {
    const bar = progress('rebuild');
    const report = await rebuildReadModels({
      bus,
      db,
      mode: options.inPlace ? 'in-place' : 'shadow',
      onProgress: (step) => bar.update(`${step.stream} ${step.sequence}/${step.endSequence} · ${step.events} events · ${Math.round((step.events / Math.max(1, step.elapsedMs)) * 1000)} events/s`),
    });
    bar.finish(`folded ${report.events} events in ${report.elapsedMs} ms (${report.eventsPerSecond} events/s)${report.invalid ? `, skipped ${report.invalid} invalid` : ''}`);
    for (const message of report.invalidMessages) problem(`not folded: ${message.stream} #${message.streamSequence}: ${message.reason}`);
    if (report.invalid > report.invalidMessages.length) problem(`and ${report.invalid - report.invalidMessages.length} more invalid messages (polly replay --stream <name> lists them)`);
    if (options.inPlace) {
      for (const [schema, checksums] of Object.entries(report.checksums)) {
        process.stdout.write(`${bold(schema)}\n${table([['table', 'rows', 'checksum'], ...checksums.map((entry) => [entry.table, String(entry.rows), entry.checksum])])}\n`);
      }
      done('read models rebuilt in place');
      return 0;
    }
    // Compare with the live projection once it has folded at least as far as the rebuild read.
    const deadline = Date.now() + 30_000;
    for (const stream of PROJECTED_STREAMS) {
      while ((await readCheckpoint(db, 'main', stream)) < report.endSequences[stream] && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    let matching = true;
    for (const environment of ['live', 'demo'] as const) {
      const live = await schemaChecksums(db, environment);
      const rebuilt = report.checksums[`rebuild_${environment}`] ?? [];
      const rows = [['table', 'rows (live)', 'rows (rebuilt)', 'checksum (live)', 'checksum (rebuilt)', '']];
      for (const entry of live) {
        const other = rebuilt.find((candidate) => candidate.table === entry.table);
        const same = other?.checksum === entry.checksum;
        matching &&= same;
        rows.push([entry.table, String(entry.rows), String(other?.rows ?? '-'), entry.checksum, other?.checksum ?? '-', same ? green('same') : red('DIFFERENT')]);
      }
      process.stdout.write(`${bold(`schema ${environment} vs rebuild_${environment}`)}\n${table(rows)}\n\n`);
    }
    if (matching) done('the rebuilt read models equal the live ones');
    else problem('some tables differ; if a stream kept receiving events during the rebuild (heartbeats on SYSTEM), its tables are expected to be ahead in the live schema');
    return matching ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

export async function replay(settings: Settings, options: ReplayOptions): Promise<number> {
  const bus = await connectBus({ servers: settings.natsUrl, name: 'polly-replay', namespace: settings.namespace, signal: AbortSignal.timeout(5000) });
  try {
    return options.rebuild ? await rebuild(bus, settings, options) : await print(bus, options);
  } finally {
    await bus.close();
  }
}
