/**
 * The few Docker Engine API calls test setup needs to decide whether containers can run: is an
 * engine answering, which images does it already hold, which networks does it have. Plain HTTP
 * over the engine's socket with a time limit, so a machine without an engine pays nothing (no
 * socket file: no request at all) and a hung engine costs at most the limit.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { EngineObservation } from './server-selection';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export type EngineAddress = { kind: 'socket'; socketPath: string } | { kind: 'tcp'; host: string; port: number } | { kind: 'unsupported'; problem: string };

/** Where the engine is, from DOCKER_HOST as the docker CLI and testcontainers read it. */
export function engineAddress(dockerHost: string | undefined = process.env.DOCKER_HOST): EngineAddress {
  if (!dockerHost) return { kind: 'socket', socketPath: DEFAULT_DOCKER_SOCKET };
  if (dockerHost.startsWith('unix://')) return { kind: 'socket', socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('tcp://')) {
    if (process.env.DOCKER_TLS_VERIFY) return { kind: 'unsupported', problem: `DOCKER_HOST=${dockerHost} with TLS, which test setup does not speak` };
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return { kind: 'tcp', host: url.hostname, port: Number(url.port || 2375) };
  }
  return { kind: 'unsupported', problem: `DOCKER_HOST=${dockerHost} is neither unix:// nor tcp://` };
}

export function describeAddress(address: EngineAddress): string {
  if (address.kind === 'socket') return address.socketPath;
  if (address.kind === 'tcp') return `tcp://${address.host}:${address.port}`;
  return address.problem;
}

interface EngineAnswer {
  status: number;
  body: string;
}

function request(address: Exclude<EngineAddress, { kind: 'unsupported' }>, method: string, path: string, timeoutMs: number): Promise<EngineAnswer> {
  return new Promise((resolve, reject) => {
    const target = address.kind === 'socket' ? { socketPath: address.socketPath } : { host: address.host, port: address.port };
    const outgoing = http.request({ ...target, method, path, timeout: timeoutMs }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

export interface EngineClient {
  address: EngineAddress;
  imagePresent(image: string): Promise<boolean>;
  networkNames(): Promise<string[]>;
  /** Whether a container exists (running or not), by id or name. */
  containerExists(idOrName: string): Promise<boolean>;
  /** Containers (running or not) carrying `label`, with that label's value. */
  labelledContainers(label: string): Promise<Array<{ id: string; value: string }>>;
  /** Stop and remove a container with its anonymous volumes. */
  removeContainer(id: string): Promise<void>;
}

export function engineClient(address: Exclude<EngineAddress, { kind: 'unsupported' }>, timeoutMs = 2000): EngineClient {
  const exists = async (path: string): Promise<boolean> => {
    const answer = await request(address, 'GET', path, timeoutMs);
    if (answer.status === 200) return true;
    if (answer.status === 404) return false;
    throw new Error(`the Docker engine answered ${answer.status} to GET ${path}: ${answer.body.slice(0, 200)}`);
  };
  return {
    address,
    // The engine's route takes the reference as is, slashes included (local/nats:bookworm).
    imagePresent: (image) => exists(`/images/${image}/json`),
    containerExists: (idOrName) => exists(`/containers/${encodeURIComponent(idOrName)}/json`),
    labelledContainers: async (label) => {
      const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
      const answer = await request(address, 'GET', `/containers/json?all=1&filters=${filters}`, timeoutMs);
      if (answer.status !== 200) throw new Error(`the Docker engine answered ${answer.status} to a container list`);
      const containers = JSON.parse(answer.body) as Array<{ Id?: unknown; Labels?: Record<string, unknown> }>;
      return containers.flatMap((container) => {
        const value = container.Labels?.[label];
        return typeof container.Id === 'string' && typeof value === 'string' ? [{ id: container.Id, value }] : [];
      });
    },
    removeContainer: async (id) => {
      const answer = await request(address, 'DELETE', `/containers/${encodeURIComponent(id)}?force=1&v=1`, timeoutMs * 5);
      if (answer.status !== 204 && answer.status !== 404) throw new Error(`the Docker engine answered ${answer.status} to removing ${id}: ${answer.body.slice(0, 200)}`);
    },
    networkNames: async () => {
      const answer = await request(address, 'GET', '/networks', timeoutMs);
      if (answer.status !== 200) throw new Error(`the Docker engine answered ${answer.status} to GET /networks`);
      const networks = JSON.parse(answer.body) as Array<{ Name?: unknown }>;
      return networks.flatMap((network) => (typeof network.Name === 'string' ? [network.Name] : []));
    },
  };
}

/** Ping the engine (within timeoutMs), then ask for the images and its networks. */
export async function observeEngine(images: string[], options: { dockerHost?: string; timeoutMs?: number } = {}): Promise<EngineObservation> {
  const address = engineAddress(options.dockerHost ?? process.env.DOCKER_HOST);
  if (address.kind === 'unsupported') return { reachable: false, problem: address.problem };
  const where = describeAddress(address);
  if (address.kind === 'socket' && !existsSync(address.socketPath)) return { reachable: false, problem: `no Docker engine at ${where}` };
  const timeoutMs = options.timeoutMs ?? 2000;
  try {
    const ping = await request(address, 'GET', '/_ping', timeoutMs);
    if (ping.status !== 200) return { reachable: false, problem: `the Docker engine at ${where} answered ${ping.status} to a ping` };
    const client = engineClient(address, timeoutMs);
    const present = await Promise.all(images.map((image) => client.imagePresent(image)));
    return { reachable: true, address: where, missingImages: images.filter((_, index) => !present[index]), networks: await client.networkNames() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ECONNREFUSED' || code === 'ENOENT' ? 'nothing listening' : (error as Error).message;
    return { reachable: false, problem: `no Docker engine answering at ${where} (${detail})` };
  }
}
