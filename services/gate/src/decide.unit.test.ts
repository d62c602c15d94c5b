/**
 * The gate's decider, given / when / then: the state is folded from events (given), an input is
 * decided at a fixed time (when), and the published events are checked (then).
 */
import { type AnyEvent, type Environment, micros, parseDollars, toIsoTimestamp } from '@polly/contracts';
import { type GateInput, decide } from './decide';
import type { MarketView } from './checks';
import { type GateState, type TradeMode, evolve, initialState } from './state';
import {
  approve,
  balance,
  configured,
  deny,
  halted,
  intentCreated,
  type IntentOptions,
  keysConnected,
  keysDisconnected,
  killSwitch,
  pnl,
  position,
  registered,
  restingOrder,
  tradingEnabled,
} from './testing/fixtures';

const NOW = Date.parse('2026-11-21T15:00:00Z');
const FRESH: MarketView = { known: true, stale: false, staleReason: null, status: 'active' };

interface Given {
  environment?: Environment;
  tradeMode?: TradeMode;
  tradingEnabledByDefault?: boolean;
}

let sequence = 0;
function given(options: Given, ...events: AnyEvent[]): GateState {
  const state = initialState({
    environment: options.environment ?? 'demo',
    tradeMode: options.tradeMode ?? 'live',
    tradingEnabledByDefault: options.tradingEnabledByDefault ?? true,
    paperStartingBalance: parseDollars('1000.00'),
    settings: { approvalTimeoutMs: 60_000, maxIntentAgeMs: 15_000, minimumBalance: micros(5_000_000n), awaitingOrderMs: 120_000 },
  });
  for (const event of events) evolve(state, event, (sequence += 1));
  return state;
}

/** A demo environment that may trade: keys connected, $250, the agent registered in `mode`. */
const ready = (mode: 'Auto' | 'SemiAuto' | 'FullStop', ...more: AnyEvent[]) => given({}, keysConnected('demo'), registered('demo', { mode }), ...more);

function when(state: GateState, input: GateInput, now = NOW): AnyEvent[] {
  const events = decide(state, input, now);
  return events;
}

/** Decide and fold the result, as the shell does. */
function apply(state: GateState, input: GateInput, now = NOW): AnyEvent[] {
  const events = decide(state, input, now);
  for (const event of events) evolve(state, event, (sequence += 1));
  return events;
}

const intent = (state: GateState, options: IntentOptions = {}, market: MarketView = FRESH): GateInput => ({
  kind: 'intent',
  event: intentCreated(state.environment, { createdAt: NOW - 5, ...options }),
  market,
});

const types = (events: AnyEvent[]) => events.map((event) => event.type);

function deniedCode(events: AnyEvent[]): string | undefined {
  const denial = events.find((event) => event.type === 'intent.denied');
  return denial?.type === 'intent.denied' ? denial.data.code : undefined;
}

function route(events: AnyEvent[]): string | undefined {
  const approval = events.find((event) => event.type === 'intent.approved');
  return approval?.type === 'intent.approved' ? approval.data.route : undefined;
}

describe('when global trading is disabled', () => {
  it('denies the intent with GLOBAL_TRADING_DISABLED', () => {
    const state = ready('Auto', killSwitch('demo'));
    expect(deniedCode(when(state, intent(state)))).toBe('GLOBAL_TRADING_DISABLED');
  });

  it('denies with GLOBAL_TRADING_DISABLED before any other check (unknown agent, no keys)', () => {
    const state = given({ tradingEnabledByDefault: false });
    expect(deniedCode(when(state, intent(state, { agentId: 'nobody' })))).toBe('GLOBAL_TRADING_DISABLED');
  });

  it('uses the configured default until a command says otherwise (live starts disabled)', () => {
    const live = given({ environment: 'live', tradingEnabledByDefault: false }, keysConnected('live'), registered('live'));
    expect(deniedCode(when(live, intent(live)))).toBe('GLOBAL_TRADING_DISABLED');
    evolve(live, tradingEnabled('live'), (sequence += 1));
    expect(route(when(live, intent(live)))).toBe('auto');
  });
});

