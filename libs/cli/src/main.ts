/**
 * The `polly` command line. Run it with `npm run polly -- <command>` (or `npx polly` once
 * built). Every long operation shows progress; every failure says what to do.
 */
import { parseArgs } from 'node:util';
import { logs } from './commands/logs';
import { replay } from './commands/replay';
import { status } from './commands/status';
import { up } from './commands/up';
import { migrate } from './database';
import { simulatorKeys } from './local/simulator-keys';
import { done, problem } from './output';
import { loadSettings } from './settings';

const usage = `polly — Polly Prediction Partners

  polly up [--sim] [--markets N] [--seed N] [--quiet] [--no-install]
                                      run everything locally (npm start does this)
  polly status                        services, streams and projection lag
  polly logs <service> [-f] [--raw] [-n LINES]
                                      one service's log (.artifacts/logs/<service>.log)
  polly replay [--stream S] [--subject SUBJECT] [--type T[,T]] [--env demo|live]
               [--since TIME] [--until TIME] [--from-seq N] [--limit N] [--json] [--count]
                                      print events from the log
  polly replay --rebuild [--in-place] refold the read models from sequence 1 and compare checksums
  polly migrate                       create the database if needed and apply migrations
  polly keys generate --sim           make a key pair for the local exchange simulator
  polly keys connect [demo|live]      connect the keys named in .env (or the simulator's) through
                                      the running control API, verified with the exchange first
  polly bundle                        images, compose files and an installer in .artifacts/bundle
  polly bench [--only NAME[,NAME]]    run the benchmarks and update docs/benchmarks.md
  polly docs                          regenerate docs/events.md from the event schemas
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const settings = loadSettings();
  if (command === 'bundle') return (await import('./commands/bundle')).bundle(settings, rest);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      sim: { type: 'boolean', default: false },
      markets: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      quiet: { type: 'boolean', default: false },
      'no-install': { type: 'boolean', default: false },
      follow: { type: 'boolean', short: 'f', default: false },
      raw: { type: 'boolean', default: false },
      lines: { type: 'string', short: 'n', default: '200' },
      stream: { type: 'string' },
      subject: { type: 'string' },
      type: { type: 'string' },
      env: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      'from-seq': { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      count: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      'in-place': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const positiveInteger = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, not "${text}"`);
    return value;
  };
  switch (command) {
    case 'up':
      return up(settings, {
        simulator: values.sim,
        markets: positiveInteger('markets', values.markets) ?? 2000,
        seed: positiveInteger('seed', values.seed) ?? 1,
        quiet: values.quiet,
        install: !values['no-install'],
      });
    case 'status':
      return status(settings);
    case 'logs':
      return logs(settings, positionals[0], { follow: values.follow, raw: values.raw, lines: positiveInteger('lines', values.lines) ?? 200 });
    case 'replay':
      if (values.env && values.env !== 'demo' && values.env !== 'live') throw new Error('--env must be demo or live');
      return replay(settings, {
        ...(values.stream ? { stream: values.stream } : {}),
        ...(values.subject ? { subject: values.subject } : {}),
        types: values.type ? values.type.split(',').map((type) => type.trim()) : [],
        ...(values.env ? { environment: values.env } : {}),
        ...(values.since ? { since: values.since } : {}),
        ...(values.until ? { until: values.until } : {}),
        ...(values['from-seq'] ? { fromSequence: positiveInteger('from-seq', values['from-seq']) as number } : {}),
        ...(values.limit ? { limit: positiveInteger('limit', values.limit) as number } : {}),
        json: values.json,
        count: values.count,
        rebuild: values.rebuild,
        inPlace: values['in-place'],
      });
    case 'migrate': {
      const result = await migrate(settings.databaseUrl);
      done(result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    case 'keys':
      if (positionals[0] === 'generate' && values.sim) {
        const keys = simulatorKeys(settings.artifacts, true);
        done(`simulator key ${keys.keyId} written to ${keys.envFile} (public key in ${keys.publicKeysDir})`);
        return 0;
      }
      if (positionals[0] === 'connect') {
        const { connectKeys } = await import('./commands/connect-keys');
        return connectKeys(settings, positionals.slice(1));
      }
      problem('usage: polly keys generate --sim | polly keys connect [demo|live]');
      return 2;
    case 'docs': {
      const { writeFileSync } = await import('node:fs');
      const { renderEventCatalogue } = await import('@polly/contracts');
      writeFileSync(`${settings.root}/docs/events.md`, renderEventCatalogue());
      done('docs/events.md regenerated from the event schemas');
      return 0;
    }
    case 'bench': {
      const { runBenchmarks } = await import('./commands/bench');
      return runBenchmarks(settings, values.only ? values.only.split(',') : []);
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage);
      return 0;
    default:
      problem(`unknown command "${command}"`);
      process.stdout.write(usage);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    problem(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
