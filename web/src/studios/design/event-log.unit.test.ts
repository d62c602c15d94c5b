import { appendEntry, eventLogCapacity, formatLogTime } from './event-log';

describe('the live event log', () => {
  it('keeps only the last seven events, newest last', () => {
    let entries: number[] = [];
    for (let index = 1; index <= 10; index += 1) entries = appendEntry(entries, index);
    expect(eventLogCapacity).toBe(7);
    expect(entries).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('stamps events with milliseconds', () => {
    expect(formatLogTime(new Date(2026, 0, 1, 9, 5, 7, 42))).toBe('09:05:07.042');
  });
});