describe('when a service halted trading', () => {
  it('denies the intent with TRADING_HALTED, naming the service', () => {
    const state = ready('Auto', halted('demo'));
    const events = when(state, intent(state));
    expect(deniedCode(events)).toBe('TRADING_HALTED');
    expect(JSON.stringify(events[0]?.data)).toContain('execution');
  });

  it('trades again after trading.enable', () => {
    const state = ready('Auto', halted('demo'), tradingEnabled('demo'));
    expect(route(when(state, intent(state)))).toBe('auto');
  });
});

describe('when the environment has no keys', () => {
  it('denies with ENVIRONMENT_NOT_CONFIGURED when keys were never connected', () => {
    const state = given({}, registered('demo'));
    expect(deniedCode(when(state, intent(state)))).toBe('ENVIRONMENT_NOT_CONFIGURED');
  });

  it('denies with KEYS_NOT_LOADED after the keys were disconnected', () => {
    const state = given({}, keysConnected('demo'), registered('demo'), keysDisconnected('demo'));
    expect(deniedCode(when(state, intent(state)))).toBe('KEYS_NOT_LOADED');
  });

  it('approves in paper mode, which needs no keys', () => {
    const state = given({ tradeMode: 'paper' }, registered('demo'));
    expect(route(when(state, intent(state)))).toBe('auto');
  });
});

describe('when the agent may not trade here', () => {
  it('denies an unregistered agent with AGENT_UNKNOWN', () => {
    const state = ready('Auto');
    expect(deniedCode(when(state, intent(state, { agentId: 'peritia' })))).toBe('AGENT_UNKNOWN');
  });

  it('denies a disabled agent with AGENT_DISABLED', () => {
    const state = given({}, keysConnected('demo'), registered('demo', { enabled: false }));
    expect(deniedCode(when(state, intent(state)))).toBe('AGENT_DISABLED');
  });

  it('denies an agent whose limits cannot be read with AGENT_DISABLED', () => {
    const state = given({}, keysConnected('demo'), registered('demo', { configuration: { environments: ['demo'], maxPosition: 'lots' } }));
    const events = when(state, intent(state));
    expect(deniedCode(events)).toBe('AGENT_DISABLED');
    expect(JSON.stringify(events[0]?.data)).toContain('maxPosition');
  });

  it('denies with AGENT_NOT_ALLOWED_IN_ENVIRONMENT outside its environments (default: demo only)', () => {
    const live = given({ environment: 'live' }, keysConnected('live'), registered('live', { configuration: { maxPosition: '10.00' } }));
    expect(deniedCode(when(live, intent(live)))).toBe('AGENT_NOT_ALLOWED_IN_ENVIRONMENT');
    const demo = given({}, keysConnected('demo'), registered('demo', { configuration: { maxPosition: '10.00' } }));
    expect(route(when(demo, intent(demo)))).toBe('auto');
  });

  it('follows agent.configured over an older registration, and a newer registration over both', () => {
    const state = ready('Auto', configured('demo', 'FullStop'));
    expect(deniedCode(when(state, intent(state)))).toBe('AGENT_FULL_STOP');
    evolve(state, registered('demo', { mode: 'Auto' }), (sequence += 1));
    expect(route(when(state, intent(state)))).toBe('auto');
  });

  it('ignores an agent.configured folded after a newer registration (readers are per subject)', () => {
    const state = ready('Auto');
    evolve(state, configured('demo', 'FullStop'), 0);
    expect(route(when(state, intent(state)))).toBe('auto');
  });
});

describe('when the agent is in FullStop', () => {
  it('denies with AGENT_FULL_STOP, before any risk check', () => {
    const state = ready('FullStop', balance('demo', '1.00'));
    expect(deniedCode(when(state, intent(state)))).toBe('AGENT_FULL_STOP');
  });
});

