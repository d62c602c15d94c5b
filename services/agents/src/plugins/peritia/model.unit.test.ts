/** Peritia's settlement model and volatility estimate. */
import { knownWindowSeconds, normalCdf, settlementProbability } from './model';
import { foldIndexValue, initialVolatility, volatilityPerSqrtSecond } from './volatility';

const CLOSE = Date.parse('2026-11-21T12:15:00Z');
const WINDOW_START = CLOSE - 60_000;

/** A small seeded generator (mulberry32) and Box–Muller normals, for the Monte Carlo check. */
function normals(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

describe('the normal distribution function', () => {
  it('matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('the settlement probability', () => {
  describe('before the averaging window', () => {
    it('is one half when the index sits on the strike', () => {
      const estimate = settlementProbability({ value: 97_000, at: CLOSE - 300_000, closeTime: CLOSE, strike: 97_000, knownAverage: null, sigma: 1e-4 });
      expect(estimate.phase).toBe('before-window');
      expect(estimate.probability).toBeCloseTo(0.5, 6);
    });

    it('counts the time to the window plus a third of the window (the averaging shrinks the variance)', () => {
      const estimate = settlementProbability({ value: 97_000, at: WINDOW_START - 240_000, closeTime: CLOSE, strike: 96_900, knownAverage: null, sigma: 1e-4 });
      expect(estimate.varianceSeconds).toBeCloseTo(240 + (59 * 119) / 360, 9);
      const z = Math.log(97_000 / 96_900) / (1e-4 * Math.sqrt(estimate.varianceSeconds));
      expect(estimate.probability).toBeCloseTo(normalCdf(z), 12);
    });

    it('agrees with a Monte Carlo of the 60-second average of a random walk', () => {
      const sigma = 1e-4;
      const ahead = 60;
      const strike = 97_050;
      const draw = normals(7);
      const paths = 6_000;
      let wins = 0;
      for (let path = 0; path < paths; path += 1) {
        let logValue = Math.log(97_000);
        let sum = 0;
        for (let second = 1; second <= ahead + 59; second += 1) {
          logValue += sigma * draw();
          if (second >= ahead) sum += Math.exp(logValue);
        }
        if (sum / 60 >= strike) wins += 1;
      }
      const at = WINDOW_START - ahead * 1000;
      const estimate = settlementProbability({ value: 97_000, at, closeTime: CLOSE, strike, knownAverage: null, sigma });
      // Binomial standard error at 6,000 paths is about 0.006; a model that ignored the averaging
      // (variance ahead + 60 s instead of ahead + 19.5 s) would be off by about 0.04.
      expect(Math.abs(estimate.probability - wins / paths)).toBeLessThan(0.025);
    });
  });

  describe('inside the averaging window', () => {
    it('knows how many of the 60 values exist at each second', () => {
      expect(knownWindowSeconds(WINDOW_START - 1000, CLOSE)).toBe(0);
      expect(knownWindowSeconds(WINDOW_START, CLOSE)).toBe(1);
      expect(knownWindowSeconds(CLOSE - 1000, CLOSE)).toBe(60);
      expect(knownWindowSeconds(CLOSE + 5000, CLOSE)).toBe(60);
    });

    it('asks the remaining values for what the known part leaves: a high known average carries an index below the strike', () => {
      const at = CLOSE - 5000; // 56 values known, 4 to come
      const estimate = settlementProbability({ value: 96_950, at, closeTime: CLOSE, strike: 97_000, knownAverage: 97_100, sigma: 1e-4 });
      expect(estimate.phase).toBe('in-window');
      expect(estimate.knownSeconds).toBe(56);
      expect(estimate.requiredAverage).toBeCloseTo((60 * 97_000 - 56 * 97_100) / 4, 6);
      expect(estimate.probability).toBeGreaterThan(0.999);
      const ignoringTheWindow = settlementProbability({ value: 96_950, at: WINDOW_START - 5000, closeTime: CLOSE, strike: 97_000, knownAverage: null, sigma: 1e-4 });
      expect(ignoringTheWindow.probability).toBeLessThan(0.5);
    });

    it('is certain once every value is known', () => {
      expect(settlementProbability({ value: 1, at: CLOSE - 1000, closeTime: CLOSE, strike: 97_000, knownAverage: 97_000, sigma: 1e-4 }).probability).toBe(1);
      expect(settlementProbability({ value: 1e9, at: CLOSE - 1000, closeTime: CLOSE, strike: 97_000, knownAverage: 96_999.99, sigma: 1e-4 })).toMatchObject({ probability: 0, phase: 'decided' });
    });
  });
});

describe('the EWMA volatility', () => {
  const settings = { halfLifeSeconds: 300, maximumGapSeconds: 120 };

  it('estimates the per-second variance of a steady walk', () => {
    let state = initialVolatility();
    let value = 97_000;
    for (let second = 0; second <= 400; second += 1) {
      value *= second % 2 === 0 ? Math.exp(1e-4) : Math.exp(-1e-4);
      state = foldIndexValue(state, value, second * 1000, settings);
    }
    expect(state.samples).toBe(400);
    expect(volatilityPerSqrtSecond(state, 0)).toBeCloseTo(1e-4, 9);
  });

  it('scales a return by the time it took', () => {
    let state = foldIndexValue(initialVolatility(), 100, 0, settings);
    state = foldIndexValue(state, 100 * Math.exp(2e-4), 4000, settings);
    expect(state.variance).toBeCloseTo((2e-4) ** 2 / 4, 15);
  });

  it('ignores values that do not move forward and restarts the chain after a gap', () => {
    let state = foldIndexValue(initialVolatility(), 100, 10_000, settings);
    state = foldIndexValue(state, 200, 9_000, settings);
    expect(state.previousValue).toBe(100);
    state = foldIndexValue(state, 150, 10_000 + 121_000, settings);
    expect(state).toMatchObject({ samples: 0, previousValue: 150 });
  });

  it('never reports less than its floor', () => {
    expect(volatilityPerSqrtSecond(initialVolatility(), 2e-5)).toBe(2e-5);
  });
});
