/**
 * NATS KV keys. A key may hold only letters, digits and `- / _ = .` (dots separate tokens), but
 * client order ids may contain `:` and `+`, and agent ids anything. `kvToken` writes every other
 * character as `=` and the hex of its UTF-8 bytes (`=` itself included), so distinct texts get
 * distinct keys and the mapping reverses.
 */
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
