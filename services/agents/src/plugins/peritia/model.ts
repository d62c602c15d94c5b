/**
 * Peritia's settlement model for KXBTC15M: the probability that the simple average of the 60
 * one-second BRTI values before the close is at least the strike.
 *
 * The log index is a driftless random walk with variance σ² per second (σ from `volatility.ts`).
 * Over a few minutes the arithmetic mean of the values is, to well under a basis point, the
 * current value times exp(mean of the log moves), so with Φ the standard normal distribution:
 *
 * Before the window (the current second c is τ seconds before the window's first second):
 *   the window's values sit τ, τ+1, …, τ+59 seconds ahead, and the variance of the mean of a
 *   random walk at those offsets is σ² · (τ + (n−1)(2n−1)/(6n)), n = 60 (≈ τ + 19.5 s).
 *   P = Φ( ln(X / K) / (σ √V) ).
 *
 * Inside the window (k of the n values are known, with average Ā; r = n − k remain):
 *   YES needs the remaining values to average at least R = (n·K − k·Ā) / r. They sit 1…r
 *   seconds ahead, with variance of their mean σ² · (r+1)(2r+1)/(6r).
 *   P = 1 when R ≤ 0, else Φ( ln(X / R) / (σ √V) ); with r = 0 the result is known: Ā ≥ K.
 *
 * What the model leaves out (see docs/agents.md): drift and the Itô term (both far below a
 * basis point over 15 minutes), jumps and fat tails (partly covered by the volatility floor
 * and the probability cap in the decision), and the exchange's rounding of the average.
 */
export const WINDOW_SECONDS = 60;

/** Standard normal distribution function (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - polynomial * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface SettlementInputs {
  /** The latest index value and its time (ms). */
  value: number;
  at: number;
  /** The market's close (ms): the window is the n seconds before it. */
  closeTime: number;
  strike: number;
  /** The average of the window values known so far (null before the window). */
  knownAverage: number | null;
  /** Volatility of the log index per √second. */
  sigma: number;
  windowSeconds?: number;
}

export interface SettlementEstimate {
  probability: number;
  phase: 'before-window' | 'in-window' | 'decided';
  /** How many of the window's values are known. */
  knownSeconds: number;
  /** The average the still unknown values need (the strike before the window). */
  requiredAverage: number;
  /** Variance of the unknown part, in seconds of random walk (multiply by σ²). */
  varianceSeconds: number;
  zScore: number | null;
}

/** How many window values exist at `at`: one per second from the window's first second on. */
export function knownWindowSeconds(at: number, closeTime: number, windowSeconds = WINDOW_SECONDS): number {
  const firstSecond = Math.floor(closeTime / 1000) - windowSeconds;
  const second = Math.floor(at / 1000);
  return Math.max(0, Math.min(windowSeconds, second - firstSecond + 1));
}

function probabilityAbove(value: number, required: number, sigma: number, varianceSeconds: number): { probability: number; zScore: number | null } {
  if (required <= 0) return { probability: 1, zScore: null };
  const spread = sigma * Math.sqrt(varianceSeconds);
  const distance = Math.log(value / required);
  if (spread <= 0) return { probability: distance >= 0 ? 1 : 0, zScore: null };
  const zScore = distance / spread;
  return { probability: normalCdf(zScore), zScore };
}

export function settlementProbability(inputs: SettlementInputs): SettlementEstimate {
  const n = inputs.windowSeconds ?? WINDOW_SECONDS;
  const known = knownWindowSeconds(inputs.at, inputs.closeTime, n);
  if (known === 0) {
    const firstSecond = Math.floor(inputs.closeTime / 1000) - n;
    const ahead = Math.max(1, firstSecond - Math.floor(inputs.at / 1000));
    const varianceSeconds = ahead + ((n - 1) * (2 * n - 1)) / (6 * n);
    const { probability, zScore } = probabilityAbove(inputs.value, inputs.strike, inputs.sigma, varianceSeconds);
    return { probability, phase: 'before-window', knownSeconds: 0, requiredAverage: inputs.strike, varianceSeconds, zScore };
  }
  const average = inputs.knownAverage ?? inputs.value;
  const remaining = n - known;
  if (remaining === 0) {
    return { probability: average >= inputs.strike ? 1 : 0, phase: 'decided', knownSeconds: known, requiredAverage: inputs.strike, varianceSeconds: 0, zScore: null };
  }
  const requiredAverage = (n * inputs.strike - known * average) / remaining;
  const varianceSeconds = ((remaining + 1) * (2 * remaining + 1)) / (6 * remaining);
  const { probability, zScore } = probabilityAbove(inputs.value, requiredAverage, inputs.sigma, varianceSeconds);
  return { probability, phase: 'in-window', knownSeconds: known, requiredAverage, varianceSeconds, zScore };
}
