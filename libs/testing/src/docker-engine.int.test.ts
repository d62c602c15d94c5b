/**
 * How looking for a Docker engine behaves when there is none, or one that does not answer: real
 * sockets in a temporary folder, not a real engine (containers.int.test.ts covers that).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { engineAddress, observeEngine } from './docker-engine';

const images = ['nats:2.11-alpine', 'postgres:16-alpine'];

describe('looking for a Docker engine', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'polly-engine-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers at once when the socket file does not exist', async () => {
    const socket = path.join(folder, 'docker.sock');
    const started = Date.now();
    expect(await observeEngine(images, { dockerHost: `unix://${socket}` })).toEqual({ reachable: false, problem: `no Docker engine at ${socket}` });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('answers at once when nothing listens on the socket file', async () => {
    const socket = path.join(folder, 'docker.sock');
    writeFileSync(socket, '');
    const started = Date.now();
    const observation = await observeEngine(images, { dockerHost: `unix://${socket}` });
    expect(observation).toEqual({ reachable: false, problem: `no Docker engine answering at ${socket} (nothing listening)` });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('gives up on an engine that accepts the connection and never answers, after the time limit', async () => {
    const socket = path.join(folder, 'silent.sock');
    const held: net.Socket[] = [];
    const silent = net.createServer((connection) => held.push(connection));
    await new Promise<void>((resolve) => silent.listen(socket, resolve));
    try {
      const started = Date.now();
      const observation = await observeEngine(images, { dockerHost: `unix://${socket}`, timeoutMs: 300 });
      const waited = Date.now() - started;
      expect(observation).toEqual({ reachable: false, problem: `no Docker engine answering at ${socket} (no answer within 300 ms)` });
      expect(waited).toBeGreaterThanOrEqual(290);
      expect(waited).toBeLessThan(2000);
    } finally {
      for (const connection of held) connection.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reads DOCKER_HOST the way the docker client does', () => {
    expect(engineAddress(undefined)).toEqual({ kind: 'socket', socketPath: '/var/run/docker.sock' });
    expect(engineAddress('unix:///run/user/1000/docker.sock')).toEqual({ kind: 'socket', socketPath: '/run/user/1000/docker.sock' });
    expect(engineAddress('tcp://127.0.0.1:2375')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 2375 });
    expect(engineAddress('ssh://builder@example')).toMatchObject({ kind: 'unsupported' });
  });
});
