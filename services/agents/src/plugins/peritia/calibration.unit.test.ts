/**
 * Peritia's model against the exchange simulator's own BRTI and settlement rule: at fixed times
 * before each close it prices "the 60-second average before the close ≥ the 60-second average
 * before the open" from the index, the running average and its EWMA volatility, and the
 * probabilities are compared with what the simulator then settles. Deterministic (fixed seed).
 *
 * Calibrated means: in each probability band the share of YES outcomes is close to the average
 * probability, and the Brier score beats always saying the base rate (about 0.25).
 */
import { SimulatedExchange } from '@polly/exchange-sim';
import { settlementProbability } from './model';
import { foldIndexValue, initialVolatility, volatilityPerSqrtSecond } from './volatility';

const QUARTER_HOUR = 15 * 60_000;
const SECONDS_BEFORE_CLOSE = [600, 300, 120, 45, 15];

interface Forecast {
  secondsLeft: number;
  probability: number;
  outcome: number;
}

function forecasts(windows: number): Forecast[] {
  const startTime = Math.ceil(Date.parse('2026-11-21T00:00:00Z') / QUARTER_HOUR) * QUARTER_HOUR;
  const index = new SimulatedExchange({ seed: 11, markets: 50, startTime, clockMode: 'manual' }).index;
  let volatility = initialVolatility();
  const results: Forecast[] = [];
  for (let window = 0; window < windows; window += 1) {
    const open = startTime + window * QUARTER_HOUR;
    const close = open + QUARTER_HOUR;
    index.advanceTo(open - 1);
    const strike = index.averageBefore(open);
    const pending: Array<Omit<Forecast, 'outcome'>> = [];
    for (let second = open / 1000; second < close / 1000; second += 1) {
      index.advanceTo(second * 1000);
      const value = index.latest / 100;
      volatility = foldIndexValue(volatility, value, second * 1000, { halfLifeSeconds: 300, maximumGapSeconds: 120 });
      const secondsLeft = close / 1000 - second;
      if (strike === null || window < 2 || !SECONDS_BEFORE_CLOSE.includes(secondsLeft)) continue;
      const running = index.runningAverage();
      const estimate = settlementProbability({
        value,
        at: second * 1000,
        closeTime: close,
        strike: strike / 100,
        knownAverage: running === null ? null : running / 100,
        sigma: volatilityPerSqrtSecond(volatility, 2e-5),
      });
      pending.push({ secondsLeft, probability: estimate.probability });
    }
    index.advanceTo(close + 1000);
    const settled = index.averageBefore(close);
    if (strike === null || settled === null) continue;
    for (const forecast of pending) results.push({ ...forecast, outcome: settled >= strike ? 1 : 0 });
  }
  return results;
}

describe('Peritia’s model against the simulator’s BRTI', () => {
  const all = forecasts(300);

  // Brier scores measured with this seed: 0.196, 0.141, 0.081, 0.022, 0.004 (the base rate scores 0.25).
  it.each([
    [600, 0.21],
    [300, 0.16],
    [120, 0.1],
    [45, 0.035],
    [15, 0.01],
  ])('is calibrated and scores a Brier under the bar %i s before the close', (secondsLeft, bar) => {
    const subset = all.filter((forecast) => forecast.secondsLeft === secondsLeft);
    expect(subset.length).toBeGreaterThan(250);
    const brier = subset.reduce((sum, forecast) => sum + (forecast.probability - forecast.outcome) ** 2, 0) / subset.length;
    expect(brier).toBeLessThan(bar);
    for (const [low, high] of [[0, 0.2], [0.2, 0.4], [0.4, 0.6], [0.6, 0.8], [0.8, 1.01]] as const) {
      const band = subset.filter((forecast) => forecast.probability >= low && forecast.probability < high);
      if (band.length < 40) continue;
      const meanProbability = band.reduce((sum, forecast) => sum + forecast.probability, 0) / band.length;
      const frequency = band.reduce((sum, forecast) => sum + forecast.outcome, 0) / band.length;
      // Binomial noise at 40 outcomes is about ±0.08 (one standard error).
      expect(Math.abs(meanProbability - frequency)).toBeLessThan(0.16);
    }
  });
});
