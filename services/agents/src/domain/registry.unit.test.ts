/** Merging the registry from the read model and the stream, configurations, and the holdings book. */
import { AgentConfigured, AgentRegistered, AgentStateChanged, type AnyEvent, EnableTrading, IntentDenied, StartAgent, type TradeIntent, createEvent, formatCount } from '@polly/contracts';
import { prime } from '../plugins/prime/plugin';
import { HoldingsBook } from '../runtime/holdings-book';
import { activationChanges, commandChanges } from './commands';
import { type AgentStateRow, effectiveConfiguration, mergeAgent } from './registry';

const fact = (event: unknown, sequence: number) => ({ event: event as AnyEvent, sequence });
const row: AgentStateRow = {
  agent_id: 'prime',
  agent_name: 'Prime',
  enabled: true,
  mode: 'Auto',
  configuration: { maxPosition: '3.00' },
  lifecycle_state: 'ACTIVE',
  state_reason: 'deciding in Auto',
  last_decision_at: new Date('2026-11-21T12:00:00Z'),
};

describe('merging an agent', () => {
  it('takes the read model row when the stream has nothing newer', () => {
    expect(mergeAgent('prime', row, { registered: null, configured: null, stateChanged: null })).toMatchObject({
      enabled: true,
      mode: 'Auto',
      desired: 'running',
      lifecycle: 'ACTIVE',
      lastDecisionAt: '2026-11-21T12:00:00.000Z',
    });
  });

  it('lets the newest stream facts win over a lagging row', () => {
    const registered = createEvent(AgentRegistered, 'demo', { agentId: 'prime', agentName: 'Prime', enabled: false, mode: 'FullStop', configuration: { orderSize: '2.00' } }, { source: 'agents' });
    const configured = createEvent(AgentConfigured, 'demo', { agentId: 'prime', mode: 'SemiAuto', enabled: true, commandId: null }, { source: 'agents' });
    const paused = createEvent(AgentStateChanged, 'demo', { agentId: 'prime', agentName: 'Prime', from: 'ACTIVE', to: 'PAUSED', reason: 'paused by command', lastDecisionAt: null }, { source: 'agents' });
    const merged = mergeAgent('prime', row, { registered: fact(registered, 10), configured: fact(configured, 12), stateChanged: fact(paused, 13) });
    expect(merged).toMatchObject({ mode: 'SemiAuto', enabled: true, configuration: { orderSize: '2.00' }, desired: 'paused', lifecycle: 'PAUSED' });
    expect(mergeAgent('prime', row, { registered: fact(registered, 14), configured: fact(configured, 12), stateChanged: null })).toMatchObject({ mode: 'FullStop', enabled: false });
  });

  it('is null for an agent nobody registered (the runtime registers it)', () => {
    expect(mergeAgent('prime', undefined, { registered: null, configured: null, stateChanged: null })).toBeNull();
  });
});

describe('an agent’s configuration', () => {
  it('fills the plugin’s defaults under what was registered', () => {
    const result = effectiveConfiguration(prime, { maxPosition: '3.00', dominance: 0.7 });
    expect(result.ok && { environments: result.value.environments, maxPosition: result.value.maxPosition, orderSize: result.value.orderSize }).toEqual({ environments: ['demo'], maxPosition: '3.00', orderSize: '1.00' });
    expect(result.ok && (result.value.parameters as { dominance: number }).dominance).toBe(0.7);
  });

  it('says what is wrong with an unusable one', () => {
    expect(effectiveConfiguration(prime, { maxPosition: 'lots', dominance: 2 })).toEqual({ ok: false, problem: 'maxPosition: expected a contract count such as "10.00"' });
  });
});

describe('commands and key entry', () => {
  const agents = new Map([['prime', { ...mergeAgent('prime', row, { registered: null, configured: null, stateChanged: null })!, enabled: false, mode: 'FullStop' as const }]]);

  it('activates only agents still in their first-start state and allowed here', () => {
    expect(activationChanges(agents.values(), () => true)).toEqual([{ agentId: 'prime', mode: 'SemiAuto', enabled: true, desired: 'running' }]);
    expect(activationChanges(agents.values(), () => false)).toEqual([]);
    expect(activationChanges([{ ...agents.get('prime')!, mode: 'Auto' }], () => true)).toEqual([]);
  });

  it('names an unknown agent instead of guessing, and ignores what is not a command for agents', () => {
    const start = (agentId: string) => createEvent(StartAgent, 'demo', { requestedBy: 'owner', agentId }, { source: 'test' }) as AnyEvent;
    expect(commandChanges(start('nobody'), agents)).toEqual({ kind: 'unknown-agent', agentId: 'nobody' });
    expect(commandChanges(start('prime'), agents)).toEqual({ kind: 'changes', changes: [{ agentId: 'prime', desired: 'running', clearFailure: true }] });
    expect(commandChanges(createEvent(EnableTrading, 'demo', { requestedBy: 'owner' }, { source: 'test' }) as AnyEvent, agents)).toEqual({ kind: 'not-for-agents' });
  });
});

describe('the holdings book', () => {
  const intent = (clientOrderId: string, action: 'buy' | 'sell', count: string) => ({ intentId: `i-${clientOrderId}`, clientOrderId, agentId: 'prime', marketTicker: 'M', action, side: 'yes', price: '0.5000', count }) as TradeIntent;

  it('counts working intents by direction until the gate denies them, and expires unanswered ones', () => {
    const book = new HoldingsBook((agentId) => agentId === 'prime');
    book.addIntent(intent('a', 'buy', '2.00'), 1000);
    book.addIntent(intent('b', 'sell', '0.50'), 2000);
    expect(formatCount(book.holdings('prime', 'M').working)).toBe('1.50');
    expect(book.holdings('prime', 'M')).toMatchObject({ workingOrders: 2, lastIntentAt: 2000 });
    book.apply(createEvent(IntentDenied, 'demo', { intentId: 'i-a', agentId: 'prime', clientOrderId: 'a', marketTicker: 'M', code: 'AGENT_FULL_STOP', message: '', details: {} }, { source: 'gate' }) as AnyEvent);
    expect(formatCount(book.holdings('prime', 'M').working)).toBe('-0.50');
    expect(book.expire(200_000, 120_000)).toBe(1);
    expect(book.holdings('prime', 'M').workingOrders).toBe(0);
    expect(book.marketsOf('prime')).toEqual([]);
  });
});
