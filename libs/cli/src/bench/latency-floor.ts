/**
 * The latency floor of this machine: what the steps every tick-to-order path is made of cost
 * here, measured with nothing else of the product running, so the tick-to-order result can be
 * read against them:
 *   - one signature of an order request (libs/kalshi's signer): RSA-PSS with a 2048-bit key, and
 *     Ed25519 (Kalshi accepts either key type);
 *   - one order POST over a kept-alive HTTP connection to another process that answers at once;
 *   - one stored write (a JetStream publish until its acknowledgement, as a KV put or a claim);
 *   - one hop: a message stored by one process and taken by a durable consumer in another
 *     (half a ping-pong through the peer process, which stores the answer the same way).
 * Samples are spaced, as ticks are, so each process has gone to sleep before the next one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type KeyObject, generateKeyPairSync, randomUUID } from 'node:crypto';
import path from 'node:path';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { type BusCore, connectCore } from '@polly/bus';
import { createRequestSigner } from '@polly/kalshi';
import { loadSettings } from '../settings';
import { floorEstimates, type StepMedians } from './latency-floor-estimates';
import { loadAverage, stopChild } from './market-data-support';
import { quantile } from './tick-to-order';
import type { Benchmark } from './types';

const SAMPLES = Number(process.env.POLLY_BENCH_FLOOR_SAMPLES ?? 300);
const SPACING_MS = 20;
const ORDER_PATH = '/trade-api/v2/portfolio/orders';
const ORDER_BODY = JSON.stringify({ ticker: 'KXBTC15M-26NOV211315-15', client_order_id: randomUUID(), side: 'bid', price: '0.4200', count: '1.00', time_in_force: 'good_till_canceled' });

async function sample(times: number, step: () => Promise<number> | number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < times; index += 1) {
    samples.push(await step());
    await sleep(SPACING_MS);
  }
  return samples.sort((left, right) => left - right);
}

const timed = async (work: () => Promise<unknown> | unknown): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

function startPeer(natsUrl: string, stream: string, subject: string): Promise<{ child: ChildProcess; port: number }> {
  const entry = path.join(loadSettings().dist, 'libs', 'cli', 'bench', 'latency-floor-peer.mjs');
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, POLLY_FLOOR_NATS_URL: natsUrl, POLLY_FLOOR_STREAM: stream, POLLY_FLOOR_SUBJECT: subject },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`the latency-floor peer exited with ${code} before it was ready`)));
  });
}

function postOrder(agent: http.Agent, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: ORDER_PATH, agent, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 201 ? resolve() : reject(new Error(`the peer answered ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(ORDER_BODY);
  });
}

/** Ping-pong through the peer: each round trip is two hops (stored here, taken there; stored there, taken here). */
async function measureHops(core: BusCore, stream: string, subject: string): Promise<number[]> {
  await core.manager.consumers.add(stream, { durable_name: 'floor-return', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: `${subject}.pong` });
  const messages = await (await core.jetstream.consumers.get(stream, 'floor-return')).consume({ max_messages: 256, expires: 5000 });
  let answered: (() => void) | undefined;
  void (async () => {
    for await (const message of messages) {
      message.ack();
      answered?.();
    }
  })();
  const roundTrip = async () => {
    const answer = new Promise<void>((resolve) => (answered = resolve));
    const took = await timed(() => Promise.all([core.jetstream.publish(`${subject}.ping`, ORDER_BODY, { msgID: randomUUID() }), answer]));
    return took / 2;
  };
  const hops = await sample(SAMPLES, roundTrip);
  messages.stop();
  return hops;
}

const describe = (sorted: readonly number[]) => `${quantile(sorted, 0.5).toFixed(2)} / ${quantile(sorted, 0.99).toFixed(2)}`;

export const latencyFloor: Benchmark = {
  name: 'latency-floor',
  title: 'Latency floor: a signature, one HTTP order, one stored write, one hop',
  description:
    'What the steps of any tick-to-order path cost on this machine, each measured alone with none of the product running: libs/kalshi signing an order request (RSA-PSS with a 2048-bit key, and Ed25519); an order POST over a kept-alive connection to another process that answers at once; one JetStream publish until it is acknowledged (what a KV put or a claim costs); one hop between two processes (stored by one, taken by a durable consumer of the other: half of a ping-pong). Samples 20 ms apart, as ticks are spaced.',
  async run(context) {
    const signer = (pair: { privateKey: KeyObject }) => createRequestSigner('floor-key', pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const rsa = signer(generateKeyPairSync('rsa', { modulusLength: 2048 }));
    const ed25519 = signer(generateKeyPairSync('ed25519'));
    context.log(`${SAMPLES} samples of each step`);
    const rsaSigning = await sample(SAMPLES, () => timed(() => rsa.headers('POST', ORDER_PATH)));
    const ed25519Signing = await sample(SAMPLES, () => timed(() => ed25519.headers('POST', ORDER_PATH)));

    const stream = `FLOOR_${randomUUID().slice(0, 8)}`;
    const subject = `floor.${stream.toLowerCase()}`;
    const core = await connectCore({ servers: context.natsUrl, name: 'latency-floor' });
    await core.manager.streams.add({ name: stream, subjects: [`${subject}.>`] });
    const peer = await startPeer(context.natsUrl, stream, subject);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await postOrder(agent, peer.port);
      const posting = await sample(SAMPLES, () => timed(() => postOrder(agent, peer.port)));
      const writes = await sample(SAMPLES, () => timed(() => core.jetstream.publish(`${subject}.write`, ORDER_BODY, { msgID: randomUUID() })));
      const hops = await measureHops(core, stream, subject);
      const medians: StepMedians = { sign: quantile(ed25519Signing, 0.5), post: quantile(posting, 0.5), write: quantile(writes, 0.5), hop: quantile(hops, 0.5) };
      const estimates = floorEstimates(medians);
      return {
        rows: [
          { metric: 'sign an order request, RSA-PSS 2048 (ms, p50 / p99)', value: describe(rsaSigning) },
          { metric: 'sign an order request, Ed25519 (ms, p50 / p99)', value: describe(ed25519Signing) },
          { metric: 'order POST to another process, kept-alive HTTP (ms, p50 / p99)', value: describe(posting) },
          { metric: 'one stored write: JetStream publish to its ack (ms, p50 / p99)', value: describe(writes) },
          { metric: 'one hop between two processes over JetStream (ms, p50 / p99)', value: describe(hops) },
          ...estimates.map((estimate) => ({ metric: `floor: ${estimate.path}, Ed25519 (sum of p50s, ms)`, value: estimate.milliseconds.toFixed(2), target: '≤ 2 ms', met: estimate.milliseconds <= 2 })),
          { metric: 'load average (1 / 5 / 15 min) at the end', value: loadAverage() },
        ],
        notes: [
          `The floors use the cheaper Ed25519 signature; with an RSA key each is ${(quantile(rsaSigning, 0.5) - quantile(ed25519Signing, 0.5)).toFixed(2)} ms higher.`,
          'The floors add medians of steps measured one at a time; a path pays each step once at least, plus its own work (parsing, validation, decisions), so a real path is slower than its floor.',
          'The tick-to-order path as built crosses the processes as counted in the first floor: ingest → cache (hop), the cache’s KV write (write), its notification to the agents (hop), the agents’ KV read (write-sized round trip), agents → gate (hop), the gate’s KV read (round trip), gate → execution (hop), execution’s claim (write), then the signed order.',
        ],
      };
    } finally {
      agent.destroy();
      await stopChild(peer.child);
      await core.manager.streams.delete(stream).catch(() => undefined);
      await core.connection.close();
    }
  },
};
