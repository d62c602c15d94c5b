/**
 * `/events` over WebSocket and SSE against real NATS: every client gets the same sequence,
 * market_update is coalesced per market, a client that stops reading is dropped without holding
 * the others back, and a client may follow one environment only.
 */
import http from 'node:http';
import net from 'node:net';
import { AgentDecided, type AnyEvent, MarketStateNotification, createEvent, marketStateNotificationSubject } from '@polly/contracts';
import { eventually, tradingHistory } from '@polly/testing';
import WebSocket from 'ws';
import { FORWARDED, type UiEvent } from './events/translate';
import { type Harness, startHarness } from './testing/harness';

interface Follower {
  messages: UiEvent[];
  close(): void;
}

async function followWebSocket(harness: Harness, query = ''): Promise<Follower & { closed: Promise<number> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${harness.port}/events${query}`, { origin: harness.origin });
  const messages: UiEvent[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as UiEvent));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { messages, closed, close: () => socket.close() };
}

async function followStream(harness: Harness, query = ''): Promise<Follower & { names: string[]; pause(): void }> {
  const messages: UiEvent[] = [];
  const names: string[] = [];
  let buffer = '';
  const outgoing = http.get({ host: '127.0.0.1', port: harness.port, path: `/events/stream${query}`, headers: { origin: harness.origin } });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    outgoing.once('response', resolve);
    outgoing.once('error', reject);
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (name && data) {
        names.push(name);
        messages.push(JSON.parse(data) as UiEvent);
      }
      end = buffer.indexOf('\n\n');
    }
  });
  return { messages, names, close: () => outgoing.destroy(), pause: () => void response.pause() };
}

/** A WebSocket client that completes the handshake and then never reads again. */
async function stalledClient(harness: Harness): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  const socket = net.connect(harness.port, '127.0.0.1');
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    [
      'GET /events HTTP/1.1',
      `Host: 127.0.0.1:${harness.port}`,
      `Origin: ${harness.origin}`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  socket.pause();
  return { socket, closed };
}

describe('/events', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ projector: false, dependencies: { events: { maxBufferedBytes: 512 * 1024 } } });
  });
  afterEach(async () => {
    await harness?.close();
  });

  it('gives two WebSocket tabs and an SSE client the same sequence of messages', async () => {
    const tabs = [await followWebSocket(harness), await followWebSocket(harness)];
    const stream = await followStream(harness);
    const history = tradingHistory({ events: 120, seed: 4, environments: ['demo', 'live'], idPrefix: 'feed' });
    await harness.publish(history);
    const expected = history.filter((event) => FORWARDED[event.type] !== undefined).map((event) => event.id);
    expect(expected.length).toBeGreaterThan(80);
    for (const follower of [...tabs, stream]) {
      await eventually(async () => follower.messages.length >= expected.length, { what: `${expected.length} messages` });
      expect(follower.messages.map((message) => message.id)).toEqual(expected);
    }
    expect(tabs[0]?.messages).toEqual(stream.messages);
    expect(stream.names).toEqual(stream.messages.map((message) => message.type));
    const fill = stream.messages.find((message) => message.type === 'order_filled');
    const source = history.find((event) => event.id === fill?.id) as AnyEvent;
    expect(fill).toEqual({ type: 'order_filled', environment: source.environment, at: source.occurredAt, id: source.id, event: 'fill.recorded', data: source.data });
    expect(harness.api.hub.size).toBe(3);
    for (const follower of [...tabs, stream]) follower.close();
    await eventually(async () => harness.api.hub.size === 0, { what: 'the clients to be forgotten' });
  });

  it('follows one environment when asked', async () => {
    const live = await followWebSocket(harness, '?environment=live');
    const history = tradingHistory({ events: 60, seed: 9, environments: ['demo', 'live'], idPrefix: 'only-live' });
    await harness.publish(history);
    const expected = history.filter((event) => event.environment === 'live' && FORWARDED[event.type] !== undefined).map((event) => event.id);
    await eventually(async () => live.messages.length >= expected.length, { what: 'the live messages' });
    expect(live.messages.map((message) => message.id)).toEqual(expected);
    live.close();
  });

  it('coalesces market_update to at most two per second per market, latest wins', async () => {
    const tab = await followWebSocket(harness);
    const tickers = ['KXBTC15M-26NOV211215-15', 'KXHIGHNY-26NOV21-B78.5'];
    const revisions = 60;
    const started = Date.now();
    for (let revision = 1; revision <= revisions; revision += 1) {
      for (const marketTicker of tickers) {
        const notification = MarketStateNotification.parse({ marketTicker, revision, stale: false, cause: 'book', yesBid: '0.4000', yesAsk: '0.4200', lastPrice: null, updatedAt: new Date().toISOString() });
        harness.bus.connection.publish(harness.bus.subject(marketStateNotificationSubject('demo', marketTicker)), JSON.stringify(notification));
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const publishedForMs = Date.now() - started;
    for (const marketTicker of tickers) {
      await eventually(async () => tab.messages.some((message) => message.id === `${marketTicker}@${revisions}`), { what: `the last revision of ${marketTicker}` });
    }
    for (const marketTicker of tickers) {
      const updates = tab.messages.filter((message) => message.type === 'market_update' && (message.data as { marketTicker: string }).marketTicker === marketTicker);
      expect(updates.length).toBeLessThanOrEqual(Math.ceil(publishedForMs / 500) + 2);
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates[0]?.id).toBe(`${marketTicker}@1`);
      expect(updates.at(-1)?.id).toBe(`${marketTicker}@${revisions}`);
    }
    tab.close();
  });

  it('drops clients that stop reading (WebSocket and SSE), while the others get every message', async () => {
    const fast = await followWebSocket(harness);
    const stalled = await stalledClient(harness);
    const stalledStream = await followStream(harness);
    stalledStream.pause();
    const dropped = () => harness.api.hub.size === 1;
    const bulk = 'x'.repeat(60_000);
    const published: string[] = [];
    for (let batch = 0; batch < 100 && !dropped(); batch += 1) {
      for (let index = 0; index < 20; index += 1) {
        const event = createEvent(
          AgentDecided,
          'demo',
          { decisionId: `bulk-${batch}-${index}`, agentId: 'prime', agentName: 'Prime', marketTicker: null, outcome: 'hold', reasonCode: 'BULK', explanation: 'filler', inputs: { bulk }, intentId: null },
          { source: 'agents' },
        );
        await harness.bus.publish(event);
        published.push(event.id);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await eventually(async () => dropped(), { timeoutMs: 15_000, what: 'the stalled client to be dropped' });
    // Reading again, the stalled client finds the connection closed by the server.
    stalled.socket.resume();
    await stalled.closed;
    await eventually(async () => fast.messages.length >= published.length, { timeoutMs: 30_000, what: 'the fast client to get everything' });
    expect(fast.messages.map((message) => message.id)).toEqual(published);
    expect(harness.api.hub.size).toBe(1);
    const dropCounts = await harness.metrics.registry.getSingleMetricAsString('polly_event_clients_dropped_total');
    expect(dropCounts).toMatch(/transport="websocket"[^\n]*\} 1/);
    expect(dropCounts).toMatch(/transport="sse"[^\n]*\} 1/);
    stalledStream.close();
    fast.close();
    stalled.socket.destroy();
  }, 60_000);
});
