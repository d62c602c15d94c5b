/**
 * The PRD's key auto-fill: the `.env` file may hold one key pair per environment
 * (`KALSHI_{DEMO,LIVE}_KEY_ID` with `KALSHI_{DEMO,LIVE}_PRIVATE_KEY` as PEM text, or
 * `..._PRIVATE_KEY_PATH` naming a PEM file). PEM text may span lines inside double quotes or use
 * `\n` escapes. The parse is pure; reading the files is the caller's.
 */
import { ENVIRONMENTS, type Environment } from '@polly/contracts';

function closingQuote(text: string): number {
  for (let position = 0; position < text.length; position += 1) {
    if (text[position] === '\\') position += 1;
    else if (text[position] === '"') return position;
  }
  return -1;
}

/** Parse dotenv text: KEY=value, # comments, `export`, quotes, and multi-line double-quoted values. */
export function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const assignment = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s?(.*)$/.exec(lines[index] as string);
    if (!assignment) continue;
    const name = assignment[1] as string;
    const raw = (assignment[2] as string).trim();
    if (raw.startsWith('"')) {
      // A double-quoted value ends at the first unescaped quote, possibly lines later.
      let body = raw.slice(1);
      let closing = closingQuote(body);
      while (closing < 0 && index + 1 < lines.length) {
        index += 1;
        body += `\n${lines[index] as string}`;
        closing = closingQuote(body);
      }
      values.set(name, (closing >= 0 ? body.slice(0, closing) : body).replace(/\\n/g, '\n').replace(/\\"/g, '"'));
    } else if (raw.startsWith("'")) {
      const closing = raw.indexOf("'", 1);
      values.set(name, closing > 0 ? raw.slice(1, closing) : raw.slice(1));
    } else {
      values.set(name, raw.replace(/\s+#.*$/, '').replace(/\\n/g, '\n'));
    }
  }
  return values;
}

export interface EnvKeyEntry {
  keyId: string | null;
  /** PEM text given inline. */
  privateKey: string | null;
  /** A path to a PEM file (relative paths are relative to the .env file). */
  privateKeyPath: string | null;
}

export function keyEntries(values: Map<string, string>): Record<Environment, EnvKeyEntry> {
  const entries = {} as Record<Environment, EnvKeyEntry>;
  for (const environment of ENVIRONMENTS) {
    const prefix = `KALSHI_${environment.toUpperCase()}`;
    const value = (suffix: string) => values.get(`${prefix}_${suffix}`)?.trim() || null;
    const pem = value('PRIVATE_KEY');
    // A PEM file ends with a newline; trimming took it off.
    entries[environment] = { keyId: value('KEY_ID'), privateKey: pem === null ? null : `${pem}\n`, privateKeyPath: value('PRIVATE_KEY_PATH') };
  }
  return entries;
}
