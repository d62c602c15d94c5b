/**
 * A stack service run as its own process from its built bundle
 * (`.artifacts/dist/services/<name>/main.mjs`), exactly as local mode runs it, so a test can kill
 * it with any signal (SIGKILL: no graceful stop, nothing flushed) and start it again. Its stdout
 * and stderr lines join the stack's captured logs.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from '@polly/testing';
import { serviceProcessEnv } from '../services';
import { findRoot } from '../settings';

export interface ChildService {
  readonly name: string;
  readonly pid: number;
  readonly healthPort: number;
  /** Send a signal and wait until the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Send a signal and return at once (SIGSTOP freezes the process, SIGCONT resumes it). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(): Promise<void>;
}

// Found from the working directory when asked (bundled as ESM, this module has no __dirname).
export const bundlePath = (name: string): string => path.join(findRoot(), '.artifacts/dist/services', name, 'main.mjs');

/** Bundle services from their current sources (esbuild, a second or two each). */
export async function bundleServices(names: readonly string[]): Promise<void> {
  for (const name of names) {
    const root = findRoot();
    await promisify(execFile)(process.execPath, [path.join(root, 'infra/bundle.mjs'), 'src/main.ts'], { cwd: path.join(root, 'services', name) });
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return exited(child) ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startChildService(
  name: string,
  env: Record<string, string>,
  lines: string[],
  options: { logLevel: string; echo: boolean; readyTimeoutMs?: number },
): Promise<ChildService> {
  const entry = bundlePath(name);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build it first (npm run build, or the stack's build option)`);
  const healthPort = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: serviceProcessEnv(name, { ...process.env, ...env, POLLY_HEALTH_PORT: String(healthPort), POLLY_LOG_LEVEL: options.logLevel }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (options.echo) process.stdout.write(`${line}\n`);
    });
  }
  const service: ChildService = {
    name,
    pid: child.pid ?? 0,
    healthPort,
    kill: async (signal) => {
      if (!exited(child)) child.kill(signal);
      await waitForExit(child);
    },
    signal: (signal) => {
      if (!exited(child)) child.kill(signal);
    },
    stop: async () => {
      if (exited(child)) return;
      // A frozen process cannot stop by itself.
      child.kill('SIGCONT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await waitForExit(child);
      clearTimeout(timer);
    },
  };
  // Ready when /readyz answers 200; a process that exits first fails at once, with its last lines.
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited(child)) throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} before it was ready: ${lines.slice(-5).join('\n')}`);
    const response = await fetch(`http://127.0.0.1:${healthPort}/readyz`).catch(() => null);
    if (response?.ok) break;
    if (Date.now() > deadline) {
      await service.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return service;
}
