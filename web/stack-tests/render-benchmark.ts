/**
 * The cockpit's render benchmark in docs/benchmarks.md (section `ui-render`), written by the
 * browser test that measures it, in the format of `npm run bench` (libs/cli/src/bench/report.ts).
 */
import path from 'node:path';
import { renderSection, updateReport } from '@polly/cli/src/bench/report';
import type { Benchmark, BenchmarkResult } from '@polly/cli/src/bench/types';
import { repositoryRoot } from '../tests/browser';

export const renderTargetMilliseconds = 50;

const benchmark: Benchmark = {
  name: 'ui-render',
  title: 'Cockpit: render 18 series cards',
  description:
    'The Trading Studio renders a full window of 18 series cards from simulator markets (after Refresh), measured in Chromium by the page itself (`performance.measure("series-grid:render")`: building the cards from their template, filling them and the layout that follows). Written by `web/stack-tests/trading-studio.e2e.test.ts`.',
  run: async () => ({ rows: [] }),
};

export function recordRenderBenchmark(samples: ReadonlyArray<{ milliseconds: number; scriptMilliseconds: number }>, median: (values: number[]) => number): BenchmarkResult {
  const totals = samples.map((sample) => sample.milliseconds);
  const scripts = samples.map((sample) => sample.scriptMilliseconds);
  const middle = median(totals);
  const round = (value: number): string => value.toFixed(1);
  const result: BenchmarkResult = {
    rows: [
      { metric: 'renders measured', value: String(samples.length) },
      { metric: 'median render of 18 cards (ms)', value: round(middle), target: `< ${renderTargetMilliseconds}`, met: middle < renderTargetMilliseconds },
      { metric: 'fastest / slowest (ms)', value: `${round(Math.min(...totals))} / ${round(Math.max(...totals))}` },
      { metric: 'median script part (ms)', value: round(median(scripts)) },
    ],
    notes: [
      'Headless Chromium 1920×944 on the shared 2-core machine, the whole stack (simulator and every service) running in the same test; the rest of each render is style and layout.',
      'Only cards in view exist in the page (at most 18, approval cards included), so this is the cost of any full redraw of the board.',
    ],
  };
  updateReport(path.join(repositoryRoot, 'docs/benchmarks.md'), [{ benchmark, text: renderSection(benchmark, result, new Date()) }]);
  return result;
}
