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
