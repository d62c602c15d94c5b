/**
 * CLI entry: `node .artifacts/dist/services/exchange-sim/main.mjs --port 8710 --seed 42 --markets 50000`.
 * Flags are validated with zod; a bad flag prints what to fix and exits with status 2.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startExchangeSimulator } from './simulator';

const onOff = z.enum(['on', 'off']).transform((value) => value === 'on');
const integer = z.coerce.number().int();

const Flags = z
  .object({
    host: z.string().optional(),
    port: integer.min(0).max(65_535).optional(),
    seed: integer.optional(),
    markets: integer.min(100).max(500_000).optional(),
    traders: onOff.optional(),
    'orders-per-second': z.coerce.number().min(0).max(10_000).optional(),
    'keys-dir': z.string().optional(),
    'allow-public-bind': z.boolean().optional(),
    'start-time': z.string().optional(),
    clock: z.enum(['real', 'manual']).optional(),
    'rate-limits': onOff.optional(),
    tier: z.enum(['basic', 'advanced', 'premier', 'paragon', 'prime']).optional(),
    'legacy-fields': z.boolean().optional(),
    'log-level': z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional(),
  })
  .strict();

const stringFlags = ['host', 'port', 'seed', 'markets', 'traders', 'orders-per-second', 'keys-dir', 'start-time', 'clock', 'rate-limits', 'tier', 'log-level'];
const booleanFlags = ['allow-public-bind', 'legacy-fields'];

async function main(): Promise<void> {
  let raw: Record<string, unknown>;
  try {
    raw = parseArgs({
      options: Object.fromEntries([
        ...stringFlags.map((name) => [name, { type: 'string' as const }]),
        ...booleanFlags.map((name) => [name, { type: 'boolean' as const }]),
      ]),
      strict: true,
    }).values;
  } catch (error) {
    return fail(String((error as Error).message));
  }
  const parsed = Flags.safeParse(raw);
  if (!parsed.success) return fail(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  const flags = parsed.data;
  const simulator = await startExchangeSimulator({
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.port === undefined ? {} : { port: flags.port }),
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(flags.markets === undefined ? {} : { markets: flags.markets }),
    ...(flags.traders === undefined ? {} : { traders: flags.traders }),
    ...(flags['orders-per-second'] === undefined ? {} : { ordersPerSecond: flags['orders-per-second'] }),
    ...(flags['keys-dir'] === undefined ? {} : { keysDir: flags['keys-dir'] }),
    ...(flags['allow-public-bind'] === undefined ? {} : { allowPublicBind: flags['allow-public-bind'] }),
    ...(flags['start-time'] === undefined ? {} : { startTime: flags['start-time'] }),
    ...(flags.clock === undefined ? {} : { clock: flags.clock }),
    ...(flags['rate-limits'] === undefined ? {} : { rateLimits: flags['rate-limits'] }),
    ...(flags.tier === undefined ? {} : { tier: flags.tier }),
    ...(flags['legacy-fields'] === undefined ? {} : { legacyFields: flags['legacy-fields'] }),
    logLevel: flags['log-level'] ?? 'info',
  }).catch((error: unknown) => {
    fail(error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n') : String(error));
    return null;
  });
  if (!simulator) return;
  const shutdown = () => {
    simulator.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function fail(message: string): void {
  process.stderr.write(`exchange-sim: ${message}\nflags: --host --port --seed --markets --traders on|off --orders-per-second --keys-dir --allow-public-bind --start-time --clock real|manual --rate-limits on|off --tier --legacy-fields --log-level\n`);
  process.exitCode = 2;
}

void main();
