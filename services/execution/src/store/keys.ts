/**
 * NATS KV keys. A key may hold only letters, digits and `- / _ = .` (dots separate tokens), but
 * client order ids may contain `:` and `+`, and agent ids anything. `kvToken` writes every other
 * character as `=` and the hex of its UTF-8 bytes (`=` itself included), so distinct texts get
 * distinct keys and the mapping reverses.
 */
import { encodeSubjectToken } from '@polly/contracts';

const plain = /[A-Za-z0-9_\-/]/;

export function kvToken(text: string): string {
  if (text.length === 0) throw new Error('a KV key token cannot be empty');
  let token = '';
  for (const character of text) {
    if (plain.test(character)) token += character;
    else for (const byte of Buffer.from(character, 'utf8')) token += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return token;
}

export function fromKvToken(token: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < token.length; index += 1) {
    if (token[index] === '=') {
      bytes.push(parseInt(token.slice(index + 1, index + 3), 16));
      index += 2;
    } else bytes.push(token.charCodeAt(index));
  }
  return Buffer.from(bytes).toString('utf8');
}

const VALID_KV_KEY = /^[-/=\w]+(\.[-/=\w]+)*$/;

/**
 * The key of a market in the cache's `market-state-{environment}` bucket. The contract says
 * "escaped like a subject token", but KV keys cannot hold `%`, so a ticker with a dot is stored
 * under the ticker itself (dots are legal in KV keys) — the rule the control API reads with too.
 */
export function marketStateKey(ticker: string): string | undefined {
  const escaped = encodeSubjectToken(ticker);
  if (VALID_KV_KEY.test(escaped)) return escaped;
  return VALID_KV_KEY.test(ticker) ? ticker : undefined;
}
