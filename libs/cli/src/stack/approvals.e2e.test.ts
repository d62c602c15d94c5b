/**
 * SemiAuto from the cockpit's side, browser-free, against the whole stack and the simulator with
 * its background traders on: the demo keys are connected through the control API (the auto-fill
 * values, sent with the cockpit's own Origin), the agents activate in SemiAuto, and Prime's buys
 * wait for a human. One is approved (it reaches the exchange and fills: `order_submitted` and
 * `order_filled` on `/events`), one is denied, one expires (approval timeout 5 s here), and
 * Prime's closing sell goes through without asking. After the keys are disconnected, no log,
 * stream message or table row holds any part of the private key.
 */
jest.setTimeout(300_000);

import { eventually } from '@polly/testing';
import { type EventsFollower, cockpitRequest, connectDemoKeys, followEvents } from './cockpit-client';
import { type Stack, startStack } from './in-process';
import { type MarketActor, openActor } from './market-actors';
import { scanForSecret } from './secret-scan';
import { SIMULATOR_WITH_TRADERS, makeFlow, primeTrail, quietMarkets, quoteMarkets, stackOrderLog, waitForAgents } from './trading-scenario';

const APPROVAL_TIMEOUT_SECONDS = 5;

describe('SemiAuto approvals through the control API', () => {
  let stack: Stack;
  let events: EventsFollower;
  let maker: MarketActor;
  let taker: MarketActor;
  let markets: string[];

  beforeAll(async () => {
    stack = await startStack({
      simulator: SIMULATOR_WITH_TRADERS,
      env: { POLLY_APPROVAL_TIMEOUT_SECONDS: String(APPROVAL_TIMEOUT_SECONDS) },
      logLevel: 'info',
    });
    events = await followEvents(stack);
    maker = await openActor(stack);
    taker = await openActor(stack);
  });

  afterAll(async () => {
    events?.close();
    stack?.saveRecord('stack-approvals');
    await stack?.stop();
  });

  /** Make Prime's signal in a market and wait for the approval request it causes. */
  const buySignal = async (ticker: string) => {
    const from = events.messages.length;
    await makeFlow(taker, ticker, 'yes');
    try {
      return await events.waitFor('approval_requested', (message) => message.data.intent.marketTicker === ticker, 60_000, from);
    } catch (error) {
      throw new Error(`${String(error)}; ${primeTrail(stack, ticker)}`);
    }
  };
  const orderLogOf = async (clientOrderId: string) => (await stackOrderLog(stack, { every: true })).filter((entry) => entry.clientOrderId === clientOrderId);

  it('activates the agents in SemiAuto when demo keys are connected from the cockpit', async () => {
    const connected = await connectDemoKeys(stack);
    expect(connected.status).toBe(200);
    expect(connected.json).toMatchObject({ status: 'connected', environment: 'demo', key_id_hint: stack.keys.keyId.slice(-4) });
    await waitForAgents(stack, { lifecycle: 'ACTIVE', mode: 'SemiAuto' });
    await events.waitFor('agent_state_change', (message) => message.data.agentId === 'prime' && message.data.to === 'ACTIVE');
    // Chosen once the background traders have quoted the markets they trade.
    markets = await quietMarkets(stack, 3);
    await quoteMarkets(stack, maker, markets);
  });

  it('holds a buy for approval, and executes it once approved: order_submitted and order_filled arrive on /events', async () => {
    const [market] = markets as [string];
    const request = await buySignal(market);
    expect(request.data.intent).toMatchObject({ agentId: 'prime', action: 'buy', side: 'yes', price: '0.5000' });
    expect(request.data.intent.reasoning).toMatch(/.+/);
    expect(request.data.intent.marketSnapshot).toMatchObject({ marketTicker: market, yesAsk: '0.5000' });
    const clientOrderId = request.data.intent.clientOrderId as string;
    // Nothing reaches the exchange while the human has not answered.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await orderLogOf(clientOrderId)).toEqual([]);

    const approved = await cockpitRequest(stack, 'POST', `/control/approvals/${request.data.approvalId}/approve`, { environment: 'demo' });
    expect(approved.status).toBe(202);
    const submitted = await events.waitFor('order_submitted', (message) => message.data.order.clientOrderId === clientOrderId);
    const filled = await events.waitFor('order_filled', (message) => message.data.clientOrderId === clientOrderId);
    expect(submitted.data.order).toMatchObject({ marketTicker: market, action: 'buy', side: 'yes' });
    expect(filled.data).toMatchObject({ marketTicker: market, action: 'buy', side: 'yes', count: '1.00', price: '0.5000', source: 'exchange' });
    await events.waitFor('approval_resolved', (message) => message.data.approvalId === request.data.approvalId && message.data.outcome === 'approved');
    const placed = await orderLogOf(clientOrderId);
    expect(placed.map((entry) => [entry.method, entry.status])).toEqual([['POST', 201]]);
  });

  it('drops a buy the human denies', async () => {
    const market = markets[1] as string;
    const request = await buySignal(market);
    const denied = await cockpitRequest(stack, 'POST', `/control/approvals/${request.data.approvalId}/deny`, { environment: 'demo', reason: 'not now' });
    expect(denied.status).toBe(202);
    const resolved = await events.waitFor('approval_resolved', (message) => message.data.approvalId === request.data.approvalId);
    expect(resolved.data).toMatchObject({ outcome: 'denied', resolvedBy: 'human' });
    const denial = await stack.recorder.waitFor('intent.denied', (event) => event.data.intentId === request.data.intent.intentId);
    expect(denial.data.code).toBe('APPROVAL_DENIED');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await orderLogOf(request.data.intent.clientOrderId)).toEqual([]);
  });

  it('drops a buy nobody answers once the approval expires', async () => {
    const market = markets[2] as string;
    const request = await buySignal(market);
    expect(Date.parse(request.data.expiresAt) - Date.parse(request.at)).toBe(APPROVAL_TIMEOUT_SECONDS * 1000);
    const resolved = await events.waitFor('approval_resolved', (message) => message.data.approvalId === request.data.approvalId, (APPROVAL_TIMEOUT_SECONDS + 10) * 1000);
    expect(resolved.data).toMatchObject({ outcome: 'expired', resolvedBy: 'timeout' });
    const denial = await stack.recorder.waitFor('intent.denied', (event) => event.data.intentId === request.data.intent.intentId);
    expect(denial.data.code).toBe('APPROVAL_EXPIRED');
    // A late answer changes nothing.
    const late = await cockpitRequest(stack, 'POST', `/control/approvals/${request.data.approvalId}/approve`, { environment: 'demo' });
    expect(late.status).toBe(409);
    expect(await orderLogOf(request.data.intent.clientOrderId)).toEqual([]);
  });

  it('lets the closing sell through without asking', async () => {
    const [market] = markets as [string];
    // The flow turns: NO takers dominate the minute, so Prime sells the YES contract it holds.
    await makeFlow(taker, market, 'no', '120.00');
    const sell = await stack.recorder.waitFor('intent.approved', (event) => event.data.intent.marketTicker === market && event.data.intent.action === 'sell', 60_000);
    expect(sell.data.route).toBe('sell-without-approval');
    expect(sell.data.intent).toMatchObject({ agentId: 'prime', side: 'yes', reduceOnly: true });
    expect(stack.recorder.events('approval.requested', (event) => event.data.intent.intentId === sell.data.intent.intentId)).toEqual([]);
    const filled = await events.waitFor('order_filled', (message) => message.data.clientOrderId === sell.data.intent.clientOrderId);
    expect(filled.data).toMatchObject({ action: 'sell', side: 'yes', count: '1.00' });
    await events.waitFor('position_update', (message) => message.data.marketTicker === market && message.data.agentId === 'prime' && message.data.position === '0.00');
    // One sell for the one contract: the filled sell counted as working until the position showed it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stack.recorder.events('intent.created', (event) => event.data.marketTicker === market && event.data.action === 'sell')).toHaveLength(1);
    expect(stack.recorder.events('order.rejected', (event) => event.data.order.marketTicker === market)).toEqual([]);
  });

  it('leaves no trace of the private key anywhere after a disconnect', async () => {
    const disconnected = await cockpitRequest(stack, 'POST', '/control/keys/disconnect', { environment: 'demo' });
    expect(disconnected.status).toBe(200);
    await eventually(async () => (await stack.control('GET', '/state/system?environment=demo')).json.api_keys_loaded === false, { what: 'keys unloaded' });
    const report = await scanForSecret(stack, stack.keys.privateKeyPem);
    expect(report.logLines).toBeGreaterThan(20);
    expect(report.messages).toBeGreaterThan(100);
    expect(report.tables).toBeGreaterThan(15);
    expect(report.found).toEqual([]);
  });
});
