/**
 * What local mode needs on the machine. Node packages come from npm; the one system binary is
 * nats-server. When it is missing we install it (as root, with apt-get) or say exactly how.
 */
import { spawnSync } from 'node:child_process';
import { findExecutable } from '@polly/testing';
import { done, problem, step } from '../output';

export function ensureNatsServer(allowInstall: boolean): string | undefined {
  const found = findExecutable('nats-server');
  if (found) return found;
  const apt = findExecutable('apt-get');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (allowInstall && apt && root) {
    step('nats-server is missing; installing it with apt-get (Debian package nats-server)');
    const update = spawnSync(apt, ['update'], { stdio: 'inherit' });
    const install = update.status === 0 ? spawnSync(apt, ['install', '-y', 'nats-server'], { stdio: 'inherit' }) : update;
    const installed = findExecutable('nats-server');
    if (install.status === 0 && installed) {
      done(`installed ${installed}`);
      return installed;
    }
  }
  problem('nats-server is not installed and is needed to run the event bus.');
  problem(root || !apt ? '  install it: apt-get install -y nats-server   (or download it from nats.io and put it on PATH)' : '  install it: sudo apt-get install -y nats-server');
  return undefined;
}

export function nodeVersionProblem(): string | undefined {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19) ? undefined : `Node.js ${process.versions.node} is too old: install Node.js 20.19 or newer`;
}
