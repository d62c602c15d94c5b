jest.setTimeout(240_000);

import { eventually } from '@polly/testing';
import { type Stack, startStack } from './in-process';

describe('the in-process stack', () => {
  let stack: Stack;
  afterAll(async () => {
    await stack?.stop();
  });

  it('starts every service against the simulator, and keys connected through the control API bring markets to the cache', async () => {
    stack = await startStack({ simulator: { markets: 300, seed: 5 }, logLevel: process.env.POLLY_TEST_LOG_LEVEL ?? 'warn', echoLogs: Boolean(process.env.POLLY_TEST_LOG_LEVEL) });
    expect(stack.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const connect = await fetch(`${stack.controlUrl}/control/keys/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.controlToken}` },
      body: JSON.stringify({ environment: 'demo', api_key: stack.keys.keyId, private_key: stack.keys.privateKeyPem }),
    });
    expect(connect.status).toBeLessThan(300);
    const system = await eventually(
      async () => {
        const response = await fetch(`${stack.controlUrl}/state/system?environment=demo`, { headers: { authorization: `Bearer ${stack.controlToken}` } });
        const body = (await response.json()) as { markets_discovered: number; websocket_connected: boolean; api_keys_loaded: boolean };
        return body.markets_discovered > 0 && body.websocket_connected && body.api_keys_loaded && body;
      },
      { timeoutMs: 60_000, what: 'discovery and a WebSocket connection' },
    );
    expect(system.markets_discovered).toBeGreaterThan(100);
    const markets = await eventually(
      async () => {
        const response = await fetch(`${stack.controlUrl}/state/markets?environment=demo&series=KXBTC15M&limit=5`, { headers: { authorization: `Bearer ${stack.controlToken}` } });
        const body = (await response.json()) as { source: string; markets: Array<{ market_ticker: string; live: { yesBid: string | null; stale: boolean } | null }> };
        return body.source === 'cache' && body.markets.some((market) => market.live && !market.live.stale && market.live.yesBid !== null) && body;
      },
      { timeoutMs: 60_000, what: 'cached market state for the BTC markets' },
    );
    expect(markets.markets.length).toBeGreaterThan(0);
  });
});
