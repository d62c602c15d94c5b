/**
 * Deterministic event ids. The id is the JetStream msgID, so publishing the same frame twice
 * (a retry after a lost acknowledgement, a restart that re-reads frames) is dropped by the
 * broker's duplicate window instead of stored twice:
 *   md:{environment}:{connectionId}:{sid}:{seq}   a sequenced frame
 *   md:{environment}:{connectionId}:{sid}:f{n}    an unsequenced frame (n-th data frame of the socket)
 *   md:{environment}:trade:{trade_id}              a public trade (the exchange's own id)
 * An id must be at most 200 characters of letters, digits and `: . - + / = _`; parts that break
 * that rule (an odd ticker, a very long one) are replaced by a hash of the whole id.
 */
import { createHash } from 'node:crypto';

const MAXIMUM_LENGTH = 200;
const allowed = /^[\w:.\-+/=]+$/;

export function eventId(prefix: readonly string[], parts: ReadonlyArray<string | number>): string {
  const head = prefix.join(':');
  const id = `${head}:${parts.join(':')}`;
  if (id.length <= MAXIMUM_LENGTH && allowed.test(id)) return id;
  return `${head}:h${createHash('sha256').update(id).digest('hex').slice(0, 48)}`;
}

/** A hash of values that together identify one report (for reports without an id of their own). */
export function contentKey(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 32);
}
