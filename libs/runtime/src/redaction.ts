/**
 * Keeps Kalshi keys and other secrets out of logs. Anything under a key-like field name is
 * replaced, and any string that looks like key material (PEM blocks, base64 RSA and Ed25519 key bodies) is
 * replaced wherever it appears.
 */
const secretFieldPattern = /(private.?key|secret|password|passwd|token|signature|authorization|cookie|pem|credential)/i;
const secretValuePatterns = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /MII[A-Za-z0-9+/]{60,}={0,2}/g,
  // The body of an Ed25519 private key (PKCS#8, 48 bytes: a fixed 16-byte header, then the key).
  /MC4CAQAwBQYDK2VwBCIEI[A-Za-z0-9+/]{43}/g,
];
export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  let result = text;
  for (const pattern of secretValuePatterns) result = result.replace(pattern, REDACTED);
  return result;
}

/** A deep copy with secrets replaced. Cycles and depth are bounded. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[truncated]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = secretFieldPattern.test(key) && item !== null && item !== undefined && item !== '' ? REDACTED : redact(item, depth + 1, seen);
  }
  return copy;
}
