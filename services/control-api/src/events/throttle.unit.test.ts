import { Throttle, type Timers } from './throttle';

/** A clock that moves only when told, running due timers in order. */
function manualTimers() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const api: Timers & { advance(milliseconds: number): void } = {
    now: () => now,
    setTimeout: (callback, delayMs) => {
      nextId += 1;
      timers.set(nextId, { at: now + delayMs, callback });
      return nextId;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(milliseconds) {
      const target = now + milliseconds;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= target).sort(([, left], [, right]) => left.at - right.at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = target;
    },
  };
  return api;
}

describe('the market_update throttle', () => {
  const setup = () => {
    const timers = manualTimers();
    const emitted: Array<{ key: string; value: number; at: number }> = [];
    const throttle = new Throttle<number>(500, (key, value) => emitted.push({ key, value, at: timers.now() }), timers);
    return { timers, emitted, throttle };
  };

  describe('when a market is quiet', () => {
    it('sends its first update at once', () => {
      const { emitted, throttle } = setup();
      throttle.offer('demo:A', 1);
      expect(emitted).toEqual([{ key: 'demo:A', value: 1, at: 0 }]);
    });
  });

  describe('when a market updates 100 times a second for two seconds', () => {
    it('sends at most two updates per second, and the last one is the latest value', () => {
      const { timers, emitted, throttle } = setup();
      for (let tick = 0; tick < 200; tick += 1) {
        throttle.offer('demo:A', tick);
        timers.advance(10);
      }
      timers.advance(1000);
      expect(emitted.length).toBeLessThanOrEqual(5);
      expect(emitted.length).toBeGreaterThanOrEqual(4);
      for (let index = 1; index < emitted.length; index += 1) {
        expect((emitted[index]?.at ?? 0) - (emitted[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(500);
      }
      expect(emitted.at(-1)?.value).toBe(199);
      expect(throttle.coalesced).toBeGreaterThan(190);
    });
  });

  describe('when two markets update at the same time', () => {
    it('throttles each on its own', () => {
      const { timers, emitted, throttle } = setup();
      throttle.offer('demo:A', 1);
      throttle.offer('demo:B', 1);
      throttle.offer('demo:A', 2);
      throttle.offer('demo:B', 2);
      timers.advance(500);
      expect(emitted.map(({ key, value }) => `${key}=${value}`)).toEqual(['demo:A=1', 'demo:B=1', 'demo:A=2', 'demo:B=2']);
    });
  });

  describe('when an update arrives after a full quiet interval', () => {
    it('goes out at once, also after the key was pruned', () => {
      const { timers, emitted, throttle } = setup();
      throttle.offer('demo:A', 1);
      timers.advance(600);
      throttle.offer('demo:A', 2);
      timers.advance(600);
      throttle.prune();
      throttle.offer('demo:A', 3);
      expect(emitted.map(({ value, at }) => [value, at])).toEqual([
        [1, 0],
        [2, 600],
        [3, 1200],
      ]);
    });
  });

  describe('when it is closed with an update pending', () => {
    it('drops the pending update', () => {
      const { timers, emitted, throttle } = setup();
      throttle.offer('demo:A', 1);
      throttle.offer('demo:A', 2);
      throttle.close();
      timers.advance(1000);
      expect(emitted.map(({ value }) => value)).toEqual([1]);
    });
  });
});
