/**
 * The second process of the latency-floor benchmark. It answers an order POST the way an
 * exchange would (201 and a small JSON body, the connection kept alive), and echoes over
 * JetStream: every message its durable consumer takes from `<subject>.ping` is stored again on
 * `<subject>.pong`. Raw messages, no envelopes: the benchmark measures the transport alone.
 *
 * Started by the benchmark with an IPC channel; sends `{ port }` once both are ready and exits
 * when the channel closes. Settings come from the environment (POLLY_FLOOR_*).
 */
import http from 'node:http';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { connectCore } from '@polly/bus';

async function main(): Promise<void> {
  const servers = process.env.POLLY_FLOOR_NATS_URL;
  const stream = process.env.POLLY_FLOOR_STREAM;
  const subject = process.env.POLLY_FLOOR_SUBJECT;
  if (!servers || !stream || !subject || !process.send) throw new Error('start me from the latency-floor benchmark (POLLY_FLOOR_* and an IPC channel)');

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let ticker = '';
      try {
        ticker = String((JSON.parse(Buffer.concat(chunks).toString()) as { ticker?: unknown }).ticker ?? '');
      } catch {
        response.writeHead(400).end();
        return;
      }
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ order: { ticker, status: 'resting' } }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the HTTP server has no port');

  const core = await connectCore({ servers, name: 'latency-floor-peer' });
  await core.manager.consumers.add(stream, { durable_name: 'floor-echo', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: `${subject}.ping` });
  const consumer = await core.jetstream.consumers.get(stream, 'floor-echo');
  const messages = await consumer.consume({ max_messages: 256, expires: 5000 });
  void (async () => {
    for await (const message of messages) {
      await core.jetstream.publish(`${subject}.pong`, message.data, { msgID: `pong-${message.seq}` });
      message.ack();
    }
  })();

  process.on('disconnect', () => {
    messages.stop();
    server.close();
    void core.connection.close().finally(() => process.exit(0));
  });
  process.send({ port: address.port });
}

main().catch((error: unknown) => {
  process.stderr.write(`latency-floor peer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
