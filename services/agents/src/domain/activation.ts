/**
 * When an environment's agents may become ACTIVE: after the startup reconciliation (PRD: it runs
 * at start, before agents activate), or at once when no reconciliation is running.
 *
 * A wait begins when the service starts and again on each `keys.connected` (the reconciliation
 * can only talk to the exchange once keys exist). It ends when
 *   - a `reconciliation.completed` arrives after the wait began;
 *   - the reconciliation service already completed a cycle since it started (nothing to wait for);
 *   - no cycle started within `quietMs` (30 s): reconciliation is not running;
 *   - a cycle started but did not complete within `longestMs`: agents do not wait for ever.
 */
export interface ActivationSettings {
  quietMs: number;
  longestMs: number;
}

export const DEFAULT_ACTIVATION: ActivationSettings = { quietMs: 30_000, longestMs: 5 * 60_000 };

export type Activation =
  | { phase: 'waiting'; since: number; cycleStartedAt: number | null }
  | { phase: 'active'; reason: string };

export type ActivationInput =
  | { kind: 'started'; at: number }
  | { kind: 'completed'; at: number; clean: boolean }
  | { kind: 'tick'; at: number };

export const beginWaiting = (now: number): Activation => ({ phase: 'waiting', since: now, cycleStartedAt: null });

export function advanceActivation(activation: Activation, input: ActivationInput, settings: ActivationSettings): Activation {
  if (activation.phase === 'active') return activation;
  switch (input.kind) {
    case 'started':
      return input.at >= activation.since && activation.cycleStartedAt === null ? { ...activation, cycleStartedAt: input.at } : activation;
    case 'completed':
      return input.at >= activation.since
        ? { phase: 'active', reason: input.clean ? 'startup reconciliation completed clean' : 'startup reconciliation completed (differences repaired)' }
        : activation;
    case 'tick':
      if (activation.cycleStartedAt === null && input.at - activation.since >= settings.quietMs) {
        return { phase: 'active', reason: `no reconciliation cycle started within ${Math.round(settings.quietMs / 1000)} s` };
      }
      if (activation.cycleStartedAt !== null && input.at - activation.cycleStartedAt >= settings.longestMs) {
        return { phase: 'active', reason: `the reconciliation cycle did not complete within ${Math.round(settings.longestMs / 1000)} s` };
      }
      return activation;
  }
}

/** What the wait is for, for the INITIALIZING reason (null once active). */
export const waitingReason = (activation: Activation): string | null =>
  activation.phase === 'active'
    ? null
    : activation.cycleStartedAt === null
      ? 'waiting for the startup reconciliation'
      : 'waiting for the running reconciliation cycle to complete';

/** When the next tick can change anything (a housekeeping timer, never a polling loop). */
export function nextActivationCheck(activation: Activation, settings: ActivationSettings): number | null {
  if (activation.phase === 'active') return null;
  return activation.cycleStartedAt === null ? activation.since + settings.quietMs : activation.cycleStartedAt + settings.longestMs;
}
