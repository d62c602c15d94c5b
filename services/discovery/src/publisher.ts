/**
 * Publishing many MARKETS events quickly without reordering what must stay ordered: each group
 * (one market's `market.synced` then its `market.state-changed`) is published in order, groups
 * run side by side up to a window. Any failure rejects the whole call after the others settle,
 * so the caller remembers nothing it could not publish (the retry republishes the same ids).
 */
import type { Bus } from '@polly/bus';
import type { AnyEvent } from '@polly/contracts';

export interface PublishOutcome {
  stored: number;
  duplicates: number;
  byType: Map<string, { stored: number; duplicates: number }>;
}

export const emptyOutcome = (): PublishOutcome => ({ stored: 0, duplicates: 0, byType: new Map() });

export async function publishGroups(bus: Pick<Bus, 'publish'>, groups: readonly (readonly AnyEvent[])[], window = 256): Promise<PublishOutcome> {
  const outcome = emptyOutcome();
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < groups.length) {
      const group = groups[next++] ?? [];
      for (const event of group) {
        try {
          const result = await bus.publish(event);
          const counts = outcome.byType.get(event.type) ?? { stored: 0, duplicates: 0 };
          if (result.duplicate) {
            outcome.duplicates += 1;
            counts.duplicates += 1;
          } else {
            outcome.stored += 1;
            counts.stored += 1;
          }
          outcome.byType.set(event.type, counts);
        } catch (error) {
          failure ??= error;
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, groups.length) }, worker));
  if (failure !== undefined) throw failure;
  return outcome;
}
