/** `polly bench`: start throwaway servers, run the benchmarks, record results in docs/benchmarks.md. */
import path from 'node:path';
import { startNatsServer, startPostgres } from '@polly/testing';
import { BENCHMARKS } from '../bench/registry';
import { renderSection, updateReport } from '../bench/report';
import { bold, dim, done, problem, step } from '../output';
import type { Settings } from '../settings';

export async function runBenchmarks(settings: Settings, only: string[]): Promise<number> {
  const selected = only.length > 0 ? BENCHMARKS.filter((benchmark) => only.includes(benchmark.name)) : BENCHMARKS;
  if (selected.length === 0) {
    problem(`no benchmark named ${only.join(', ')} (available: ${BENCHMARKS.map((benchmark) => benchmark.name).join(', ')})`);
    return 2;
  }
  step('starting a throwaway nats-server and Postgres for the benchmarks');
  const nats = await startNatsServer();
  const postgres = await startPostgres();
  const sections: Array<{ benchmark: (typeof BENCHMARKS)[number]; text: string }> = [];
  let failed = 0;
  try {
    for (const benchmark of selected) {
      step(`${bold(benchmark.name)}: ${benchmark.title}`);
      try {
        const result = await benchmark.run({
          natsUrl: nats.url,
          postgresUrl: postgres.connectionString('postgres'),
          log: (message) => process.stdout.write(`  ${dim(message)}\n`),
        });
        for (const row of result.rows) process.stdout.write(`  ${row.metric}: ${bold(row.value)}${row.target ? ` (target ${row.target}: ${row.met ? 'met' : 'NOT met'})` : ''}\n`);
        sections.push({ benchmark, text: renderSection(benchmark, result, new Date()) });
      } catch (error) {
        failed += 1;
        problem(`${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
  } finally {
    await postgres.stop();
    await nats.stop();
  }
  const report = path.join(settings.root, 'docs', 'benchmarks.md');
  updateReport(report, sections);
  done(`results written to ${report}`);
  return failed > 0 ? 1 : 0;
}
