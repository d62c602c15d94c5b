import { clock, pnlPoint } from '../testing/fixtures';
import { buildChart, niceSpan, rangeStart } from './pnl-chart';

const series = new Map([
  ['prime', [pnlPoint(-3_600_000, '1.500000'), pnlPoint(-1_800_000, '-2.250000')]],
  ['peritia', [pnlPoint(-40 * 86_400_000, '12.000000')]],
  ['account', [pnlPoint(-1_800_000, '-0.750000')]],
]);

describe('the x-range', () => {
  it('starts the read a day, a week, a month or a year back, or at the first point', () => {
    expect(rangeStart('24h', clock)?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(rangeStart('1w', clock)?.toISOString()).toBe('2026-11-14T12:00:00.000Z');
    expect(rangeStart('all', clock)).toBeNull();
  });
});

describe('the y-range', () => {
  it('rounds an automatic span up to 1, 2 or 5 × 10^k dollars, at least $1', () => {
    expect(niceSpan(0n)).toBe(1_000_000n);
    expect(niceSpan(2_250_000n)).toBe(5_000_000n);
    expect(niceSpan(12_000_000n)).toBe(20_000_000n);
    expect(niceSpan(50_000_000n)).toBe(50_000_000n);
  });
});

describe('a chart over the last 24 hours', () => {
  const chart = buildChart(series, ['prime', 'peritia', 'account'], '24h', 'all', clock, 240, 60);

  it('draws only the agents with points in range, as step lines ending at now', () => {
    expect(chart.lines.map((line) => line.agentId)).toEqual(['prime', 'account']);
    const prime = chart.lines[0];
    expect(prime?.points).toBe(2);
    expect(prime?.last).toBe(-2_250_000n);
    // 23 h into a 24 h axis at +1.5 of ±5, then −2.25 at 23.5 h, held to the right edge.
    expect(prime?.path).toBe('M230 21H235V43.5H240');
  });

  it('scales to the largest value seen', () => {
    expect(chart.span).toBe(5_000_000n);
    expect(chart.clipped).toBe(false);
  });
});

describe('a fixed y-range smaller than the values', () => {
  it('clips lines at the edge and says so', () => {
    const chart = buildChart(series, ['prime'], '24h', '10', clock, 240, 60);
    expect(chart.span).toBe(10_000_000n);
    const clipped = buildChart(new Map([['prime', [pnlPoint(-60_000, '25.000000')]]]), ['prime'], '24h', '10', clock, 240, 60);
    expect(clipped.clipped).toBe(true);
    expect(clipped.lines[0]?.path).toMatch(/^M\d+(\.\d)? 0H240$/);
  });
});

describe('all of it', () => {
  it('starts the axis at the first point', () => {
    const chart = buildChart(series, ['prime', 'peritia'], 'all', 'all', clock, 240, 60);
    expect(chart.from).toBe(clock - 40 * 86_400_000);
    expect(chart.lines.map((line) => line.agentId)).toEqual(['prime', 'peritia']);
  });

  it('draws nothing without points', () => {
    expect(buildChart(new Map(), ['prime'], 'all', 'all', clock, 240, 60).lines).toEqual([]);
  });
});
