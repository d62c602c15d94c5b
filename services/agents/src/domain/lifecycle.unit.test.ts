/** The lifecycle an agent should be in, its restart policy, and when an environment activates. */
import { DEFAULT_ACTIVATION, advanceActivation, beginWaiting, nextActivationCheck, waitingReason } from './activation';
import {
  type AgentHealth,
  type AgentRecord,
  DEFAULT_RESTART_POLICY,
  type EnvironmentConditions,
  STOPPED_BY_COMMAND,
  afterFailure,
  desiredFromLifecycle,
  targetLifecycle,
} from './lifecycle';

const agent = (overrides: Partial<AgentRecord> = {}): AgentRecord => ({
  agentId: 'prime',
  agentName: 'Prime',
  enabled: true,
  mode: 'SemiAuto',
  configuration: {},
  desired: 'running',
  lifecycle: null,
  lifecycleReason: null,
  lastDecisionAt: null,
  ...overrides,
});
const healthy = (overrides: Partial<AgentHealth> = {}): AgentHealth => ({ pluginMissing: false, configurationProblem: null, allowedEnvironments: ['demo'], failure: null, ...overrides });
const ready: EnvironmentConditions = { environment: 'demo', waitingFor: null, tradingBlocked: null };

describe('the lifecycle target', () => {
  it('is ACTIVE when enabled, running, allowed, activated and able to trade', () => {
    expect(targetLifecycle(agent(), healthy(), ready)).toEqual({ state: 'ACTIVE', reason: 'deciding in SemiAuto' });
  });

  it.each([
    ['disabled', agent({ enabled: false }), healthy(), ready, 'STOPPED'],
    ['stopped by command', agent({ desired: 'stopped' }), healthy(), ready, 'STOPPED'],
    ['not allowed in live', agent(), healthy(), { ...ready, environment: 'live' as const }, 'STOPPED'],
    ['without a plugin', agent(), healthy({ pluginMissing: true }), ready, 'STOPPED'],
    ['paused by command', agent({ desired: 'paused' }), healthy(), ready, 'PAUSED'],
    ['with an unusable configuration', agent(), healthy({ configurationProblem: 'maxPosition: expected a count' }), ready, 'ERROR'],
    ['after an exception, waiting to restart', agent(), healthy({ failure: { restarts: [1], lastError: 'boom', restartAt: 2 } }), ready, 'ERROR'],
    ['waiting for the startup reconciliation', agent(), healthy(), { ...ready, waitingFor: 'waiting for the startup reconciliation' }, 'INITIALIZING'],
    ['in FullStop', agent({ mode: 'FullStop' }), healthy(), ready, 'IDLE'],
    ['after the kill switch', agent(), healthy(), { ...ready, tradingBlocked: 'trading is disabled: kill switch' }, 'IDLE'],
  ])('is %s → %s', (_name, record, health, conditions, expected) => {
    expect(targetLifecycle(record, health, conditions).state).toBe(expected);
  });

  it('says how to recover once the restart limit is reached', () => {
    expect(targetLifecycle(agent(), healthy({ failure: { restarts: [], lastError: 'boom', restartAt: null } }), ready).reason).toMatch(/restart limit reached after: boom; send agent.start/);
  });

  it('keeps the owner’s pause or stop across restarts, and runs anything else again', () => {
    expect(desiredFromLifecycle('PAUSED', 'paused by command')).toBe('paused');
    expect(desiredFromLifecycle('STOPPED', STOPPED_BY_COMMAND)).toBe('stopped');
    expect(desiredFromLifecycle('STOPPED', 'disabled')).toBe('running');
    expect(desiredFromLifecycle('ERROR', 'boom')).toBe('running');
    expect(desiredFromLifecycle(null, null)).toBe('running');
  });
});

describe('the restart policy', () => {
  it('doubles the delay with each restart in the window and gives up past the limit', () => {
    let failure = afterFailure(null, 'boom', 0, DEFAULT_RESTART_POLICY);
    const delays = [failure.restartAt];
    for (let attempt = 1; attempt < 5; attempt += 1) {
      failure = afterFailure(failure, 'boom', attempt * 100, DEFAULT_RESTART_POLICY);
      delays.push((failure.restartAt as number) - attempt * 100);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(afterFailure(failure, 'again', 600, DEFAULT_RESTART_POLICY).restartAt).toBeNull();
  });

  it('forgets restarts older than its window', () => {
    const old = { restarts: [0, 1, 2, 3, 4], lastError: 'boom', restartAt: null };
    expect(afterFailure(old, 'boom', DEFAULT_RESTART_POLICY.windowMs + 10, DEFAULT_RESTART_POLICY).restartAt).toBe(DEFAULT_RESTART_POLICY.windowMs + 1010);
  });
});

describe('environment activation', () => {
  describe('when the wait begins', () => {
    const waiting = beginWaiting(1000);

    it('waits for the startup reconciliation', () => {
      expect(waitingReason(waiting)).toBe('waiting for the startup reconciliation');
      expect(nextActivationCheck(waiting, DEFAULT_ACTIVATION)).toBe(31_000);
    });

    it('activates when a cycle completes after it began, not on an older completion', () => {
      expect(advanceActivation(waiting, { kind: 'completed', at: 500, clean: true }, DEFAULT_ACTIVATION).phase).toBe('waiting');
      expect(advanceActivation(waiting, { kind: 'completed', at: 2000, clean: true }, DEFAULT_ACTIVATION)).toEqual({ phase: 'active', reason: 'startup reconciliation completed clean' });
    });

    it('activates after 30 s when no cycle started', () => {
      expect(advanceActivation(waiting, { kind: 'tick', at: 30_999 }, DEFAULT_ACTIVATION).phase).toBe('waiting');
      expect(advanceActivation(waiting, { kind: 'tick', at: 31_000 }, DEFAULT_ACTIVATION)).toEqual({ phase: 'active', reason: 'no reconciliation cycle started within 30 s' });
    });

    it('waits for a cycle that started, up to its longest wait', () => {
      const started = advanceActivation(waiting, { kind: 'started', at: 5000 }, DEFAULT_ACTIVATION);
      expect(waitingReason(started)).toBe('waiting for the running reconciliation cycle to complete');
      expect(advanceActivation(started, { kind: 'tick', at: 40_000 }, DEFAULT_ACTIVATION).phase).toBe('waiting');
      expect(advanceActivation(started, { kind: 'tick', at: 5000 + DEFAULT_ACTIVATION.longestMs }, DEFAULT_ACTIVATION).phase).toBe('active');
    });
  });
});
