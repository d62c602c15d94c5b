/**
 * The registry and lifecycle on real NATS and Postgres: first-start registration, activation on
 * key entry after the startup reconciliation, the agent_state read model loaded at start, and
 * CONTROL commands changing modes, flags and lifecycle.
 */
import { type AnyEvent, DisableTrading, EnableTrading } from '@polly/contracts';
import { eventually } from '@polly/testing';
import {
  agentEvents,
  command,
  commands,
  keysConnected,
  lastStateOf,
  publish,
  reconciliationCycle,
  startAgents,
  transitions,
  waitForEvents,
  useTestbed,
} from '../testing/harness';

const configuredOf = (events: AnyEvent[], agentId: string) => events.flatMap((event) => (event.type === 'agent.configured' && event.data.agentId === agentId ? [event] : []));

describe('the agent registry and lifecycle', () => {
  const testbed = useTestbed();

  it('registers new plugins disabled in FullStop, and on key entry makes them SemiAuto, then ACTIVE after the startup reconciliation', async () => {
    const { bus, database } = testbed;
    testbed.agents = await startAgents(bus, database, { env: { POLLY_AGENTS_ACTIVATION_QUIET_SECONDS: '30' } });
    const registered = await waitForEvents(bus, (events) => {
      const found = events.filter((event) => event.type === 'agent.registered');
      return found.length === 2 && lastStateOf(events, 'prime') === 'STOPPED' && lastStateOf(events, 'peritia') === 'STOPPED' ? found : undefined;
    }, 'both plugins registered and STOPPED');
    expect(registered.map((event) => event.type === 'agent.registered' && { id: event.data.agentId, enabled: event.data.enabled, mode: event.data.mode, environments: event.data.configuration.environments })).toEqual([
      { id: 'prime', enabled: false, mode: 'FullStop', environments: ['demo'] },
      { id: 'peritia', enabled: false, mode: 'FullStop', environments: ['demo'] },
    ]);
    expect(testbed.agents.context.readiness.snapshot().ready).toBe(true);

    const keys = keysConnected();
    await publish(bus, keys);
    await waitForEvents(bus, (events) => lastStateOf(events, 'prime') === 'INITIALIZING' && lastStateOf(events, 'peritia') === 'INITIALIZING', 'INITIALIZING after key entry');
    let events = await agentEvents(bus);
    expect(configuredOf(events, 'prime').map((event) => event.type === 'agent.configured' && { ...event.data, causationId: event.causationId })).toEqual([
      { agentId: 'prime', mode: 'SemiAuto', enabled: true, commandId: keys.id, causationId: keys.id },
    ]);
    const initializing = events.find((event) => event.type === 'agent.state-changed' && event.data.to === 'INITIALIZING');
    expect(initializing?.type === 'agent.state-changed' && initializing.data.reason).toBe('waiting for the startup reconciliation');

    const cycle = reconciliationCycle('cycle-1');
    await publish(bus, ...cycle);
    events = await waitForEvents(bus, (all) => (lastStateOf(all, 'prime') === 'ACTIVE' && lastStateOf(all, 'peritia') === 'ACTIVE' ? all : undefined), 'ACTIVE after the reconciliation');
    expect(transitions(events, 'prime')).toEqual(['∅→STOPPED', 'STOPPED→INITIALIZING', 'INITIALIZING→ACTIVE']);
    const active = events.find((event) => event.type === 'agent.state-changed' && event.data.agentId === 'prime' && event.data.to === 'ACTIVE');
    expect(active?.causationId).toBe(cycle[1]?.id);
    expect(active?.type === 'agent.state-changed' && active.data.reason).toBe('deciding in SemiAuto');
  });

  it('loads agent_state at start, keeps the owner’s pause, stops agents without a plugin, and registers only what is missing, also after a restart', async () => {
    const { bus, database } = testbed;
    const at = new Date().toISOString();
    await database.db
      .withSchema('demo')
      .insertInto('agent_state')
      .values([
        { agent_id: 'prime', agent_name: 'Prime', enabled: true, mode: 'Auto', configuration: JSON.stringify({ environments: ['demo'], maxPosition: '3.00', maxDailyLoss: '10.00', orderSize: '1.00' }), lifecycle_state: 'PAUSED', state_reason: 'paused by command', last_decision_at: null, created_at: at, updated_at: at },
        { agent_id: 'retired', agent_name: 'Retired', enabled: true, mode: 'Auto', configuration: '{}', lifecycle_state: 'ACTIVE', state_reason: 'deciding', last_decision_at: null, created_at: at, updated_at: at },
      ])
      .execute();
    testbed.agents = await startAgents(bus, database, { env: { POLLY_DEMO_TRADE_MODE: 'paper' } });
    let events = await waitForEvents(bus, (all) => (lastStateOf(all, 'retired') === 'STOPPED' && lastStateOf(all, 'peritia') === 'ACTIVE' ? all : undefined), 'the registry settled');
    expect(events.filter((event) => event.type === 'agent.registered').map((event) => event.type === 'agent.registered' && event.data.agentId)).toEqual(['peritia']);
    expect(transitions(events, 'prime')).toEqual(['PAUSED→INITIALIZING', 'INITIALIZING→PAUSED']);
    expect(transitions(events, 'retired')).toEqual(['ACTIVE→STOPPED']);
    // Paper mode activates the first-start agents at once: peritia becomes SemiAuto; prime keeps the owner's Auto.
    expect(configuredOf(events, 'peritia').map((event) => event.type === 'agent.configured' && event.data.mode)).toEqual(['SemiAuto']);
    expect(configuredOf(events, 'prime')).toEqual([]);

    await testbed.agents.stop();
    const before = events.length;
    testbed.agents = await startAgents(bus, database, { env: { POLLY_DEMO_TRADE_MODE: 'paper' } });
    events = await waitForEvents(bus, (all) => (all.length > before && lastStateOf(all, 'peritia') === 'ACTIVE' && all.slice(before).some((event) => event.type === 'agent.state-changed' && event.data.agentId === 'peritia' && event.data.to === 'ACTIVE') ? all : undefined), 'peritia ACTIVE again after the restart');
    const afterRestart = events.slice(before);
    expect(afterRestart.filter((event) => event.type === 'agent.registered' || event.type === 'agent.configured')).toEqual([]);
    expect(transitions(afterRestart, 'peritia')).toEqual(['ACTIVE→INITIALIZING', 'INITIALIZING→ACTIVE']);
  });

  it('applies CONTROL commands: modes, the global dial, pause, stop, start, disable, enable, and the kill switch', async () => {
    const { bus, database } = testbed;
    testbed.agents = await startAgents(bus, database, { env: { POLLY_DEMO_TRADE_MODE: 'paper' } });
    await waitForEvents(bus, (events) => lastStateOf(events, 'prime') === 'ACTIVE', 'prime ACTIVE');
    const step = async (event: AnyEvent, agentId: string, state: string) => {
      await publish(bus, event);
      const events = await waitForEvents(bus, (all) => all.some((candidate) => candidate.causationId === event.id) && lastStateOf(all, agentId) === state ? all : undefined, `${event.type} → ${agentId} ${state}`);
      return events.filter((candidate) => candidate.causationId === event.id);
    };

    const fullStop = commands.setMode('prime', 'FullStop');
    expect((await step(fullStop, 'prime', 'IDLE')).map((event) => event.type)).toEqual(['agent.configured', 'agent.state-changed']);
    const dial = commands.setAllModes('Auto');
    await step(dial, 'prime', 'ACTIVE');
    const dialed = await waitForEvents(bus, (all) => {
      const configured = all.filter((event) => event.type === 'agent.configured' && event.causationId === dial.id);
      return configured.length === 2 ? configured : undefined;
    }, 'both agents dialed to Auto');
    expect(dialed.filter((event) => event.type === 'agent.configured').map((event) => event.type === 'agent.configured' && `${event.data.agentId} ${event.data.mode} ${event.data.commandId === dial.id}`)).toEqual(['prime Auto true', 'peritia Auto true']);
    await step(commands.pause('prime'), 'prime', 'PAUSED');
    await step(commands.start('prime'), 'prime', 'ACTIVE');
    await step(commands.stop('prime'), 'prime', 'STOPPED');
    await step(commands.start('prime'), 'prime', 'ACTIVE');
    const disabled = await step(commands.disable('prime'), 'prime', 'STOPPED');
    expect(disabled.find((event) => event.type === 'agent.configured')).toMatchObject({ data: { enabled: false, mode: 'Auto' } });
    await step(commands.enable('prime'), 'prime', 'ACTIVE');

    const kill = command(DisableTrading, { cancelResting: false, reason: 'owner pressed the kill switch' });
    const killed = await step(kill, 'peritia', 'IDLE');
    expect(killed.map((event) => event.type === 'agent.state-changed' && `${event.data.agentId} ${event.data.to} ${event.data.reason}`)).toEqual([
      'prime IDLE kill switch: owner pressed the kill switch',
      'peritia IDLE kill switch: owner pressed the kill switch',
    ]);
    await step(command(EnableTrading, {}), 'prime', 'ACTIVE');

    const before = (await agentEvents(bus)).length;
    await publish(bus, commands.start('nobody'));
    await eventually(async () => /agents_commands_total\{[^}]*outcome="unknown-agent"/.test(await testbed.agents!.context.metrics.registry.metrics()), { what: 'the unknown agent counted' });
    expect((await agentEvents(bus)).length).toBe(before);
    expect(transitions(await agentEvents(bus), 'prime')).toEqual([
      '∅→INITIALIZING', 'INITIALIZING→ACTIVE', 'ACTIVE→IDLE', 'IDLE→ACTIVE', 'ACTIVE→PAUSED', 'PAUSED→ACTIVE',
      'ACTIVE→STOPPED', 'STOPPED→INITIALIZING', 'INITIALIZING→ACTIVE', 'ACTIVE→STOPPED', 'STOPPED→INITIALIZING', 'INITIALIZING→ACTIVE', 'ACTIVE→IDLE', 'IDLE→ACTIVE',
    ]);
  });
  it('does not switch an agent the owner turned off back on when the service restarts in paper mode', async () => {
    const { bus, database } = testbed;
    const paper = { env: { POLLY_DEMO_TRADE_MODE: 'paper' } };
    testbed.agents = await startAgents(bus, database, paper);
    await waitForEvents(bus, (events) => lastStateOf(events, 'peritia') === 'ACTIVE', 'peritia ACTIVE');
    const fullStop = commands.setMode('peritia', 'FullStop');
    const disable = commands.disable('peritia');
    await publish(bus, fullStop, disable);
    await waitForEvents(bus, (events) => events.some((event) => event.causationId === disable.id) && lastStateOf(events, 'peritia') === 'STOPPED', 'peritia turned off');
    await testbed.agents.stop();
    const before = (await agentEvents(bus)).length;
    testbed.agents = await startAgents(bus, database, paper);
    const events = await waitForEvents(bus, (all) => (all.slice(before).some((event) => event.type === 'agent.state-changed' && event.data.agentId === 'prime' && event.data.to === 'ACTIVE') ? all : undefined), 'prime ACTIVE again');
    expect(configuredOf(events.slice(before), 'peritia')).toEqual([]);
    expect(lastStateOf(events, 'peritia')).toBe('STOPPED');
  });
});