describe('when the agent is in SemiAuto', () => {
  it('turns a buy into an approval request that expires after the timeout', () => {
    const state = ready('SemiAuto');
    const input = intent(state, { action: 'buy', side: 'no' });
    const events = when(state, input);
    expect(types(events)).toEqual(['approval.requested']);
    const [requested] = events;
    if (requested?.type !== 'approval.requested') throw new Error('expected approval.requested');
    expect(requested.data.expiresAt).toBe(toIsoTimestamp(NOW + 60_000));
    expect(requested.data.intent.reasoning).toBe('yes flow dominates this minute');
    expect(requested.data.intent.marketSnapshot.yesBid).toBe('0.4900');
    expect(requested.causationId).toBe(input.kind === 'intent' ? input.event.id : null);
  });

  it('lets a sell through without approval (sell-without-approval)', () => {
    const state = ready('SemiAuto', position('demo', '10.00'));
    expect(route(when(state, intent(state, { action: 'sell', side: 'yes' })))).toBe('sell-without-approval');
  });

  it('runs the risk checks before asking a human', () => {
    const state = ready('SemiAuto', balance('demo', '4.99'));
    expect(deniedCode(when(state, intent(state)))).toBe('BALANCE_BELOW_MINIMUM');
  });
});

describe('when the agent is in Auto', () => {
  it('approves buys and sells (auto)', () => {
    const state = ready('Auto');
    expect(route(when(state, intent(state, { action: 'buy' })))).toBe('auto');
    expect(route(when(state, intent(state, { action: 'sell', side: 'no', count: '1.00' })))).toBe('auto');
  });
});

describe('when the balance is low', () => {
  it('denies a buy under $5.00 with BALANCE_BELOW_MINIMUM and the numbers', () => {
    const state = ready('Auto', balance('demo', '4.9999'));
    const events = when(state, intent(state));
    expect(deniedCode(events)).toBe('BALANCE_BELOW_MINIMUM');
    expect(events[0]?.data).toMatchObject({ details: { balance: '4.9999', minimumBalance: '5.0000' } });
  });

  it('approves a buy at exactly $5.00', () => {
    const state = ready('Auto', balance('demo', '5.00'));
    expect(route(when(state, intent(state)))).toBe('auto');
  });

  it('lets a sell through under $5.00', () => {
    const state = ready('Auto', balance('demo', '1.00'), position('demo', '5.00'));
    expect(route(when(state, intent(state, { action: 'sell' })))).toBe('auto');
  });

  it('takes the balance from keys.connected until execution reports one', () => {
    const state = given({}, keysConnected('demo', '3.00'), registered('demo'));
    expect(deniedCode(when(state, intent(state)))).toBe('BALANCE_BELOW_MINIMUM');
    evolve(state, balance('demo', '80.00'), (sequence += 1));
    expect(route(when(state, intent(state)))).toBe('auto');
  });

  it('starts a paper environment at its simulated starting balance', () => {
    const state = given({ tradeMode: 'paper' }, registered('demo'));
    expect(state.balance).toBe(parseDollars('1000.00'));
  });
});

