/**
 * Runs each service as its own process: output goes to .artifacts/logs/<service>.log and to the
 * console with a coloured prefix; a process that crashes is started again with backoff; stop()
 * sends SIGTERM to all and waits (SIGKILL after a deadline).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { dim, prettyLogLine, serviceColour } from '../output';

export interface SupervisedService {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface Supervisor {
  start(service: SupervisedService): void;
  running(): string[];
  stop(): Promise<void>;
}

export function createSupervisor(options: { logs: string; console: boolean; prefixWidth?: number }): Supervisor {
  mkdirSync(options.logs, { recursive: true });
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const width = options.prefixWidth ?? 14;

  const launch = (service: SupervisedService, restarts: number) => {
    const log = createWriteStream(path.join(options.logs, `${service.name}.log`), { flags: 'a' });
    const child = spawn(service.command, service.args, { env: service.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.set(service.name, child);
    const prefix = serviceColour(service.name)(`${service.name.padEnd(width)}│`);
    const forward = (stream: NodeJS.ReadableStream) =>
      createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`);
        if (options.console) process.stdout.write(`${prefix} ${prettyLogLine(line)}\n`);
      });
    forward(child.stdout as NodeJS.ReadableStream);
    forward(child.stderr as NodeJS.ReadableStream);
    const startedAt = Date.now();
    child.once('exit', (code, signal) => {
      children.delete(service.name);
      log.end();
      if (stopping) return;
      // A service that ran for a minute gets a fresh restart budget.
      const attempts = Date.now() - startedAt > 60_000 ? 0 : restarts + 1;
      const delay = Math.min(30_000, 500 * 2 ** Math.min(attempts, 6));
      process.stdout.write(`${prefix} ${dim(`exited (${signal ?? code}); restarting in ${delay} ms`)}\n`);
      setTimeout(() => {
        if (!stopping) launch(service, attempts);
      }, delay).unref();
    });
  };

  return {
    start: (service) => launch(service, 0),
    running: () => [...children.keys()],
    stop: async () => {
      stopping = true;
      const exits = [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }),
      );
      await Promise.all(exits);
    },
  };
}
