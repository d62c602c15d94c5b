/**
 * How Kalshi keys reach the services that sign requests, without the bus, logs or Postgres:
 * the control API verifies a key pair and writes it to `<secrets dir>/<environment>.json`
 * (mode 0600, readable by the service user alone); signing services read it when CONTROL says
 * `keys.connected` (and at start), and forget it on `keys.disconnected`. Disconnecting
 * overwrites the file before removing it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const StoredKeyPair = z.object({
  keyId: z.string().min(1).max(200),
  privateKeyPem: z.string().includes('PRIVATE KEY'),
  connectedAt: z.string(),
});
export type StoredKeyPair = z.infer<typeof StoredKeyPair>;

type Environment = 'live' | 'demo';

const fileOf = (directory: string, environment: Environment) => path.join(directory, `${environment}.json`);

export function writeKeyPair(directory: string, environment: Environment, keyPair: StoredKeyPair): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
  const target = fileOf(directory, environment);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(StoredKeyPair.parse(keyPair)), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, target);
}

/** The stored key pair, or undefined when none is connected (or the file is unreadable). */
export function readKeyPair(directory: string, environment: Environment): StoredKeyPair | undefined {
  const file = fileOf(directory, environment);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = StoredKeyPair.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function clearKeyPair(directory: string, environment: Environment): void {
  const file = fileOf(directory, environment);
  if (!existsSync(file)) return;
  writeFileSync(file, Buffer.alloc(statSync(file).size, 0));
  rmSync(file, { force: true });
}

/** A key id is not a secret, but only its last four characters are ever shown or published. */
export const keyIdHint = (keyId: string): string => keyId.slice(-4);