describe('when the agent is near its position cap (100.00 per market)', () => {
  it('denies a buy that takes the position over the cap with MAX_POSITION_EXCEEDED', () => {
    const state = ready('Auto', position('demo', '96.00'));
    const events = when(state, intent(state, { count: '5.00' }));
    expect(deniedCode(events)).toBe('MAX_POSITION_EXCEEDED');
    expect(events[0]?.data).toMatchObject({ details: { position: '96.00', after: '101.00', maxPosition: '100.00' } });
  });

  it('approves a buy that lands exactly on the cap', () => {
    const state = ready('Auto', position('demo', '95.00'));
    expect(route(when(state, intent(state, { count: '5.00' })))).toBe('auto');
  });

  it('counts NO contracts as exposure too (negative positions)', () => {
    const state = ready('Auto', position('demo', '-98.00'));
    expect(deniedCode(when(state, intent(state, { side: 'no', count: '3.00' })))).toBe('MAX_POSITION_EXCEEDED');
    expect(route(when(state, intent(state, { side: 'yes', count: '3.00' })))).toBe('auto');
  });

  it('counts resting orders in the same direction, not those in the other', () => {
    const state = ready('Auto', position('demo', '50.00'), restingOrder('demo', { clientOrderId: 'a', action: 'buy', side: 'yes', remaining: '46.00' }));
    expect(deniedCode(when(state, intent(state, { count: '5.00' })))).toBe('MAX_POSITION_EXCEEDED');
    const offsetting = ready('Auto', position('demo', '50.00'), restingOrder('demo', { clientOrderId: 'b', action: 'sell', side: 'yes', remaining: '46.00' }));
    expect(route(when(offsetting, intent(offsetting, { count: '5.00' })))).toBe('auto');
  });

  it('counts an approved intent whose order has not appeared yet', () => {
    const state = ready('Auto', position('demo', '90.00'));
    expect(route(apply(state, intent(state, { count: '6.00' })))).toBe('auto');
    expect(deniedCode(when(state, intent(state, { count: '6.00' })))).toBe('MAX_POSITION_EXCEEDED');
  });

  it('never refuses a trade that brings the position back toward zero', () => {
    const state = ready('Auto', position('demo', '150.00'));
    expect(route(when(state, intent(state, { action: 'sell', count: '10.00' })))).toBe('auto');
  });

  it('refuses a sell that would open a NO position past the cap', () => {
    const state = ready('Auto');
    expect(deniedCode(when(state, intent(state, { action: 'sell', side: 'yes', count: '101.00' })))).toBe('MAX_POSITION_EXCEEDED');
  });

  it('keeps agents and markets apart', () => {
    const state = ready('Auto', position('demo', '100.00', { agentId: 'peritia' }), position('demo', '100.00', { marketTicker: 'KXOTHER-1' }), position('demo', '100.00', { agentId: null }));
    expect(route(when(state, intent(state, { count: '5.00' })))).toBe('auto');
  });
});

describe('when the agent has lost money today (cap 50.00)', () => {
  const today = NOW - 60_000;
  const yesterday = NOW - 24 * 3600_000;

  it('denies a buy once realized P/L today is at or below −50.00 with MAX_DAILY_LOSS_REACHED', () => {
    const state = ready('Auto', pnl('demo', '10.0000', yesterday), pnl('demo', '-40.0000', today));
    const events = when(state, intent(state));
    expect(deniedCode(events)).toBe('MAX_DAILY_LOSS_REACHED');
    expect(events[0]?.data).toMatchObject({ details: { realizedToday: '-50.0000', maxDailyLoss: '50.0000' } });
  });

  it('does not count losses from earlier days', () => {
    const state = ready('Auto', pnl('demo', '-200.0000', yesterday), pnl('demo', '-249.0000', today));
    expect(route(when(state, intent(state)))).toBe('auto');
  });

  it('starts each UTC day at zero', () => {
    const state = ready('Auto', pnl('demo', '-80.0000', yesterday));
    expect(route(when(state, intent(state)))).toBe('auto');
  });

  it('still lets the agent sell', () => {
    const state = ready('Auto', pnl('demo', '-60.0000', today), position('demo', '10.00'));
    expect(route(when(state, intent(state, { action: 'sell' })))).toBe('auto');
  });
});

describe('when the market is stale', () => {
  it('denies with MARKET_STALE when the cache marks the book stale', () => {
    const state = ready('Auto');
    const events = when(state, intent(state, {}, { known: true, stale: true, staleReason: 'sequence gap', status: 'active' }));
    expect(deniedCode(events)).toBe('MARKET_STALE');
    expect(JSON.stringify(events[0]?.data)).toContain('sequence gap');
  });

  it('denies with INTENT_EXPIRED when the intent itself is too old', () => {
    const state = ready('Auto');
    expect(deniedCode(when(state, intent(state, { createdAt: NOW - 16_000 })))).toBe('INTENT_EXPIRED');
  });

  it('decides without the cache when the market is not in it', () => {
    const state = ready('Auto');
    expect(route(when(state, intent(state, {}, { known: false })))).toBe('auto');
  });
});

