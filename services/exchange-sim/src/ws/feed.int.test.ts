/**
 * The WebSocket API with a plain `ws` client: signed upgrade, several channels at once, snapshot
 * then deltas with consecutive seq, heartbeat pings, get_snapshot, update_subscription, private
 * channels, lifecycle and index channels, and injected faults (skipped seq, dropped connection,
 * raw frames).
 */
import { constants, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import WebSocket from 'ws';
import { type ExchangeSimulator, startExchangeSimulator } from '../simulator';

type Message = Record<string, any>;

function signature(privateKeyPem: string, timestamp: string, method: string, path: string): string {
  return sign('sha256', Buffer.from(`${timestamp}${method}${path}`), {
    key: privateKeyPem,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  }).toString('base64');
}

function signedHeaders(keyId: string, privateKeyPem: string, method: string, path: string): Record<string, string> {
  const timestamp = String(Date.now());
  return { 'KALSHI-ACCESS-KEY': keyId, 'KALSHI-ACCESS-TIMESTAMP': timestamp, 'KALSHI-ACCESS-SIGNATURE': signature(privateKeyPem, timestamp, method, path) };
}

/** A connection that records every message and lets a test wait for the next matching one. */
class Client {
  readonly messages: Message[] = [];
  readonly pings: string[] = [];
  private cursor = 0;
  private nextId = 1;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(data.toString()) as Message));
    socket.on('ping', (data) => this.pings.push(data.toString()));
  }

  static async open(simulator: ExchangeSimulator, keyId: string, privateKeyPem: string): Promise<Client> {
    const socket = new WebSocket(simulator.wsUrl, { headers: signedHeaders(keyId, privateKeyPem, 'GET', '/trade-api/ws/v2') });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new Client(socket);
  }

  command(cmd: string, params?: Record<string, unknown>): number {
    const id = this.nextId;
    this.nextId += 1;
    this.socket.send(JSON.stringify({ id, cmd, ...(params ? { params } : {}) }));
    return id;
  }

  /** The next message (after the last one taken) that matches. */
  async next(match: (message: Message) => boolean, timeoutMs = 3_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.messages.length) {
        const message = this.messages[this.cursor] as Message;
        this.cursor += 1;
        if (match(message)) return message;
      }
      if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; last: ${JSON.stringify(this.messages.slice(-3))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The first message received so far that matches, wherever it is. */
  find(match: (message: Message) => boolean): Message | undefined {
    return this.messages.find(match);
  }

  close(): void {
    this.socket.close();
  }
}

interface Key {
  keyId: string;
  privateKeyPem: string;
}

