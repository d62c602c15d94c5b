/**
 * Pausing the stream (backpressure): while paused nothing more is read, however much the
 * exchange sends, and the heartbeat watchdog does not fire although no ping is read either;
 * after resuming every message arrives, in sequence, and the book still equals the exchange's.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { type ExchangeSimulator, startExchangeSimulator } from '@polly/exchange-sim';
import { waitFor } from '../testing/simulator';
import { StreamBooks } from './books';
import { type KalshiStream, createKalshiStream } from './client';

let simulator: ExchangeSimulator;
let stream: KalshiStream | undefined;

const admin = async (method: string, path: string, body?: unknown): Promise<any> => {
  const response = await fetch(`${simulator.adminUrl}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return response.json();
};

beforeAll(async () => {
  // Pings every 100 ms: an unpaused connection always satisfies a 600 ms watchdog.
  simulator = await startExchangeSimulator({ port: 0, seed: 7, markets: 300, traders: false, pingIntervalMs: 100 });
}, 60_000);

afterAll(async () => {
  await stream?.close();
  await simulator?.stop();
});

describe('a paused stream', () => {
  it('reads nothing while paused, keeps the connection, and reads everything in order once resumed', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyId = randomUUID();
    simulator.registerKey(keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const ticker = simulator.exchange.universe.listed.find((market) => market.seriesTicker === 'KXBTC15M' && market.status === 'active')?.ticker as string;
    stream = createKalshiStream({
      environment: 'demo',
      url: simulator.wsUrl,
      keyId,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      heartbeatTimeoutMs: 600,
    });
    const books = new StreamBooks();
    let deltas = 0;
    stream.events.on('message', (message) => {
      books.apply(message);
      if (message.type === 'orderbook_delta') deltas += 1;
    });
    expect(await stream.connect()).toBe(true);
    expect((await stream.subscribe('orderbook_delta', { marketTickers: [ticker] })).ok).toBe(true);
    await waitFor(() => !books.isStale(ticker));

    stream.pause();
    expect(stream.isPaused).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const beforeFirehose = deltas;
    await admin('POST', '/firehose', { messages: 2_000, tickers: [ticker] });
    // Paused for well over the watchdog's 600 ms.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(deltas).toBe(beforeFirehose);

    stream.resume();
    await waitFor(() => deltas >= beforeFirehose + 2_000, 15_000);
    expect(stream.counters()).toMatchObject({ gaps: 0, heartbeatTimeouts: 0, reconnects: 0, pauses: 1 });
    expect(books.isStale(ticker)).toBe(false);
    expect(books.book(ticker)?.toOrderbookFp()).toEqual((await admin('GET', `/books/${encodeURIComponent(ticker)}`)).orderbook_fp);
  }, 30_000);
});