describe('when an intent is delivered again', () => {
  it('decides nothing the second time', () => {
    const state = ready('Auto');
    const input = intent(state);
    expect(apply(state, input)).toHaveLength(1);
    expect(when(state, input)).toEqual([]);
  });

  it('gives the same decision the same event id (the broker drops a republish)', () => {
    const input = intent(ready('Auto'));
    expect(when(ready('Auto'), input)[0]?.id).toBe(when(ready('Auto'), input)[0]?.id);
  });

  it('asks for approval only once', () => {
    const state = ready('SemiAuto');
    const input = intent(state);
    apply(state, input);
    expect(when(state, input)).toEqual([]);
  });
});

describe('when a human answers an approval request', () => {
  function pendingBuy(...more: AnyEvent[]) {
    const state = ready('SemiAuto', ...more);
    const [requested] = apply(state, intent(state));
    if (requested?.type !== 'approval.requested') throw new Error('expected approval.requested');
    return { state, approvalId: requested.data.approvalId };
  }

  it('approves: approval.resolved (approved, human) then intent.approved (approved-by-human)', () => {
    const { state, approvalId } = pendingBuy();
    const events = apply(state, { kind: 'approve', event: approve('demo', approvalId), market: FRESH }, NOW + 10_000);
    expect(types(events)).toEqual(['approval.resolved', 'intent.approved']);
    expect(events[0]?.data).toMatchObject({ outcome: 'approved', resolvedBy: 'human' });
    expect(route(events)).toBe('approved-by-human');
    expect(state.pendingApprovals.size).toBe(0);
  });

  it('re-runs the checks: a balance that fell under $5 meanwhile denies the intent', () => {
    const { state, approvalId } = pendingBuy();
    evolve(state, balance('demo', '2.00'), (sequence += 1));
    const events = apply(state, { kind: 'approve', event: approve('demo', approvalId), market: FRESH }, NOW + 10_000);
    expect(types(events)).toEqual(['approval.resolved', 'intent.denied']);
    expect(events[0]?.data).toMatchObject({ outcome: 'denied', resolvedBy: 'human' });
    expect(deniedCode(events)).toBe('BALANCE_BELOW_MINIMUM');
  });

  it('re-runs the checks: an agent switched to FullStop meanwhile is denied', () => {
    const { state, approvalId } = pendingBuy();
    evolve(state, configured('demo', 'FullStop'), (sequence += 1));
    expect(deniedCode(when(state, { kind: 'approve', event: approve('demo', approvalId), market: FRESH }, NOW + 10_000))).toBe('AGENT_FULL_STOP');
  });

  it('does not hold the wait against the intent (no age check on approval)', () => {
    const { state, approvalId } = pendingBuy();
    expect(route(when(state, { kind: 'approve', event: approve('demo', approvalId), market: FRESH }, NOW + 59_000))).toBe('approved-by-human');
  });

  it('treats an approval that arrives after expiry as expired', () => {
    const { state, approvalId } = pendingBuy();
    const events = when(state, { kind: 'approve', event: approve('demo', approvalId), market: FRESH }, NOW + 60_000);
    expect(events[0]?.data).toMatchObject({ outcome: 'expired', resolvedBy: 'timeout' });
    expect(deniedCode(events)).toBe('APPROVAL_EXPIRED');
  });

  it('denies: approval.resolved (denied, human) then intent.denied APPROVAL_DENIED with the reason', () => {
    const { state, approvalId } = pendingBuy();
    const events = apply(state, { kind: 'deny', event: deny('demo', approvalId, 'too risky') }, NOW + 1000);
    expect(types(events)).toEqual(['approval.resolved', 'intent.denied']);
    expect(deniedCode(events)).toBe('APPROVAL_DENIED');
    expect(events[0]?.data).toMatchObject({ outcome: 'denied', resolvedBy: 'human', reason: 'denied by owner: too risky' });
  });

  it('ignores an answer to an approval that is unknown or already resolved', () => {
    const { state, approvalId } = pendingBuy();
    expect(when(state, { kind: 'approve', event: approve('demo', 'no-such-approval'), market: FRESH })).toEqual([]);
    apply(state, { kind: 'deny', event: deny('demo', approvalId) });
    expect(when(state, { kind: 'approve', event: approve('demo', approvalId), market: FRESH })).toEqual([]);
  });
});

