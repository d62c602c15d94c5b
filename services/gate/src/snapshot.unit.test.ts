/**
 * Gate snapshots: folding a history up to any point, taking a snapshot, restoring it into a
 * fresh state and folding only what the snapshot had not folded gives the state of folding the
 * whole history; snapshots of other settings, other versions or replaced streams are refused.
 */
import fc from 'fast-check';
import { type AnyEvent, DisableTrading, EnableTrading, KeysConnected, type Micros, createEvent, definitionOf, micros, subjectOf } from '@polly/contracts';
import { tradingHistory } from '@polly/testing';
import { stateSubscriptions } from './environment-gate';
import { type FoldedPositions, type SnapshotSettings, type StreamIdentities, restoreSnapshot, takeSnapshot } from './snapshot';
import { type GateState, evolve, initialState } from './state';

const settings: SnapshotSettings = { environment: 'demo', tradeMode: 'live', tradingEnabledByDefault: true, paperStartingBalance: null };
const fresh = (): GateState =>
  initialState({ ...settings, settings: { approvalTimeoutMs: 60_000, maxIntentAgeMs: 15_000, minimumBalance: micros(5_000_000n) as Micros, awaitingOrderMs: 120_000 } });

/** NATS subject matching: `*` one token, `>` the rest. */
function matches(filter: string, subject: string): boolean {
  const wanted = filter.split('.');
  const tokens = subject.split('.');
  for (let index = 0; index < wanted.length; index += 1) {
    if (wanted[index] === '>') return tokens.length > index;
    if (wanted[index] !== '*' && wanted[index] !== tokens[index]) return false;
  }
  return wanted.length === tokens.length;
}

interface Stored {
  event: AnyEvent;
  sequence: number;
  /** The state subscription that delivers it, or 'decision' for the gate's own decisions. */
  route: string | null;
}

const FILTERS = stateSubscriptions('demo').map((subscription) => subscription.filter);
const DECISIONS = new Set(['intent.approved', 'intent.denied']);

/**
 * A demo history on TRADING — eight generated histories interleaved, so many orders rest and
 * approvals wait at once — with kill-switch and key events on CONTROL, each with its stream's
 * sequence.
 */
function history(seed: number, events: number): Stored[] {
  const strands = Array.from({ length: 8 }, (_, strand) => tradingHistory({ events: Math.ceil(events / 8), seed: seed * 8 + strand, environments: ['demo'], idPrefix: `snapshot-${seed}-${strand}` }));
  const trading: AnyEvent[] = [];
  for (let index = 0; trading.length < strands.reduce((sum, strand) => sum + strand.length, 0); index += 1) {
    for (const strand of strands) if (strand[index]) trading.push(strand[index] as AnyEvent);
  }
  const control = (index: number): AnyEvent => {
    const at = { source: 'test', occurredAt: trading[index]?.occurredAt };
    if (index % 3 === 0) return createEvent(DisableTrading, 'demo', { requestedBy: 'owner', cancelResting: false, reason: 'pause' }, at);
    if (index % 3 === 1) return createEvent(EnableTrading, 'demo', { requestedBy: 'owner' }, at);
    return createEvent(KeysConnected, 'demo', { keyIdHint: 'ab12', verifiedAt: trading[index]?.occurredAt ?? new Date().toISOString(), balance: '250.00' }, at);
  };
  const sequences = { TRADING: 0, CONTROL: 0 };
  const stored: Stored[] = [];
  trading.forEach((event, index) => {
    const all = index % 97 === 5 ? [control(index), event] : [event];
    for (const item of all) {
      const definition = definitionOf(item.type);
      if (!definition) throw new Error(`no definition for ${item.type}`);
      const stream = definition.stream === 'CONTROL' ? 'CONTROL' : 'TRADING';
      sequences[stream] += 1;
      const subject = subjectOf(definition, item);
      const route = DECISIONS.has(item.type) ? 'decision' : (FILTERS.find((filter) => matches(filter, subject)) ?? null);
      stored.push({ event: item, sequence: sequences[stream], route });
    }
  });
  return stored;
}

const streamOf = (filter: string) => (filter.startsWith('control.') ? 'CONTROL' : 'TRADING');

/** Where the state stands after folding `stored[0..end)`: every filter up to its stream's last sequence so far. */
function positionsAfter(stored: readonly Stored[], end: number): FoldedPositions {
  const last = { TRADING: 0, CONTROL: 0 };
  let decisions = 0;
  for (const item of stored.slice(0, end)) {
    last[definitionOf(item.event.type)?.stream === 'CONTROL' ? 'CONTROL' : 'TRADING'] = item.sequence;
    if (item.route === 'decision') decisions = item.sequence;
  }
  return { subjects: Object.fromEntries(FILTERS.map((filter) => [filter, last[streamOf(filter)]])), decisions };
}

