/**
 * The bearer token for non-browser clients (the CLI, scripts). Given by POLLY_CONTROL_TOKEN, or
 * generated at every start and written to a file only this user can read, so the CLI on the same
 * machine finds it and nobody else does.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ControlToken {
  token: string;
  /** Where a generated token was written; undefined when it came from the environment. */
  file: string | undefined;
}

export function resolveControlToken(configured: string | undefined, file: string): ControlToken {
  if (configured) return { token: configured, file: undefined };
  const token = randomBytes(32).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return { token, file };
}
