/**
 * docs/benchmarks.md keeps one section per benchmark between markers; a run replaces the
 * sections it measured and leaves the others as they were.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Benchmark, BenchmarkResult } from './types';

const header = `# Benchmarks

Measured by \`npm run bench\` (all benchmarks) or \`npm run bench -- --only <name>\`. Each run
rewrites the sections it measured, with the machine and date. Targets come from the issues.
`;

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.versions.node}, ${os.platform()} ${os.release()}`;
}

export function renderSection(benchmark: Benchmark, result: BenchmarkResult, date: Date): string {
  const rows = result.rows.map((row) => `| ${row.metric} | ${row.value} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : '**no**'} |`);
  return [
    `<!-- bench:${benchmark.name}:start -->`,
    `## ${benchmark.title}`,
    '',
    benchmark.description,
    '',
    `Measured ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}.`,
    '',
    '| metric | value | target | met |',
    '|---|---|---|---|',
    ...rows,
    ...(result.notes?.length ? ['', ...result.notes.map((note) => `- ${note}`)] : []),
    `<!-- bench:${benchmark.name}:end -->`,
  ].join('\n');
}

export function updateReport(path: string, sections: Array<{ benchmark: Benchmark; text: string }>): void {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : header;
  for (const { benchmark, text: section } of sections) {
    const pattern = new RegExp(`<!-- bench:${benchmark.name}:start -->[\\s\\S]*?<!-- bench:${benchmark.name}:end -->`);
    text = pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}
