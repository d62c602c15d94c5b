/**
 * Deterministic event ids. The id of a change is a hash of what it changes from and to, so the
 * same change published twice (a restart that reads lagging read models, a retried cycle) has the
 * same id and the broker's duplicate window drops it; a change back to an earlier version has a
 * different "from" and therefore a new id.
 */
import type { Environment, MarketInternalState } from '@polly/contracts';
import { digest } from './fingerprint';

export type SyncedKind = 'series' | 'event' | 'market';

export const syncedEventId = (environment: Environment, kind: SyncedKind, key: string, previous: string | null, next: string): string =>
  `discovery:${environment}:${kind}:${digest(kind, key, previous ?? '', next)}`;

export const stateChangedEventId = (
  environment: Environment,
  marketTicker: string,
  from: MarketInternalState | null,
  to: MarketInternalState,
  fingerprint: string,
): string => `discovery:${environment}:state:${digest(marketTicker, from ?? '', to, fingerprint)}`;

/** One revision of the plan is published once: its number is its identity. */
export const planEventId = (environment: Environment, revision: number): string => `discovery:${environment}:plan:${revision}`;
