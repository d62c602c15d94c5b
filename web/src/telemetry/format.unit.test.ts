import { formatDateTime, formatLoadSeconds, millisecondsToNextMinute, sparklinePoints } from './format';

describe('telemetry formatting', () => {
  it('writes DAT/TIM as M/D and 24-hour HH:MM', () => {
    expect(formatDateTime(new Date(2026, 10, 21, 8, 5, 30))).toEqual({ date: '11/21', time: '08:05' });
    expect(formatDateTime(new Date(2026, 0, 3, 23, 59))).toEqual({ date: '1/3', time: '23:59' });
  });

  it('writes LOAD in seconds with two decimals', () => {
    expect(formatLoadSeconds(420)).toBe('0.42s');
    expect(formatLoadSeconds(1234)).toBe('1.23s');
  });

  it('ticks the clock on the minute', () => {
    expect(millisecondsToNextMinute(new Date(2026, 0, 1, 0, 0, 59, 500))).toBe(500);
  });

  it('draws the newest ping sample at the right edge', () => {
    const points = sparklinePoints([50, 100], 60, 14, 4);
    expect(points).toHaveLength(2);
    expect(points[1]?.[0]).toBe(60);
    expect(points[1]?.[1]).toBeCloseTo(1);
  });
});
