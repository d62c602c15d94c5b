/**
 * Realised volatility of an index from its own stream: an exponentially weighted moving average
 * (EWMA) of squared log returns, scaled to one second.
 *
 *   r = ln(value / previous value),  Δt = seconds between the two values
 *   sample = r² / Δt                      (variance per second implied by this step)
 *   w = 1 − 0.5^(Δt / halfLife)           (older information halves every halfLife seconds)
 *   variance ← variance + w · (sample − variance)     (the first sample sets it)
 *
 * Weighting by elapsed time rather than by count keeps the estimate right when values arrive
 * irregularly. A gap longer than `maximumGapSeconds` restarts the return chain (the step across
 * a gap says little about one second) without forgetting the variance. Values that do not move
 * forward in time are ignored. Index levels are numbers (not money).
 */
export interface VolatilityState {
  /** Variance of the log price per second. */
  variance: number;
  /** How many returns have been folded. */
  samples: number;
  previousValue: number | null;
  previousAt: number | null;
}

export interface VolatilitySettings {
  halfLifeSeconds: number;
  maximumGapSeconds: number;
}

export const initialVolatility = (): VolatilityState => ({ variance: 0, samples: 0, previousValue: null, previousAt: null });

export function foldIndexValue(state: VolatilityState, value: number, at: number, settings: VolatilitySettings): VolatilityState {
  if (!(value > 0) || !Number.isFinite(value)) return state;
  if (state.previousAt !== null && at <= state.previousAt) return state;
  if (state.previousValue === null || state.previousAt === null || (at - state.previousAt) / 1000 > settings.maximumGapSeconds) {
    return { ...state, previousValue: value, previousAt: at };
  }
  const elapsedSeconds = (at - state.previousAt) / 1000;
  const logReturn = Math.log(value / state.previousValue);
  const sample = (logReturn * logReturn) / elapsedSeconds;
  const weight = 1 - 0.5 ** (elapsedSeconds / settings.halfLifeSeconds);
  const variance = state.samples === 0 ? sample : state.variance + weight * (sample - state.variance);
  return { variance, samples: state.samples + 1, previousValue: value, previousAt: at };
}

/** Volatility per √second, never below `floor` (a quiet stretch must not make the model certain). */
export const volatilityPerSqrtSecond = (state: VolatilityState, floor: number): number => Math.max(Math.sqrt(state.variance), floor);
