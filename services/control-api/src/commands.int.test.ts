/**
 * Contract tests of the command endpoints against real NATS, Postgres and the projector: each
 * command becomes the right CONTROL event, and errors are problem documents.
 */
import { AgentRegistered, ApprovalRequested, type AnyEvent, ApprovalResolved, createEvent, type TradeIntent } from '@polly/contracts';
import { projectorService } from '@polly/projector';
import { createLogger, startService } from '@polly/runtime';
import { eventually } from '@polly/testing';
import { CommandAccepted } from './api/schemas';
import { Problem } from './http/problem';
import { type Harness, startHarness } from './testing/harness';

let harness: Harness;

const intent = (intentId: string): TradeIntent => ({
  intentId,
  decisionId: `decision-${intentId}`,
  agentId: 'prime',
  agentName: 'Prime',
  clientOrderId: `order-${intentId}`,
  marketTicker: 'KXBTC15M-26NOV211215-15',
  action: 'buy',
  side: 'yes',
  price: '0.5600',
  count: '10.00',
  timeInForce: 'good_till_canceled',
  postOnly: false,
  reduceOnly: false,
  estimatedFee: '0.0200',
  confidence: 0.7,
  reasoning: 'yes flow dominates the last minute',
  marketSnapshot: { marketTicker: 'KXBTC15M-26NOV211215-15', yesBid: '0.5500', yesAsk: '0.5700', noBid: '0.4300', noAsk: '0.4500', lastPrice: '0.5600', volume: '120.00', stale: false, observedAt: '2026-11-21T12:00:00.000Z' },
  createdAt: '2026-11-21T12:00:00.000Z',
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

beforeAll(async () => {
  harness = await startHarness();
  const seed: AnyEvent[] = [];
  for (const environment of ['demo', 'live'] as const) {
    for (const [agentId, agentName] of [['prime', 'Prime'], ['peritia', 'Peritia']]) {
      seed.push(createEvent(AgentRegistered, environment, { agentId: agentId as string, agentName: agentName as string, enabled: true, mode: 'FullStop', configuration: {} }, { source: 'agents' }));
    }
  }
  seed.push(createEvent(ApprovalRequested, 'demo', { approvalId: 'approval-1', intent: intent('intent-1'), expiresAt: inAnHour() }, { source: 'gate' }));
  seed.push(createEvent(ApprovalRequested, 'demo', { approvalId: 'approval-2', intent: intent('intent-2'), expiresAt: inAnHour() }, { source: 'gate' }));
  seed.push(createEvent(ApprovalRequested, 'demo', { approvalId: 'approval-3', intent: intent('intent-3'), expiresAt: inAnHour() }, { source: 'gate' }));
  seed.push(createEvent(ApprovalResolved, 'demo', { approvalId: 'approval-3', intentId: 'intent-3', agentId: 'prime', outcome: 'expired', resolvedBy: 'timeout', reason: null }, { source: 'gate' }));
  await harness.publish(seed);
  await harness.caughtUp();
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

/** The CONTROL event an answer names, as stored in the stream. */
async function storedEvent(answer: { json: unknown }, index = 0): Promise<AnyEvent> {
  const accepted = CommandAccepted.parse(answer.json);
  const named = accepted.events[index];
  const stored = (await harness.controlEvents()).find((event) => event.id === named?.id);
  if (!stored) throw new Error(`event ${named?.id} is not in the CONTROL stream`);
  expect(stored.type).toBe(named?.type);
  return stored;
}

function expectProblem(answer: { status: number; headers: Record<string, unknown>; json: unknown }, status: number, type: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = Problem.parse(answer.json);
  expect(problem).toMatchObject({ status, type: `urn:polly:problem:${type}` });
  expect(problem.detail.length).toBeGreaterThan(10);
}

describe('agent commands', () => {
  it.each([
    ['start', 'agent.start'],
    ['stop', 'agent.stop'],
    ['pause', 'agent.pause'],
    ['enable', 'agent.enable'],
    ['disable', 'agent.disable'],
  ])('POST /control/agents/prime/%s publishes %s for the active environment, requested by the cockpit', async (action, type) => {
    const answer = await harness.call('POST', `/control/agents/prime/${action}`);
    expect(answer.status).toBe(202);
    const event = await storedEvent(answer);
    expect(event).toMatchObject({ type, environment: 'demo', source: 'control-api', data: { agentId: 'prime', requestedBy: 'cockpit' } });
  });

  it('sets one agent’s mode, in the environment named in the query', async () => {
    const answer = await harness.call('POST', '/control/agents/peritia/set_mode?environment=live', { body: { mode: 'SemiAuto' } });
    expect(answer.status).toBe(202);
    expect(await storedEvent(answer)).toMatchObject({ type: 'agent.set-mode', environment: 'live', data: { agentId: 'peritia', mode: 'SemiAuto' } });
  });

  it('sets every agent’s mode with the global dial', async () => {
    const answer = await harness.call('POST', '/control/agents/set_mode', { body: { mode: 'Auto', environment: 'demo' } });
    expect(await storedEvent(answer)).toMatchObject({ type: 'agents.set-mode', environment: 'demo', data: { mode: 'Auto', requestedBy: 'cockpit' } });
  });

  it('refuses an unknown mode with the field that is wrong, and publishes nothing', async () => {
    const before = (await harness.controlEvents()).length;
    const answer = await harness.call('POST', '/control/agents/prime/set_mode', { body: { mode: 'Turbo' } });
    expectProblem(answer, 400, 'invalid-request');
    expect(answer.json.errors[0].path).toBe('body.mode');
    expect((await harness.controlEvents()).length).toBe(before);
  });

  it('refuses a command for an agent the read models do not know', async () => {
    expectProblem(await harness.call('POST', '/control/agents/nobody/start'), 404, 'not-found');
  });
});

describe('trading commands', () => {
  it('enables trading in one environment, requested by a token holder', async () => {
    const answer = await harness.call('POST', '/control/trading/enable?environment=live', { as: 'token' });
    expect(answer.status).toBe(202);
    expect(await storedEvent(answer)).toMatchObject({ type: 'trading.enable', environment: 'live', data: { requestedBy: 'token' } });
    await eventually(async () => (await harness.call('GET', '/state/system?environment=live')).json.global_trading_enabled === true, { what: 'trading enabled in live' });
  });

  it('the kill switch without an environment disables both, and cancels resting orders when asked', async () => {
    const answer = await harness.call('POST', '/control/trading/disable', { body: { cancelResting: true, reason: 'going to lunch' } });
    expect(answer.status).toBe(202);
    const accepted = CommandAccepted.parse(answer.json);
    expect(accepted.events.map((event) => `${event.type}@${event.environment}`)).toEqual([
      'trading.disable@live',
      'orders.cancel-all@live',
      'trading.disable@demo',
      'orders.cancel-all@demo',
    ]);
    expect(await storedEvent(answer, 0)).toMatchObject({ data: { cancelResting: true, reason: 'going to lunch', requestedBy: 'cockpit' } });
    await eventually(async () => {
      const system = (await harness.call('GET', '/state/system?environment=live')).json;
      return system.global_trading_enabled === false && system.trading_disabled_reason === 'going to lunch';
    }, { what: 'the kill switch to reach the read model' });
  });

  it('the kill switch for one environment leaves the other alone', async () => {
    const answer = await harness.call('POST', '/control/trading/disable', { body: { environment: 'demo' } });
    expect(CommandAccepted.parse(answer.json).events.map((event) => event.type)).toEqual(['trading.disable']);
    expect(await storedEvent(answer)).toMatchObject({ environment: 'demo', data: { cancelResting: false, reason: 'kill switch' } });
  });

  it('cancels every resting order', async () => {
    const answer = await harness.call('POST', '/control/orders/cancel_all', { body: { environment: 'live' } });
    expect(await storedEvent(answer)).toMatchObject({ type: 'orders.cancel-all', environment: 'live' });
  });
});

describe('approvals', () => {
  it('approves a pending request', async () => {
    const answer = await harness.call('POST', '/control/approvals/approval-1/approve');
    expect(answer.status).toBe(202);
    expect(await storedEvent(answer)).toMatchObject({ type: 'approval.approve', environment: 'demo', data: { approvalId: 'approval-1', requestedBy: 'cockpit' } });
  });

  it('denies a pending request with a reason', async () => {
    const answer = await harness.call('POST', '/control/approvals/approval-2/deny', { body: { reason: 'too pricey' } });
    expect(await storedEvent(answer)).toMatchObject({ type: 'approval.deny', data: { approvalId: 'approval-2', reason: 'too pricey' } });
  });

  it('refuses a resolved request (409) and an unknown one (404)', async () => {
    expectProblem(await harness.call('POST', '/control/approvals/approval-3/approve'), 409, 'conflict');
    expectProblem(await harness.call('POST', '/control/approvals/approval-9/deny'), 404, 'not-found');
  });

  it('waits for the projector when the answer comes before the approval is folded (the cockpit hears of it on /events first)', async () => {
    const lagging = await startHarness({ projector: false });
    try {
      await lagging.bus.publish(createEvent(ApprovalRequested, 'demo', { approvalId: 'approval-late', intent: intent('intent-late'), expiresAt: inAnHour() }, { source: 'gate' }));
      const answer = lagging.call('POST', '/control/approvals/approval-late/approve');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const projector = await startService(projectorService, {
        logger: createLogger({ service: 'projector', level: 'warn' }),
        env: { POLLY_NATS_URL: process.env.POLLY_TEST_NATS_URL, POLLY_DATABASE_URL: lagging.database.connectionString, POLLY_NAMESPACE: lagging.bus.namespace, POLLY_HEALTH_PORT: '0' },
      });
      try {
        expect((await answer).status).toBe(202);
      } finally {
        await projector.stop();
      }
    } finally {
      await lagging.close();
    }
  });
});

describe('the active environment', () => {
  it('switches, and commands without an environment then go to the new one', async () => {
    expectProblem(await harness.call('POST', '/control/environment/set', { body: { environment: 'mars' } }), 400, 'invalid-request');
    const answer = await harness.call('POST', '/control/environment/set', { body: { environment: 'live' } });
    expect(await storedEvent(answer)).toMatchObject({ type: 'environment.select', environment: 'live' });
    await eventually(async () => (await harness.call('GET', '/state/system')).json.active_environment === 'live', { what: 'the switch to be folded' });
    const next = await harness.call('POST', '/control/agents/prime/pause');
    expect(await storedEvent(next)).toMatchObject({ type: 'agent.pause', environment: 'live' });
    await harness.call('POST', '/control/environment/set', { body: { environment: 'demo' } });
    await eventually(async () => (await harness.call('GET', '/state/system')).json.active_environment === 'demo', { what: 'the switch back' });
  });
});
