/**
 * The kill switch in the middle of a burst: orders wait for write tokens (Basic tier: 9 orders
 * at once, then 9 a second), the switch flips, and no order reaches the simulator after it.
 */
import { DisableTrading, EnableTrading, createEvent } from '@polly/contracts';
import type { Market } from '@polly/kalshi';
import { eventually } from '@polly/testing';
import { type Harness, startWithMarket, tradeIntent } from './testing/harness';

jest.setTimeout(120_000);

/** An order already handed to the network when the switch was published may land just after it. */
const IN_FLIGHT_TOLERANCE_MS = 25;

describe('the kill switch, mid-burst', () => {
  let harness: Harness;
  let market: Market;

  beforeAll(async () => {
    ({ harness, market } = await startWithMarket());
    await harness.startExecution();
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  const outcomeOf = (clientOrderId: string) =>
    harness.events('order.accepted', (event) => event.data.order.clientOrderId === clientOrderId)[0] ??
    harness.events('order.rejected', (event) => event.data.order.clientOrderId === clientOrderId)[0] ??
    harness.events('order.failed', (event) => event.data.order.clientOrderId === clientOrderId)[0];

  it('nothing reaches the exchange after trading.disable; what waited is refused GLOBAL_TRADING_DISABLED', async () => {
    const burst = Array.from({ length: 40 }, (_, index) => tradeIntent(market.ticker, { price: `0.${String(10 + index).padStart(2, '0')}00`, count: '1.00' }));
    for (const intent of burst) await harness.approve(intent);
    await eventually(async () => harness.events('order.accepted').length >= 12, { what: 'the first orders' });

    const disable = createEvent(DisableTrading, 'demo', { requestedBy: 'test', cancelResting: false, reason: 'mid-burst stop' }, { source: 'control-api' });
    await harness.bus.publish(disable);
    const switchedAt = Date.parse(disable.occurredAt);

    await eventually(async () => burst.every((intent) => outcomeOf(intent.clientOrderId) !== undefined), { timeoutMs: 30_000, what: 'an outcome for every order' });
    const ids = new Set(burst.map((intent) => intent.clientOrderId));
    const posts = (await harness.orderLog()).filter((entry) => entry.method === 'POST' && entry.clientOrderId !== null && ids.has(entry.clientOrderId));
    const latest = Math.max(...posts.map((entry) => Date.parse(entry.at)));
    expect(latest - switchedAt).toBeLessThanOrEqual(IN_FLIGHT_TOLERANCE_MS);

    const accepted = burst.filter((intent) => outcomeOf(intent.clientOrderId)?.type === 'order.accepted');
    const refused = burst.filter((intent) => {
      const outcome = outcomeOf(intent.clientOrderId);
      return outcome?.type === 'order.rejected' && outcome.data.code === 'GLOBAL_TRADING_DISABLED';
    });
    expect(accepted.length).toBeGreaterThanOrEqual(12);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length + refused.length).toBe(burst.length);
    expect(posts).toHaveLength(accepted.length);
  });

  it('trading.disable with cancelResting cancels the resting orders; trading.enable lets orders through again', async () => {
    const resting = harness.events('order.accepted').map((event) => event.data.order.clientOrderId);
    await harness.bus.publish(createEvent(DisableTrading, 'demo', { requestedBy: 'test', cancelResting: true, reason: 'stop and clear' }, { source: 'control-api' }));
    await eventually(async () => resting.every((id) => harness.events('order.cancelled', (event) => event.data.order.clientOrderId === id).length > 0), { what: 'resting orders cancelled' });

    await harness.bus.publish(createEvent(EnableTrading, 'demo', { requestedBy: 'test' }, { source: 'control-api' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const intent = tradeIntent(market.ticker, { price: '0.0900', count: '1.00' });
    await harness.approve(intent);
    const accepted = await harness.waitFor('order.accepted', (event) => event.data.order.clientOrderId === intent.clientOrderId);
    expect(accepted.data.order.status).toBe('resting');
  });
});
