/**
 * The services the local stack runs, in start order, with the port of their health endpoints.
 * Docker compose (compose.yaml) runs the same list, one container each.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ServiceEntry {
  name: string;
  healthPort: number;
  /** Runs only with --sim. */
  simulatorOnly?: boolean;
}

export const SERVICES: readonly ServiceEntry[] = [
  { name: 'exchange-sim', healthPort: 8710, simulatorOnly: true },
  { name: 'projector', healthPort: 4501 },
  { name: 'discovery', healthPort: 4503 },
  { name: 'ingest', healthPort: 4502 },
  { name: 'cache', healthPort: 4504 },
  { name: 'reconciliation', healthPort: 4508 },
  { name: 'execution', healthPort: 4507 },
  { name: 'gate', healthPort: 4506 },
  { name: 'agents', healthPort: 4505 },
  // The API and cockpit listen on 4400 (POLLY_CONTROL_PORT); 4409 is its health server.
  { name: 'control-api', healthPort: 4409 },
];

export const serviceEntry = (dist: string, name: string): string => path.join(dist, 'services', name, 'main.mjs');

/** Services whose build output exists (a service that is not written yet is simply absent). */
export function builtServices(dist: string, withSimulator: boolean): ServiceEntry[] {
  return SERVICES.filter((service) => (withSimulator || !service.simulatorOnly) && existsSync(serviceEntry(dist, service.name)));
}

/** The cache's V8 old-space limit when POLLY_CACHE_HEAP_MB is not set: room for 100,000 markets twice over (docs/market-data.md). */
export const CACHE_HEAP_MB_DEFAULT = 192;

/**
 * Node options a service is started with (compose.yaml sets the same for its container). The
 * cache holds every market in memory: a bounded old space (POLLY_CACHE_HEAP_MB) and a small young
 * generation keep V8 from growing its heap far past what the markets need after a burst.
 */
export function serviceNodeOptions(name: string, env: Record<string, string | undefined>): string | null {
  if (name !== 'cache') return null;
  const text = env.POLLY_CACHE_HEAP_MB ?? String(CACHE_HEAP_MB_DEFAULT);
  const megabytes = Number(text);
  if (!/^\d+$/.test(text) || megabytes < 64 || megabytes > 65_536) {
    throw new Error(`POLLY_CACHE_HEAP_MB must be a whole number of megabytes from 64 to 65536 (it is ${JSON.stringify(text)})`);
  }
  return `--max-old-space-size=${megabytes} --max-semi-space-size=4`;
}

/** The environment of a service process: `env` with the service's Node options, before any NODE_OPTIONS already set (which win). */
export function serviceProcessEnv<Env extends Record<string, string | undefined>>(name: string, env: Env): Env {
  const options = serviceNodeOptions(name, env);
  if (options === null) return env;
  return { ...env, NODE_OPTIONS: [options, env.NODE_OPTIONS].filter(Boolean).join(' ') };
}