describe('the WebSocket feed', () => {
  let simulator: ExchangeSimulator;
  let keyId: string;
  let privateKeyPem: string;
  /** A second account to trade against (self-trades are prevented). */
  let bob: Key;
  let window: string;

  const register = (): Key => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = { keyId: randomUUID(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    simulator.registerKey(key.keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    return key;
  };

  const placeOrderAs = async (key: Key, body: Record<string, unknown>): Promise<Message> => {
    const path = '/trade-api/v2/portfolio/events/orders';
    const response = await fetch(`${simulator.restUrl}/portfolio/events/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(key.keyId, key.privateKeyPem, 'POST', path) },
      body: JSON.stringify({ ticker: window, time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross', ...body }),
    });
    return (await response.json()) as Message;
  };
  const placeOrder = (body: Record<string, unknown>) => placeOrderAs({ keyId, privateKeyPem }, body);

  beforeAll(async () => {
    simulator = await startExchangeSimulator({ port: 0, seed: 5, markets: 500, traders: false, clock: 'manual', startTime: '2026-07-22T17:07:00Z', pingIntervalMs: 200, tier: 'prime' });
    ({ keyId, privateKeyPem } = register());
    bob = register();
    window = simulator.exchange.universe.listed.find((market) => market.seriesTicker === 'KXBTC15M' && market.status === 'active')?.ticker as string;
  });
  afterAll(() => simulator.stop());

  it('refuses an unsigned upgrade with 401', async () => {
    const socket = new WebSocket(simulator.wsUrl);
    const status = await new Promise<number>((resolve) => socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)));
    expect(status).toBe(401);
  });

  it('subscribes to several channels, sends a snapshot then consecutive deltas, and pings', async () => {
    const client = await Client.open(simulator, keyId, privateKeyPem);
    await placeOrder({ side: 'bid', price: '0.3000', count: '2.00' });
    const id = client.command('subscribe', { channels: ['orderbook_delta', 'ticker', 'trade'], market_tickers: [window] });
    const replies = [
      await client.next((message) => message.type === 'subscribed'),
      await client.next((message) => message.type === 'subscribed'),
      await client.next((message) => message.type === 'subscribed'),
    ];
    expect(replies.map((reply) => reply.msg.channel).sort()).toEqual(['orderbook_delta', 'ticker', 'trade']);
    expect(new Set(replies.map((reply) => reply.msg.sid)).size).toBe(3);
    expect(replies[0]?.id).toBe(id);
    const bookSid = replies.find((reply) => reply.msg.channel === 'orderbook_delta')?.msg.sid;
    // Each channel's reply comes before its own snapshot, so the snapshot sits between the replies.
    const snapshot = client.find((message) => message.type === 'orderbook_snapshot') as Message;
    expect(client.messages.indexOf(snapshot)).toBe(client.messages.indexOf(replies.find((reply) => reply.msg.sid === bookSid) as Message) + 1);
    expect(snapshot).toMatchObject({ sid: bookSid, seq: 1, msg: { market_ticker: window, yes_dollars_fp: [['0.3000', '2.00']] } });
    expect(snapshot.msg.no_dollars_fp).toBeUndefined();

    const clientOrderId = randomUUID();
    await placeOrder({ side: 'ask', price: '0.6000', count: '3.00', client_order_id: clientOrderId });
    await placeOrderAs(bob, { side: 'bid', price: '0.6000', count: '1.00', time_in_force: 'immediate_or_cancel' });
    const first = await client.next((message) => message.type === 'orderbook_delta');
    expect(first).toMatchObject({ sid: bookSid, seq: 2, msg: { side: 'no', price_dollars: '0.4000', delta_fp: '3.00', client_order_id: clientOrderId } });
    const second = await client.next((message) => message.type === 'orderbook_delta');
    expect(second).toMatchObject({ seq: 3, msg: { side: 'no', price_dollars: '0.4000', delta_fp: '-1.00' } });
    const trade = await client.next((message) => message.type === 'trade');
    expect(trade).toMatchObject({ seq: 1, msg: { market_ticker: window, yes_price_dollars: '0.6000', count_fp: '1.00', taker_outcome_side: 'yes' } });
    const ticker = await client.next((message) => message.type === 'ticker');
    expect(ticker.seq).toBeUndefined();
    expect(ticker.msg).toMatchObject({ market_ticker: window, yes_bid_dollars: '0.3000', yes_ask_dollars: '0.6000' });

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(client.pings).toContain('heartbeat');
    client.close();
  });

  it('serves get_snapshot, update_subscription and list_subscriptions, and reports bad commands', async () => {
    const client = await Client.open(simulator, keyId, privateKeyPem);
    const other = simulator.exchange.universe.listed.find((market) => market.status === 'active' && market.ticker !== window)?.ticker as string;
    client.command('subscribe', { channels: ['orderbook_delta'], market_ticker: window });
    const { msg } = await client.next((message) => message.type === 'subscribed');
    await client.next((message) => message.type === 'orderbook_snapshot');

    const snapshotId = client.command('update_subscription', { sids: [msg.sid], market_tickers: [window], action: 'get_snapshot' });
    expect(await client.next((message) => message.type === 'orderbook_snapshot')).toMatchObject({ id: snapshotId, seq: 2, msg: { market_ticker: window } });

    client.command('update_subscription', { sid: msg.sid, market_tickers: [other], action: 'add_markets' });
    expect((await client.next((message) => message.type === 'ok')).msg.market_tickers.sort()).toEqual([window, other].sort());
    expect(await client.next((message) => message.type === 'orderbook_snapshot')).toMatchObject({ seq: 3, msg: { market_ticker: other } });
    client.command('update_subscription', { sid: msg.sid, market_tickers: [other], action: 'delete_markets' });
    expect((await client.next((message) => message.type === 'ok')).msg.market_tickers).toEqual([window]);

    client.command('list_subscriptions');
    expect((await client.next((message) => message.type === 'ok')).msg).toEqual([{ channel: 'orderbook_delta', sid: msg.sid }]);

    client.command('dance');
    expect((await client.next((message) => message.type === 'error')).msg).toEqual({ code: 5, msg: 'Unknown command' });
    client.command('subscribe', { channels: ['orderbook_delta'] });
    expect((await client.next((message) => message.type === 'error')).msg.code).toBe(14);
    client.command('unsubscribe', { sids: [999] });
    expect((await client.next((message) => message.type === 'error')).msg.code).toBe(7);
    client.socket.send('not json');
    expect((await client.next((message) => message.type === 'error')).msg.code).toBe(1);

    client.command('unsubscribe', { sids: [msg.sid] });
    expect(await client.next((message) => message.type === 'unsubscribed')).toMatchObject({ sid: msg.sid });
    client.close();
  });

  it('sends fills, user orders and positions on private channels', async () => {
    const client = await Client.open(simulator, keyId, privateKeyPem);
    client.command('subscribe', { channels: ['fill', 'user_orders', 'market_positions'] });
    for (let index = 0; index < 3; index += 1) await client.next((message) => message.type === 'subscribed');
    await placeOrderAs(bob, { side: 'ask', price: '0.5800', count: '1.00' });
    await placeOrder({ side: 'bid', price: '0.5800', count: '1.00', time_in_force: 'immediate_or_cancel' });
    const fill = await client.next((message) => message.type === 'fill' && message.msg.is_taker === true);
    expect(fill.msg).toMatchObject({ market_ticker: window, yes_price_dollars: '0.5800', count_fp: '1.00', outcome_side: 'yes', book_side: 'bid' });
    expect(fill.seq).toBeUndefined();
    expect((await client.next((message) => message.type === 'user_order')).msg).toMatchObject({ ticker: window });
    expect((await client.next((message) => message.type === 'market_position')).msg).toMatchObject({ market_ticker: window });
    client.close();
  });

  it('injects a skipped sequence number and drops connections on request', async () => {
    const client = await Client.open(simulator, keyId, privateKeyPem);
    client.command('subscribe', { channels: ['orderbook_delta'], market_ticker: window });
    await client.next((message) => message.type === 'orderbook_snapshot');
    const fault = await fetch(`${simulator.adminUrl}/faults`, { method: 'POST', body: JSON.stringify({ skipSeq: { count: 1 } }) });
    expect(fault.status).toBe(200);
    await placeOrder({ side: 'bid', price: '0.2000', count: '1.00' });
    await placeOrder({ side: 'bid', price: '0.2100', count: '1.00' });
    const gap = await client.next((message) => message.type === 'orderbook_delta');
    const after = await client.next((message) => message.type === 'orderbook_delta');
    expect(gap.seq).toBe(3); // 2 was skipped
    expect(after.seq).toBe(4);

    const closed = new Promise((resolve) => client.socket.once('close', resolve));
    await fetch(`${simulator.adminUrl}/faults`, { method: 'POST', body: JSON.stringify({ dropConnections: true }) });
    await closed;
    await fetch(`${simulator.adminUrl}/faults`, { method: 'DELETE' });
  });

  it('sends injected raw frames, exactly as given, to every connection', async () => {
    // A plain socket: the frames are not JSON, so the recording client above would choke on them.
    const sockets = await Promise.all(
      [0, 1].map(async () => {
        const socket = new WebSocket(simulator.wsUrl, { headers: signedHeaders(keyId, privateKeyPem, 'GET', '/trade-api/ws/v2') });
        await new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        });
        const received: string[] = [];
        socket.on('message', (data) => received.push(data.toString()));
        return { socket, received };
      }),
    );
    const frames = ['{not json', '{"type":"mystery","msg":{}}', '', '{"type":"ticker","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.5000"}}'];
    const answer = await fetch(`${simulator.adminUrl}/ws/inject`, { method: 'POST', body: JSON.stringify({ frames }) });
    const injected = (await answer.json()) as { connections: number; frames: number };
    expect(injected.frames).toBe(4);
    expect(injected.connections).toBeGreaterThanOrEqual(2);
    for (const { received } of sockets) {
      const deadline = Date.now() + 3000;
      while (received.length < frames.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received).toEqual(frames);
    }
    expect((await fetch(`${simulator.adminUrl}/ws/inject`, { method: 'POST', body: JSON.stringify({ frames: [] }) })).status).toBe(400);
    for (const { socket } of sockets) socket.close();
  });

  it('publishes lifecycle events and BRTI values as simulated time passes', async () => {
    const client = await Client.open(simulator, keyId, privateKeyPem);
    client.command('subscribe', { channels: ['market_lifecycle_v2'] });
    client.command('subscribe', { channels: ['cfbenchmarks_value'], index_ids: ['BRTI'] });
    await client.next((message) => message.type === 'subscribed');
    await client.next((message) => message.type === 'subscribed');
    const advanced = await fetch(`${simulator.adminUrl}/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 9 * 60 }) });
    expect(advanced.status).toBe(200);
    const determined = await client.next((message) => message.type === 'market_lifecycle_v2' && message.msg.market_ticker === window && message.msg.event_type === 'determined');
    expect(['yes', 'no']).toContain(determined.msg.result);
    const settled = await client.next((message) => message.type === 'market_lifecycle_v2' && message.msg.market_ticker === window && message.msg.event_type === 'settled');
    expect(settled.seq).toBeGreaterThan(determined.seq);
    expect(client.find((message) => message.type === 'market_lifecycle_v2' && message.msg.event_type === 'created' && message.msg.market_ticker.startsWith('KXBTC15M-'))).toBeDefined();
    expect(client.find((message) => message.type === 'event_lifecycle' && message.msg.series_ticker === 'KXBTC15M')).toBeDefined();
    const lifecycle = client.messages.filter((message) => message.type === 'market_lifecycle_v2' || message.type === 'event_lifecycle').map((message) => message.seq);
    expect(lifecycle).toEqual(lifecycle.map((_, index) => index + 1));
    const index = await client.next((message) => message.type === 'cfbenchmarks_value');
    expect(index.msg).toMatchObject({ index_id: 'BRTI' });
    expect(index.msg.value).toMatch(/^\d+\.\d\d$/);
    client.close();
  });
});
