import { formatAgo, formatCountdown } from './clock';

describe('countdowns', () => {
  it.each([
    [45_000, '45s'],
    [206_000, '3m 26s'],
    [7_500_000, '2h 05m'],
    [4 * 86_400_000 + 7 * 3_600_000, '4d 07h'],
    [0, '0s'],
    [-5_000, '0s'],
    [Number.NaN, '0s'],
  ])('writes %d ms as %s', (milliseconds, text) => expect(formatCountdown(milliseconds)).toBe(text));
});

describe('time since', () => {
  it.each([
    [500, 'just now'],
    [12_000, '12s ago'],
    [300_000, '5m ago'],
    [3 * 3_600_000, '3h ago'],
    [2 * 86_400_000, '2d ago'],
  ])('writes %d ms as %s', (milliseconds, text) => expect(formatAgo(milliseconds)).toBe(text));
});
