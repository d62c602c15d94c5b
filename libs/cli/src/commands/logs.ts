/** `polly logs <service> [-f] [--raw]`: one service's log from .artifacts/logs. */
import { createReadStream, existsSync, readdirSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { prettyLogLine, problem } from '../output';
import type { Settings } from '../settings';

export async function logs(settings: Settings, service: string | undefined, options: { follow: boolean; raw: boolean; lines: number }): Promise<number> {
  const available = existsSync(settings.logs) ? readdirSync(settings.logs).filter((file) => file.endsWith('.log')).map((file) => file.slice(0, -4)) : [];
  if (!service || !available.includes(service)) {
    problem(service ? `no log for "${service}" in ${settings.logs}` : 'which service? usage: polly logs <service> [-f]');
    if (available.length > 0) problem(`  logs available: ${available.sort().join(', ')}`);
    return 1;
  }
  const file = path.join(settings.logs, `${service}.log`);
  const print = (line: string) => process.stdout.write(`${options.raw ? line : prettyLogLine(line)}\n`);
  const all: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file) })) {
    all.push(line);
    if (all.length > options.lines) all.shift();
  }
  all.forEach(print);
  if (!options.follow) return 0;
  let offset = statSync(file).size;
  await new Promise<void>((resolve) => {
    const watcher = watch(file, () => {
      const size = statSync(file).size;
      if (size < offset) offset = 0;
      if (size === offset) return;
      const stream = createReadStream(file, { start: offset, end: size - 1 });
      offset = size;
      createInterface({ input: stream }).on('line', print);
    });
    process.once('SIGINT', () => {
      watcher.close();
      resolve();
    });
  });
  return 0;
}
