/**
 * The kill switch in the middle of a burst of agent orders, against the simulator with its
 * background traders on. Prime (Auto) gets its signal in sixteen markets at once; the account's
 * write bucket (Basic tier, about nine orders a second) makes the orders queue in execution.
 * Once a few have reached the exchange, `POST /control/trading/disable`: no order may reach the
 * simulator after the `trading.disable` event, and the ones still queued are refused.
 *
 * The times are clock reads on this one machine (every service, the simulator and the test share
 * one process here): the simulator's order log `at` (when it processed a request), the event's
 * `occurredAt` (when the control API made it) and when the event was delivered on the bus (this
 * test's own subscription, beside execution's). An order execution released to the network before
 * the switch reached it is still on its way, and on a loaded machine the shared event loop can
 * hold it for tens of milliseconds; so the rule checked is that nothing reaches the exchange more
 * than IN_FLIGHT_ALLOWANCE_MS after the switch was delivered, and every late arrival was already
 * submitted before the switch was made. The largest delays are printed.
 */
jest.setTimeout(300_000);

import { eventually } from '@polly/testing';
import { type Stack, startStack } from './in-process';
import { type MarketActor, openActor } from './market-actors';
import { SIMULATOR_WITH_TRADERS, activateAgents, makeFlow, quietMarkets, quoteMarkets, stackOrderLog, waitForAgents } from './trading-scenario';

const IN_FLIGHT_ALLOWANCE_MS = 25;

describe('the kill switch mid-burst', () => {
  let stack: Stack;
  let maker: MarketActor;
  let taker: MarketActor;
  let markets: string[];

  beforeAll(async () => {
    stack = await startStack({ simulator: SIMULATOR_WITH_TRADERS, logLevel: 'info' });
    maker = await openActor(stack);
    taker = await openActor(stack);
    await activateAgents(stack, 'Auto');
    markets = await quietMarkets(stack, 16);
    await quoteMarkets(stack, maker, markets);
  });

  afterAll(async () => {
    stack?.saveRecord('stack-kill-switch');
    await stack?.stop();
  });

  const ourOrders = () => stackOrderLog(stack);

  /** Orders of the burst itself at the exchange (Prime also follows the background traders' flow elsewhere). */
  const burstOrders = async () => {
    const burst = new Set(markets);
    const ours = new Set(stack.recorder.events('intent.created', (event) => burst.has(event.data.marketTicker)).map((event) => event.data.clientOrderId));
    return (await ourOrders()).filter((entry) => entry.clientOrderId !== null && ours.has(entry.clientOrderId));
  };

  it('stops every order after the switch, while agents are sending them', async () => {
    const before = (await ourOrders()).length;
    await Promise.all(markets.map((market) => makeFlow(taker, market, 'yes')));
    await eventually(async () => (await burstOrders()).length >= 3, { timeoutMs: 60_000, intervalMs: 20, what: 'the burst reaching the exchange' });
    const disabled = await stack.control('POST', '/control/trading/disable', { environment: 'demo', reason: 'kill switch mid-burst' });
    expect(disabled.status).toBe(202);
    const switched = await stack.recorder.waitFor('trading.disable', (event) => event.environment === 'demo');
    const switchedAt = Date.parse(switched.occurredAt);
    const deliveredAt = stack.recorder.recorded.find((entry) => entry.event.id === switched.id)?.receivedAt ?? switchedAt;

    // Whatever was queued finds the switch off; agents go IDLE.
    await waitForAgents(stack, { lifecycle: 'IDLE', mode: 'Auto' });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const log = await ourOrders();
    const arrivals = log.map((entry) => ({ clientOrderId: entry.clientOrderId, at: Date.parse(entry.at) }));
    const latest = Math.max(...arrivals.map((arrival) => arrival.at));
    console.log(
      `orders at the exchange since the burst began: ${log.length - before} (${(await burstOrders()).length} of the burst); trading.disable delivered ${deliveredAt - switchedAt} ms after it was made; ` +
        `latest arrival ${latest - switchedAt} ms after it was made, ${latest - deliveredAt} ms after it was delivered`,
    );
    expect(arrivals.filter((arrival) => arrival.at > deliveredAt + IN_FLIGHT_ALLOWANCE_MS)).toEqual([]);
    const submittedAt = (clientOrderId: string | null) =>
      Date.parse(stack.recorder.events('order.submitted', (event) => event.data.order.clientOrderId === clientOrderId)[0]?.occurredAt ?? '');
    expect(arrivals.filter((arrival) => arrival.at > switchedAt && !(submittedAt(arrival.clientOrderId) < switchedAt))).toEqual([]);

    // The switch landed mid-burst: some of the burst's orders were refused before reaching the exchange.
    const burst = new Set(markets);
    const refused = [
      ...stack.recorder.events('order.rejected', (event) => burst.has(event.data.order.marketTicker) && event.data.code === 'GLOBAL_TRADING_DISABLED').map((event) => event.data.order.clientOrderId),
      ...stack.recorder.events('order.failed', (event) => burst.has(event.data.order.marketTicker) && event.data.code === 'GLOBAL_TRADING_DISABLED').map((event) => event.data.order.clientOrderId),
      ...stack.recorder.events('intent.denied', (event) => burst.has(event.data.marketTicker) && event.data.code === 'GLOBAL_TRADING_DISABLED').map((event) => event.data.clientOrderId),
    ];
    console.log(`burst intents refused by the switch: ${refused.length}`);
    expect(refused.length).toBeGreaterThan(0);
    const placed = new Set(log.map((entry) => entry.clientOrderId));
    expect(refused.filter((clientOrderId) => placed.has(clientOrderId))).toEqual([]);
  });

  it('keeps trading off: a new signal makes no order until trading is enabled again', async () => {
    const before = (await ourOrders()).length;
    const [market] = (await quietMarkets(stack, 1, { afterBackgroundOrders: 0 })).filter((ticker) => !markets.includes(ticker));
    if (market) {
      await quoteMarkets(stack, maker, [market]);
      await makeFlow(taker, market, 'yes');
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await ourOrders()).length).toBe(before);
    expect((await stack.control('POST', '/control/trading/enable', { environment: 'demo' })).status).toBe(202);
    await waitForAgents(stack, { lifecycle: 'ACTIVE', mode: 'Auto' });
  });
});
