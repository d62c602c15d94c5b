/**
 * Test support: the exchange's `market_lifecycle_v2` channel relayed onto MARKET_DATA through
 * ingest's own frame normalisation, so discovery's tests see exactly the `lifecycle.changed`
 * events the running system publishes, without running ingest's order-book subscriptions.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import type { ExchangeSimulator } from '@polly/exchange-sim';
import { normalize } from '@polly/ingest';
import { createKalshiStream } from '@polly/kalshi';

export interface LifecycleRelay {
  /** Lifecycle events published so far. */
  readonly published: Array<{ id: string; marketTicker: string; eventType: string }>;
  close(): Promise<void>;
}

export async function startLifecycleRelay(simulator: ExchangeSimulator, bus: Bus, environment: Environment = 'demo'): Promise<LifecycleRelay> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomUUID();
  simulator.registerKey(keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const stream = createKalshiStream({ environment, url: simulator.wsUrl, keyId, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  const connectionId = `relay-${keyId.slice(0, 8)}`;
  const published: LifecycleRelay['published'] = [];
  let frameNumber = 0;
  let chain: Promise<unknown> = Promise.resolve();
  stream.events.on('message', (message) => {
    frameNumber += 1;
    if (message.type !== 'market_lifecycle_v2') return;
    const normalized = normalize(message, { environment, connectionId, frameNumber, receivedAt: new Date().toISOString() });
    if (normalized.kind !== 'event' || normalized.event.type !== 'lifecycle.changed') return;
    const { event } = normalized;
    const data = message.msg;
    // In order, one at a time: the stream's order is the exchange's order.
    chain = chain.then(() => bus.publish(event)).then(() => published.push({ id: event.id, marketTicker: data.market_ticker, eventType: data.event_type }));
  });
  await stream.connect();
  const subscribed = await stream.subscribe('market_lifecycle_v2');
  if (!subscribed.ok) throw new Error(`could not subscribe to market_lifecycle_v2: ${subscribed.error.message}`);
  return {
    published,
    close: async () => {
      await stream.close();
      await chain;
    },
  };
}
