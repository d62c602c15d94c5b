/**
 * Keys for the local exchange simulator: an RSA pair made on this machine. The public half is
 * registered with the simulator (its --keys-dir); the private half goes in a small env file the
 * cockpit can auto-fill from, exactly as a user's own .env would.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readEnvFile } from '../env-file';

export interface SimulatorKeys {
  keyId: string;
  publicKeysDir: string;
  envFile: string;
  privateKeyPath: string;
}

export function simulatorKeys(artifacts: string, regenerate = false): SimulatorKeys {
  const folder = path.join(artifacts, 'sim');
  const publicKeysDir = path.join(folder, 'public-keys');
  const envFile = path.join(folder, 'sim.env');
  const privateKeyPath = path.join(folder, 'demo-private-key.pem');
  mkdirSync(publicKeysDir, { recursive: true });
  const existing = readEnvFile(envFile).KALSHI_DEMO_KEY_ID;
  if (!regenerate && existing && existsSync(privateKeyPath) && readdirSync(publicKeysDir).includes(`${existing}.pem`)) {
    return { keyId: existing, publicKeysDir, envFile, privateKeyPath };
  }
  const keyId = randomUUID();
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path.join(publicKeysDir, `${keyId}.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(privateKeyPath, 0o600);
  writeFileSync(
    envFile,
    [
      '# Keys for the local exchange simulator (simulated money only). Made by `polly keys generate --sim`.',
      `KALSHI_DEMO_KEY_ID=${keyId}`,
      `KALSHI_DEMO_PRIVATE_KEY_PATH=${privateKeyPath}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return { keyId, publicKeysDir, envFile, privateKeyPath };
}
