/**
 * Looks for a private key everywhere the stack keeps things: every captured service log line,
 * every message of every JetStream stream of the stack's namespace (KV buckets included: they
 * are streams too), and every row of every table of the test database. A hit is the PEM's base64
 * body or any 40-character slice of it, also across line breaks (raw or escaped as `\n`), so a
 * key split, re-wrapped or quoted inside JSON is still found.
 */
import { sql } from 'kysely';
import type { Stack } from './in-process';

const SLICE = 40;

export interface SecretScanReport {
  logLines: number;
  streams: number;
  messages: number;
  tables: number;
  rows: number;
  /** Where a slice of the key was found: `log:<service>#<line>`, `stream:<name>#<seq>`, `table:<schema.table>`. */
  found: string[];
}

/** Every 40-character slice of the key's base64 body. */
export function keySlices(privateKeyPem: string): Set<string> {
  const body = privateKeyPem
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');
  if (body.length < SLICE) throw new Error('not a PEM private key');
  const slices = new Set<string>();
  for (let start = 0; start + SLICE <= body.length; start += 1) slices.add(body.slice(start, start + SLICE));
  return slices;
}

/** Whether `text` holds any slice, ignoring line breaks and their JSON escapes. */
export function holdsSlice(text: string, slices: Set<string>): boolean {
  const joined = text.replace(/\\r|\\n|\r|\n/g, '');
  for (let start = 0; start + SLICE <= joined.length; start += 1) {
    if (slices.has(joined.slice(start, start + SLICE))) return true;
  }
  return false;
}

async function scanStream(stack: Stack, name: string, slices: Set<string>, report: SecretScanReport): Promise<void> {
  const info = await stack.bus.manager.streams.info(name);
  report.streams += 1;
  if (info.state.messages === 0) return;
  const decoder = new TextDecoder();
  // An ordered consumer starts at the stream's first message.
  const consumer = await stack.bus.jetstream.consumers.get(name);
  const messages = await consumer.consume({ max_messages: 2000 });
  try {
    for await (const message of messages) {
      report.messages += 1;
      const headers = message.headers ? [...message.headers.keys()].map((key) => `${key}:${message.headers?.get(key)}`).join('\n') : '';
      if (holdsSlice(`${message.subject}\n${headers}\n${decoder.decode(message.data)}`, slices)) report.found.push(`stream:${name}#${message.seq}`);
      if (message.info.pending === 0 || message.seq >= info.state.last_seq) break;
    }
  } finally {
    messages.stop();
    await consumer.delete().catch(() => undefined);
  }
}

export async function scanForSecret(stack: Stack, privateKeyPem: string): Promise<SecretScanReport> {
  const slices = keySlices(privateKeyPem);
  const report: SecretScanReport = { logLines: 0, streams: 0, messages: 0, tables: 0, rows: 0, found: [] };
  for (const [service, lines] of stack.logs) {
    lines.forEach((line, index) => {
      report.logLines += 1;
      if (holdsSlice(line, slices)) report.found.push(`log:${service}#${index}`);
    });
  }
  const namespace = stack.bus.namespace;
  for await (const name of stack.bus.manager.streams.names()) {
    if (name.startsWith(`${namespace}_`) || name.startsWith(`KV_${namespace}_`)) await scanStream(stack, name, slices, report);
  }
  const { rows: tables } = await sql<{ schema: string; table: string }>`
    select table_schema as schema, table_name as table from information_schema.tables
    where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`.execute(stack.database.db);
  for (const { schema, table } of tables) {
    report.tables += 1;
    // The whole row as text: every text, jsonb and other column at once.
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(`${schema}.${table}`)} as t`.execute(stack.database.db);
    report.rows += rows.length;
    if (rows.some(({ row }) => holdsSlice(row, slices))) report.found.push(`table:${schema}.${table}`);
  }
  return report;
}
