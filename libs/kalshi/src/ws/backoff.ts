/**
 * Reconnect back-off: 0.5 s doubling to 30 s (PRD). Jitter is off by default so behaviour is
 * deterministic; with `jitter` = j the delay is drawn from [d × (1 − j), d].
 */

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0 (default) to 1. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, jitter: 0 };

/** Delay before reconnect attempt `attempt` (0 = the first reconnect). */
export function reconnectDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  const base = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return jitter === 0 ? base : Math.round(base * (1 - jitter * random()));
}
