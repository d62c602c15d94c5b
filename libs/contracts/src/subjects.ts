/**
 * Subject names: `{stream prefix}.{environment}.{event type}[.{key}]`, general to specific, so a
 * wildcard picks exactly what a consumer needs (`trading.demo.order.>`).
 * Keys such as market tickers can contain dots (KXHIGHNY-26MAY16-B78.5), which NATS treats as
 * token separators, so keys are escaped into a single token.
 */
import type { Environment } from './envelope';

const escapes: Record<string, string> = { '%': '%25', '.': '%2E', '*': '%2A', '>': '%3E', ' ': '%20', '\t': '%09' };

/** Escape any text into one NATS subject token (reversible with decodeSubjectToken). */
export function encodeSubjectToken(text: string): string {
  if (text.length === 0) throw new Error('a subject token cannot be empty');
  return text.replace(/[%.*> \t]/g, (character) => escapes[character] as string);
}

export function decodeSubjectToken(token: string): string {
  return token.replace(/%(25|2E|2A|3E|20|09)/g, (_match, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** Prefix every subject with a namespace (used by tests to share one server in isolation). */
export function namespaced(namespace: string, subject: string): string {
  return namespace ? `${namespace}.${subject}` : subject;
}

export function eventSubject(prefix: string, environment: Environment, type: string, key?: string): string {
  const base = `${prefix}.${environment}.${type}`;
  return key === undefined ? base : `${base}.${encodeSubjectToken(key)}`;
}