describe('when approvals are swept', () => {
  function twoPending() {
    const state = ready('SemiAuto');
    apply(state, intent(state, { createdAt: NOW - 5 }), NOW);
    apply(state, intent(state, { createdAt: NOW + 30_000 - 5 }), NOW + 30_000);
    return state;
  }

  it('expires the overdue ones (APPROVAL_EXPIRED) and keeps the rest', () => {
    const state = twoPending();
    const events = apply(state, { kind: 'sweep', cause: null }, NOW + 60_000);
    expect(types(events)).toEqual(['approval.resolved', 'intent.denied']);
    expect(events[0]?.data).toMatchObject({ outcome: 'expired', resolvedBy: 'timeout' });
    expect(deniedCode(events)).toBe('APPROVAL_EXPIRED');
    expect(state.pendingApprovals.size).toBe(1);
  });

  it('does nothing while every approval is in time and trading is on', () => {
    expect(when(twoPending(), { kind: 'sweep', cause: null }, NOW + 1000)).toEqual([]);
  });

  it('cancels every pending approval after the kill switch (APPROVAL_CANCELLED, by kill-switch)', () => {
    const state = twoPending();
    const kill = killSwitch('demo', 'burst of bad fills');
    evolve(state, kill, (sequence += 1));
    const events = apply(state, { kind: 'sweep', cause: kill }, NOW + 31_000);
    expect(types(events)).toEqual(['approval.resolved', 'intent.denied', 'approval.resolved', 'intent.denied']);
    for (const event of events) {
      if (event.type === 'approval.resolved') expect(event.data).toMatchObject({ outcome: 'cancelled', resolvedBy: 'kill-switch', reason: 'burst of bad fills' });
      if (event.type === 'intent.denied') expect(event.data.code).toBe('APPROVAL_CANCELLED');
      expect(event.causationId).not.toBeNull();
    }
    expect(state.pendingApprovals.size).toBe(0);
  });

  it('denies everything after the kill switch, approvals of cancelled requests included', () => {
    const state = ready('SemiAuto');
    const [requested] = apply(state, intent(state));
    const kill = killSwitch('demo');
    evolve(state, kill, (sequence += 1));
    apply(state, { kind: 'sweep', cause: kill }, NOW + 1000);
    expect(when(state, { kind: 'approve', event: approve('demo', requested?.type === 'approval.requested' ? requested.data.approvalId : '') , market: FRESH })).toEqual([]);
    expect(deniedCode(when(state, intent(state, { action: 'sell' })))).toBe('GLOBAL_TRADING_DISABLED');
  });

  it('cancels pending approvals after a halt as well', () => {
    const state = twoPending();
    evolve(state, halted('demo'), (sequence += 1));
    const events = when(state, { kind: 'sweep', cause: null }, NOW + 31_000);
    expect(events.filter((event) => event.type === 'intent.denied').map((event) => (event.type === 'intent.denied' ? event.data.code : ''))).toEqual(['APPROVAL_CANCELLED', 'APPROVAL_CANCELLED']);
  });
});

describe('when approvals are recovered from history', () => {
  it('keeps a request without a resolution pending, and drops a resolved one', () => {
    const source = ready('SemiAuto');
    const [first] = apply(source, intent(source));
    const [second] = apply(source, intent(source));
    const resolved = apply(source, { kind: 'deny', event: deny('demo', second?.type === 'approval.requested' ? second.data.approvalId : '') });
    // A restarted gate folds the same history, resolution first (readers are per subject).
    const restarted = ready('SemiAuto', ...resolved, first as AnyEvent, second as AnyEvent);
    expect([...restarted.pendingApprovals.keys()]).toEqual([first?.type === 'approval.requested' ? first.data.approvalId : '']);
  });
});
