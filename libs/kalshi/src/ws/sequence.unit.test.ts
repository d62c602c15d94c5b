import { reconnectDelay } from './backoff';
import { SequenceTracker } from './sequence';

describe('sequence tracking per subscription', () => {
  it('takes the first number seen as the baseline when nothing is known', () => {
    const tracker = new SequenceTracker();
    expect(tracker.observe(4, 17)).toEqual({ kind: 'first' });
    expect(tracker.observe(4, 18)).toEqual({ kind: 'next' });
  });

  it('expects seq 1 first on a fresh subscription', () => {
    const tracker = new SequenceTracker();
    tracker.expectFromStart(1);
    expect(tracker.observe(1, 1)).toEqual({ kind: 'next' });
    tracker.expectFromStart(2);
    expect(tracker.observe(2, 3)).toEqual({ kind: 'gap', expected: 1, received: 3 });
  });

  it('reports a gap and resumes from the number received', () => {
    const tracker = new SequenceTracker();
    tracker.expectFromStart(1);
    tracker.observe(1, 1);
    expect(tracker.observe(1, 4)).toEqual({ kind: 'gap', expected: 2, received: 4 });
    expect(tracker.observe(1, 5)).toEqual({ kind: 'next' });
  });

  it('drops duplicates and late numbers', () => {
    const tracker = new SequenceTracker();
    tracker.observe(1, 10);
    expect(tracker.observe(1, 10)).toEqual({ kind: 'duplicate', last: 10 });
    expect(tracker.observe(1, 3)).toEqual({ kind: 'duplicate', last: 10 });
    expect(tracker.lastSeq(1)).toBe(10);
  });

  it('keeps sids independent', () => {
    const tracker = new SequenceTracker();
    tracker.observe(1, 1);
    tracker.observe(2, 50);
    expect(tracker.observe(1, 2)).toEqual({ kind: 'next' });
    expect(tracker.observe(2, 51)).toEqual({ kind: 'next' });
  });

  it('lets a reply move the baseline only when it is the next number', () => {
    const tracker = new SequenceTracker();
    tracker.observe(1, 5);
    tracker.observeReply(1, 5);
    expect(tracker.lastSeq(1)).toBe(5);
    tracker.observeReply(1, 6);
    expect(tracker.observe(1, 7)).toEqual({ kind: 'next' });
    tracker.observeReply(1, 12);
    expect(tracker.observe(1, 8)).toEqual({ kind: 'next' });
  });

  it('forgets everything on reset', () => {
    const tracker = new SequenceTracker();
    tracker.observe(1, 5);
    tracker.reset();
    expect(tracker.observe(1, 1)).toEqual({ kind: 'first' });
  });
});

describe('reconnect back-off', () => {
  it('starts at 0.5 s and doubles up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => reconnectDelay(attempt))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('draws from [d × (1 − jitter), d] when jitter is on', () => {
    const options = { initialMs: 1000, maxMs: 30_000, jitter: 0.5 };
    expect(reconnectDelay(0, options, () => 0)).toBe(1000);
    expect(reconnectDelay(0, options, () => 1)).toBe(500);
  });
});
