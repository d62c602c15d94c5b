/**
 * `polly keys connect [demo|live]`: connect the key pairs named in the control API's key file
 * (.env, or the simulator's key file in --sim mode) through the running control API, which
 * verifies them with the exchange. The same script serves containers as `polly-connect-keys`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Settings } from '../settings';

export function connectKeys(settings: Settings, environments: string[]): Promise<number> {
  const script = path.join(settings.root, 'infra', 'docker', 'connect-keys.mjs');
  const env = {
    ...settings.env,
    POLLY_CONTROL_TOKEN_FILE: settings.env.POLLY_CONTROL_TOKEN_FILE ?? path.join(settings.artifacts, 'control-token'),
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...environments], { env, stdio: 'inherit' });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}