const fold = (state: GateState, items: readonly Stored[]) => {
  for (const item of items) if (item.route !== null) evolve(state, item.event, item.sequence);
  return state;
};

/** Fold what a restored gate reads again: per filter after its position, decisions after theirs. */
const foldAfter = (state: GateState, items: readonly Stored[], folded: FoldedPositions) => {
  for (const item of items) {
    if (item.route === null) continue;
    const from = item.route === 'decision' ? folded.decisions : (folded.subjects[item.route] ?? 0);
    if (item.sequence > from) evolve(state, item.event, item.sequence);
  }
  return state;
};

const streams = (lastSequence = 1e9): StreamIdentities => ({
  TRADING: { created: '2026-11-01T00:00:00Z', lastSequence },
  CONTROL: { created: '2026-11-01T00:00:01Z', lastSequence: 1e9 },
});
const comparable = (state: GateState) => takeSnapshot(state, settings, { subjects: {}, decisions: 0 }, streams(), 'now');

describe('gate snapshots', () => {
  it('restore to the state of the whole history after folding only what follows them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 0, max: 1_000 }), (seed, permille) => {
        const stored = history(seed, 1_200);
        const end = Math.floor((permille / 1_000) * stored.length);
        const folded = positionsAfter(stored, end);
        const atCut = fold(fresh(), stored.slice(0, end));
        const snapshot = JSON.parse(JSON.stringify(takeSnapshot(atCut, settings, folded, streams(), '2026-11-21T12:00:00.000Z')));
        const restored = fresh();
        const result = restoreSnapshot(restored, snapshot, settings, streams());
        expect(result).toEqual({ ok: true, folded });
        expect(comparable(restored)).toEqual(comparable(atCut));
        foldAfter(restored, stored, folded);
        expect(comparable(restored)).toEqual(comparable(fold(fresh(), stored)));
      }),
      { numRuns: 25 },
    );
  });

  it('hold amounts as integer strings and survive JSON', () => {
    const stored = history(7, 800);
    const state = fold(fresh(), stored);
    expect(state.positions.size + state.openOrders.size).toBeGreaterThan(0);
    const snapshot = takeSnapshot(state, settings, positionsAfter(stored, stored.length), streams(), 'now');
    for (const [, count] of snapshot.positions) expect(count).toMatch(/^-?\d+$/);
    expect(JSON.stringify(snapshot)).not.toMatch(/"signedCount":-?\d/);
  });

  it('keep only the newest decided intents and resolved approvals', () => {
    const state = fresh();
    for (let index = 0; index < 6_000; index += 1) state.decidedIntents.add(`intent-${index}`);
    const snapshot = takeSnapshot(state, settings, { subjects: {}, decisions: 0 }, streams(), 'now');
    expect(snapshot.decidedIntents).toHaveLength(5_000);
    expect(snapshot.decidedIntents[0]).toBe('intent-1000');
    expect(snapshot.decidedIntents.at(-1)).toBe('intent-5999');
  });

  describe('are refused, leaving the state untouched,', () => {
    const stored = history(11, 400);
    const folded = positionsAfter(stored, stored.length);
    const snapshot = takeSnapshot(fold(fresh(), stored), settings, folded, streams(), 'now');
    const untouched = comparable(fresh());

    it.each([
      ['of another trade mode', snapshot, { ...settings, tradeMode: 'paper' as const }, /other settings/],
      ['of another trading default', snapshot, { ...settings, tradingEnabledByDefault: false }, /other settings/],
      ['of another version', { ...snapshot, version: 2 }, settings, /version 2 is not 1/],
      ['that do not validate', { ...snapshot, balance: 12.5 }, settings, /invalid snapshot/],
      ['that are not snapshots', 'garbage', settings, /version undefined/],
    ])('%s', (_what, stored, current, problem) => {
      const state = fresh();
      const result = restoreSnapshot(state, stored, current as SnapshotSettings, streams());
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toMatch(problem);
      expect(comparable(state)).toEqual(untouched);
    });

    it('past the end of the streams (they were replaced)', () => {
      const result = restoreSnapshot(fresh(), snapshot, settings, streams(10));
      expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/past the end of TRADING/) });
    });

    it('of a stream created again since', () => {
      const result = restoreSnapshot(fresh(), snapshot, settings, { ...streams(), CONTROL: { created: '2026-11-21T09:00:00Z', lastSequence: 1e9 } });
      expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/CONTROL was created again/) });
    });
  });
});
