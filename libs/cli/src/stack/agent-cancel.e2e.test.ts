/**
 * An agent withdraws its own resting order, end to end against the whole stack and the
 * simulator: a test agent ("withdrawer", Auto) posts a post-only bid below the touch in a quiet
 * market; once it sees that order resting it decides to cancel it. The decision becomes
 * `order.cancel-requested`, execution sends the exchange's cancel, `order.cancelled` follows,
 * and the simulator's account and the projector's orders table both say canceled.
 */
jest.setTimeout(300_000);

import { type Decision, createAgentsService, definePlugin } from '@polly/agents';
import { micros, parseCount } from '@polly/contracts';
import { eventually } from '@polly/testing';
import { z } from 'zod';
import { connectDemoKeys } from './cockpit-client';
import { type Stack, startStack } from './in-process';
import { type MarketActor, openActor, quote } from './market-actors';
import { projectorCaughtUp, quietMarkets, quoteMarkets, stackOrderLog, waitForAgents } from './trading-scenario';

let target: string | null = null;

const hold = (reasonCode: string): Decision => ({ outcome: 'hold', reasonCode, explanation: reasonCode.toLowerCase(), inputs: {} });

/** Posts one bid five cents under the touch in the target market, then withdraws it once it rests. */
const withdrawer = definePlugin<Record<string, never>, null>({
  agentId: 'withdrawer',
  agentName: 'Withdrawer',
  description: 'Posts one low bid, then cancels it.',
  defaults: { environments: ['demo'], maxPosition: '5.00', maxDailyLoss: '5.00', orderSize: '1.00' },
  parameters: z.object({}) as never,
  interestedIn: () => true,
  initialState: () => null,
  observe: (state) => state,
  decide: (_state, { market, resting, workingOrders, lastIntentAt }): Decision => {
    if (market.marketTicker !== target) return hold('NOT_THE_TARGET');
    const order = resting.find((candidate) => candidate.action === 'buy');
    if (order) {
      return order.cancelRequested
        ? hold('CANCEL_ON_ITS_WAY')
        : { outcome: 'cancel', clientOrderId: order.clientOrderId, reasonCode: 'WITHDRAW', explanation: `withdraws its bid at ${order.price}`, inputs: {} };
    }
    if (lastIntentAt !== null || workingOrders > 0 || market.yesBid === null) return hold('WAITING');
    return {
      outcome: 'order',
      order: { action: 'buy', side: 'yes', price: micros(market.yesBid - 50_000n), count: parseCount('1.00'), postOnly: true, timeInForce: 'good_till_canceled', reduceOnly: false },
      confidence: 0.5,
      reasonCode: 'POST_LOW',
      explanation: 'posts five cents under the bid',
      inputs: {},
    };
  },
});

describe('an agent withdrawing its resting order', () => {
  let stack: Stack;
  let maker: MarketActor;

  beforeAll(async () => {
    stack = await startStack({
      simulator: { markets: 500, seed: 7, traders: false },
      definitions: () => ({ agents: createAgentsService({ plugins: [withdrawer] }) }),
      logLevel: 'info',
    });
    maker = await openActor(stack);
  });

  afterAll(async () => {
    stack?.saveRecord('stack-agent-cancel');
    await stack?.stop();
  });

  it('posts, then cancels through execution: order.cancelled, canceled at the exchange and in the read model', async () => {
    const connected = await connectDemoKeys(stack);
    expect(connected.status).toBe(200);
    await waitForAgents(stack, { lifecycle: 'ACTIVE', mode: 'SemiAuto' }, ['withdrawer']);
    expect((await stack.control('POST', '/control/agents/set_mode', { environment: 'demo', mode: 'Auto' })).status).toBe(202);
    await waitForAgents(stack, { lifecycle: 'ACTIVE', mode: 'Auto' }, ['withdrawer']);

    const [market] = (await quietMarkets(stack, 1, { afterBackgroundOrders: 0 })) as [string];
    target = market;
    await quoteMarkets(stack, maker, [market]);
    const accepted = await stack.recorder.waitFor('order.accepted', (event) => event.data.order.agentId === 'withdrawer' && event.data.order.status === 'resting', 60_000);
    const { clientOrderId } = accepted.data.order;
    expect(accepted.data.order).toMatchObject({ marketTicker: market, price: '0.4000', postOnly: true });

    // Another book change makes the agent look again: its order now rests, so it withdraws it.
    await quote(maker, market, '0.4400', '0.5100', '10.00');
    const request = await stack.recorder.waitFor('order.cancel-requested', (event) => event.data.clientOrderId === clientOrderId, 60_000);
    expect(request.data).toMatchObject({ agentId: 'withdrawer', marketTicker: market, reasonCode: 'WITHDRAW' });
    const decided = stack.recorder.events('agent.decided', (event) => event.data.decisionId === request.data.decisionId);
    expect(decided.map((event) => event.data.outcome)).toEqual(['cancel']);

    const cancelled = await stack.recorder.waitFor('order.cancelled', (event) => event.data.order.clientOrderId === clientOrderId, 30_000);
    expect(cancelled.data).toMatchObject({ reason: 'cancelled by withdrawer: WITHDRAW', order: { status: 'canceled', remainingCount: '0.00' } });
    expect((await stackOrderLog(stack, { every: true })).filter((entry) => entry.method === 'DELETE').length).toBe(1);
    const account = (await stack.admin('GET', `/accounts/${stack.keys.keyId}`)) as { orders: Array<{ client_order_id: string; status: string }> };
    expect(account.orders.find((order) => order.client_order_id === clientOrderId)?.status).toBe('canceled');

    await projectorCaughtUp(stack);
    const row = await eventually(
      async () => stack.database.db.withSchema('demo').selectFrom('orders').select(['status']).where('client_order_id', '=', clientOrderId).executeTakeFirst(),
      { what: 'the order in the read model' },
    );
    expect(row.status).toBe('canceled');
    // Nothing more was asked: the agent saw its request on its way, then the order gone.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stack.recorder.events('order.cancel-requested')).toHaveLength(1);
  });
});
