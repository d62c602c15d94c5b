/** A real nats-server with JetStream, started from the local binary. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutable, freePort, waitForPort } from './processes';

export interface NatsServerOptions {
  port?: number;
  monitorPort?: number;
  storeDir?: string;
  /** Where the server's own log goes (default: discarded). */
  logFile?: string;
}

export interface RunningNatsServer {
  url: string;
  port: number;
  monitorPort: number | undefined;
  storeDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export const NATS_INSTALL_HINT = 'nats-server is not installed: run `apt-get install -y nats-server` (Debian/Ubuntu) or put the binary on PATH';

export async function startNatsServer(options: NatsServerOptions = {}): Promise<RunningNatsServer> {
  const binary = findExecutable('nats-server');
  if (!binary) throw new Error(NATS_INSTALL_HINT);
  const port = options.port ?? (await freePort());
  const temporary = !options.storeDir;
  const storeDir = options.storeDir ?? mkdtempSync(path.join(os.tmpdir(), 'polly-nats-'));
  mkdirSync(storeDir, { recursive: true });
  const parameters = ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)];
  if (options.monitorPort !== undefined) parameters.push('-m', String(options.monitorPort));
  if (options.logFile) parameters.push('-l', options.logFile);
  const child = spawn(binary, parameters, { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await waitForPort(port);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    monitorPort: options.monitorPort,
    storeDir,
    process: child,
    stop: async () => {
      if (!exited) {
        const done = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
        if (!exited) child.kill('SIGKILL');
      }
      if (temporary) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
