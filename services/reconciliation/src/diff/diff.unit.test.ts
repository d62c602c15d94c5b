/**
 * Properties of the reconciliation diffs (invariants O1–O7, F1–F5, P1–P5 in their modules):
 * shuffled and duplicated inputs give the same discrepancies; dropped records show up as exactly
 * the discrepancies they should; applying the repairs leaves nothing to reconcile.
 */
import fc from 'fast-check';
import { applyRepairs } from './apply';
import { diffFills } from './fills';
import type { Discrepancy } from './model';
import { diffOrders } from './orders';
import { diffPositions } from './positions';
import {
  CYCLE_AT,
  IN_FLIGHT_SINCE,
  KNOWN_AGENTS,
  NEXT_IN_FLIGHT_SINCE,
  OLD,
  type OrderWorld,
  buildOrderWorld,
  exampleOrder,
  fillWorld,
  orderWorld,
  positionWorld,
  shuffledWithDuplicates,
} from './testing';

const RUNS = { numRuns: 200 };

const ordersOf = (world: OrderWorld, inFlightSince = IN_FLIGHT_SINCE) =>
  diffOrders({ ...world, knownAgents: KNOWN_AGENTS, inFlightSince, at: CYCLE_AT });

const kinds = (discrepancies: readonly Discrepancy[]) => discrepancies.map((discrepancy) => discrepancy.kind);

describe('diffOrders', () => {
  it('gives the same discrepancies for shuffled and duplicated inputs (O6)', () => {
    fc.assert(
      fc.property(
        orderWorld.chain((world) =>
          fc.record({ world: fc.constant(world), local: shuffledWithDuplicates(world.local), resting: shuffledWithDuplicates(world.remoteResting), lookups: shuffledWithDuplicates(world.remoteLookups) }),
        ),
        ({ world, local, resting, lookups }) => {
          expect(ordersOf({ local, remoteResting: resting, remoteLookups: lookups })).toEqual(ordersOf(world));
        },
      ),
      RUNS,
    );
  });

  it('reports nothing when both sides agree', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...(['resting', 'canceled', 'executed'] as const)), { maxLength: 20 }), (statuses) => {
        const world = buildOrderWorld(statuses.map((exchange, index) => ({ ticker: 'KXA-1', bookSide: index % 2 ? 'bid' : 'ask', price: 30 + index, count: 10, filled: 3, exchange, local: 'same', agent: 'prime' })));
        expect(ordersOf(world)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('leaves nothing to reconcile once the repairs are applied (O7)', () => {
    fc.assert(
      fc.property(orderWorld, (world) => {
        const repaired = applyRepairs({ orders: world.local, fillIds: [], positions: [] }, ordersOf(world), CYCLE_AT);
        expect(ordersOf({ ...world, local: repaired.orders }, NEXT_IN_FLIGHT_SINCE)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('reports every resting order missing from the read model as unknown, and nothing else changes (O2)', () => {
    fc.assert(
      fc.property(
        orderWorld.chain((world) => fc.record({ world: fc.constant(world), dropped: fc.subarray(world.local) })),
        ({ world, dropped }) => {
          const droppedIds = new Set(dropped.map((order) => order.clientOrderId));
          const kept = world.local.filter((order) => !droppedIds.has(order.clientOrderId));
          const after = ordersOf({ ...world, local: kept });
          const touchesDropped = (discrepancy: Discrepancy) =>
            droppedIds.has(discrepancy.clientOrderId ?? '') || dropped.some((order) => order.orderId !== null && order.orderId === discrepancy.orderId);
          expect(after.filter((discrepancy) => !touchesDropped(discrepancy))).toEqual(ordersOf(world).filter((discrepancy) => !touchesDropped(discrepancy)));
          const restingIds = new Set(world.remoteResting.map((order) => order.orderId));
          for (const order of dropped) {
            const remote = world.remoteResting.find((candidate) => candidate.orderId === order.orderId || (order.orderId === null && candidate.clientOrderId === order.clientOrderId));
            if (remote && restingIds.has(remote.orderId)) {
              expect(after).toContainEqual(expect.objectContaining({ kind: 'unknown-order', orderId: remote.orderId, resolution: 'flagged' }));
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('reports every open order the exchange no longer lists as missing (O4)', () => {
    fc.assert(
      fc.property(
        orderWorld.chain((world) => fc.record({ world: fc.constant(world), dropped: fc.subarray([...world.remoteResting, ...world.remoteLookups]) })),
        ({ world, dropped }) => {
          const droppedIds = new Set(dropped.map((order) => order.orderId));
          const after = ordersOf({
            local: world.local,
            remoteResting: world.remoteResting.filter((order) => !droppedIds.has(order.orderId)),
            remoteLookups: world.remoteLookups.filter((order) => !droppedIds.has(order.orderId)),
          });
          for (const order of world.local) {
            if (order.orderId !== null && droppedIds.has(order.orderId) && (order.status === 'resting' || order.status === 'submitted')) {
              expect(after).toContainEqual(expect.objectContaining({ kind: 'missing-order', clientOrderId: order.clientOrderId }));
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('adopts an order that landed although we recorded it as failed (a crash during submission)', () => {
    const world = buildOrderWorld([{ ticker: 'KXA-1', bookSide: 'ask', price: 55, count: 4, filled: 1, exchange: 'resting', local: 'failed-without-id', agent: 'peritia' }]);
    const [discrepancy] = ordersOf(world);
    expect(discrepancy).toMatchObject({ kind: 'order-mismatch', orderId: 'order-0', resolution: 'adopted-exchange-state' });
    expect(discrepancy?.repair).toMatchObject({ event: 'order.updated', order: { status: 'resting', orderId: 'order-0', agentId: 'peritia', filledCount: '1.00', remainingCount: '3.00', side: 'no', price: '0.4500' } });
  });

  it('attributes an unknown order to a known agent by its client order id, and no one else', () => {
    const stories = (['prime', 'someone', null] as const).map((agent, index) => ({ ticker: 'KXA-1', bookSide: 'bid' as const, price: 20 + index, count: 2, filled: 0, exchange: 'resting' as const, local: 'absent' as const, agent }));
    const adopted = ordersOf(buildOrderWorld(stories)).map((discrepancy) => (discrepancy.repair.event === 'order.updated' ? discrepancy.repair.order.agentId : 'not an order'));
    expect(adopted).toEqual(['prime', null, null]);
  });

  it('fails an open order that never reached the exchange and cancels one that vanished from it', () => {
    const world = buildOrderWorld([
      { ticker: 'KXA-1', bookSide: 'bid', price: 30, count: 5, filled: 0, exchange: 'absent', local: 'submitted-without-id', agent: 'prime' },
      { ticker: 'KXA-1', bookSide: 'bid', price: 31, count: 5, filled: 0, exchange: 'absent', local: 'open-but-gone', agent: 'prime' },
    ]);
    const statuses = ordersOf(world).map((discrepancy) => [discrepancy.kind, discrepancy.repair.event === 'order.updated' ? discrepancy.repair.order.status : '']);
    expect(statuses).toEqual([
      ['missing-order', 'failed'],
      ['missing-order', 'canceled'],
    ]);
  });

  it('leaves orders that changed after the in-flight line for the next cycle (O5)', () => {
    const recent = { ...exampleOrder(1, 'KXA-1'), updatedAt: new Date(IN_FLIGHT_SINCE + 1).toISOString() };
    expect(diffOrders({ local: [recent], remoteResting: [], remoteLookups: [], knownAgents: KNOWN_AGENTS, inFlightSince: IN_FLIGHT_SINCE, at: CYCLE_AT })).toEqual([]);
    expect(kinds(diffOrders({ local: [recent], remoteResting: [], remoteLookups: [], knownAgents: KNOWN_AGENTS, inFlightSince: NEXT_IN_FLIGHT_SINCE, at: CYCLE_AT }))).toEqual(['missing-order']);
  });

  it('ignores paper orders', () => {
    const paper = { ...exampleOrder(2, 'KXA-1'), paper: true };
    expect(diffOrders({ local: [paper], remoteResting: [], remoteLookups: [], knownAgents: KNOWN_AGENTS, inFlightSince: IN_FLIGHT_SINCE, at: CYCLE_AT })).toEqual([]);
  });
});

describe('diffFills', () => {
  const fillsOf = (world: { remoteFills: never[] | import('./model').RemoteFill[]; localFillIds: string[]; localOrders: import('@polly/contracts').OrderView[] }) =>
    diffFills({ ...world, inFlightSince: IN_FLIGHT_SINCE });

  it('reports exactly the fills we did not record (F1, F3)', () => {
    fc.assert(
      fc.property(fillWorld, (world) => {
        const recorded = new Set(world.localFillIds);
        const expected = [...new Set(world.remoteFills.map((fill) => fill.fillId))].filter((id) => !recorded.has(id)).sort();
        expect(fillsOf(world).map((discrepancy) => (discrepancy.repair.event === 'fill.recorded' ? discrepancy.repair.fill.fillId : '')).sort()).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('gives the same discrepancies for shuffled and duplicated inputs (F5)', () => {
    fc.assert(
      fc.property(
        fillWorld.chain((world) =>
          fc.record({ world: fc.constant(world), remoteFills: shuffledWithDuplicates(world.remoteFills), localFillIds: shuffledWithDuplicates(world.localFillIds), localOrders: shuffledWithDuplicates(world.localOrders) }),
        ),
        ({ world, ...shuffled }) => {
          expect(fillsOf(shuffled)).toEqual(fillsOf(world));
        },
      ),
      RUNS,
    );
  });

  it('reports a dropped fill record as missing, and recording the repairs leaves nothing (F5)', () => {
    fc.assert(
      fc.property(
        fillWorld.chain((world) => fc.record({ world: fc.constant(world), dropped: fc.subarray(world.localFillIds) })),
        ({ world, dropped }) => {
          const localFillIds = world.localFillIds.filter((id) => !dropped.includes(id));
          const found = fillsOf({ ...world, localFillIds });
          for (const id of dropped) expect(found).toContainEqual(expect.objectContaining({ kind: 'missing-fill', remote: expect.objectContaining({ fillId: id }) }));
          const repaired = applyRepairs({ orders: world.localOrders, fillIds: localFillIds, positions: [] }, found, CYCLE_AT);
          expect(fillsOf({ ...world, localFillIds: repaired.fillIds })).toEqual([]);
        },
      ),
      RUNS,
    );
  });

  it('attributes a fill to the local order’s agent and terms, or records an unattributed buy (F2)', () => {
    const order = { ...exampleOrder(3, 'KXA-1'), agentId: 'peritia', action: 'sell' as const, side: 'yes' as const, bookSide: 'ask' as const };
    const fill = { fillId: 'fill-a', orderId: 'order-3', marketTicker: 'KXA-1', bookSide: 'ask' as const, yesPrice: '0.6200', count: '2.00', fee: '0.0300', isTaker: true, filledAt: OLD };
    const [known] = fillsOf({ remoteFills: [fill], localFillIds: [], localOrders: [order] });
    expect(known?.repair).toMatchObject({ fill: { agentId: 'peritia', action: 'sell', side: 'yes', price: '0.6200', clientOrderId: order.clientOrderId, source: 'reconciliation' } });
    const [stranger] = fillsOf({ remoteFills: [{ ...fill, orderId: 'order-9' }], localFillIds: [], localOrders: [order] });
    expect(stranger?.repair).toMatchObject({ fill: { agentId: null, action: 'buy', side: 'no', price: '0.3800', clientOrderId: null } });
  });

  it('attributes a fill of an order that never learnt its exchange id through the client id the exchange’s order carries (F2)', () => {
    const order = { ...exampleOrder(4, 'KXA-1'), orderId: null, status: 'submitted' as const, agentId: 'prime' };
    const remoteOrder = { orderId: 'order-77', clientOrderId: order.clientOrderId, marketTicker: 'KXA-1', bookSide: 'bid' as const, yesPrice: '0.4000', status: 'executed' as const, count: '10.00', filledCount: '10.00', remainingCount: '0.00', fillCost: '4.0000', fees: '0.0700', createdAt: OLD, updatedAt: OLD, lastUpdateReason: null };
    const fill = { fillId: 'fill-c', orderId: 'order-77', marketTicker: 'KXA-1', bookSide: 'bid' as const, yesPrice: '0.4000', count: '10.00', fee: '0.0700', isTaker: true, filledAt: OLD };
    const [found] = diffFills({ remoteFills: [fill], localFillIds: [], localOrders: [order], remoteOrders: [remoteOrder], inFlightSince: IN_FLIGHT_SINCE });
    expect(found).toMatchObject({ clientOrderId: order.clientOrderId, repair: { fill: { agentId: 'prime', clientOrderId: order.clientOrderId, orderId: 'order-77', action: 'buy', side: 'yes' } } });
    const [unjoined] = diffFills({ remoteFills: [fill], localFillIds: [], localOrders: [order], inFlightSince: IN_FLIGHT_SINCE });
    expect(unjoined?.repair).toMatchObject({ fill: { agentId: null, clientOrderId: null } });
  });

  it('leaves fills after the in-flight line for the next cycle (F4)', () => {
    const fill = { fillId: 'fill-b', orderId: 'order-1', marketTicker: 'KXA-1', bookSide: 'bid' as const, yesPrice: '0.5000', count: '1.00', fee: '0.0100', isTaker: false, filledAt: new Date(IN_FLIGHT_SINCE).toISOString() };
    expect(fillsOf({ remoteFills: [fill], localFillIds: [], localOrders: [] })).toEqual([]);
  });
});

describe('diffPositions', () => {
  const positionsOf = (world: { local: import('./model').LocalPosition[]; remote: import('./model').AccountPosition[] }, inFlightSince = IN_FLIGHT_SINCE) =>
    diffPositions({ ...world, inFlightSince });

  it('reports exactly the markets whose counts differ, a missing side counting as zero (P1, P2)', () => {
    fc.assert(
      fc.property(positionWorld, (world) => {
        const count = (rows: { marketTicker: string; position: string }[], ticker: string) => Number(rows.find((row) => row.marketTicker === ticker)?.position ?? '0');
        const tickers = [...new Set([...world.local, ...world.remote].map((row) => row.marketTicker))].sort();
        const expected = tickers.filter((ticker) => count(world.local, ticker) !== count(world.remote, ticker));
        expect(positionsOf(world).map((discrepancy) => discrepancy.marketTicker)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('gives the same discrepancies for shuffled and duplicated inputs (P5)', () => {
    fc.assert(
      fc.property(
        positionWorld.chain((world) => fc.record({ world: fc.constant(world), local: shuffledWithDuplicates(world.local), remote: shuffledWithDuplicates(world.remote) })),
        ({ world, local, remote }) => {
          expect(positionsOf({ local, remote })).toEqual(positionsOf(world));
        },
      ),
      RUNS,
    );
  });

  it('reports dropped local rows, and applying the repairs leaves nothing (P5)', () => {
    fc.assert(
      fc.property(
        positionWorld.chain((world) => fc.record({ world: fc.constant(world), dropped: fc.subarray(world.local) })),
        ({ world, dropped }) => {
          const local = world.local.filter((row) => !dropped.includes(row));
          const found = positionsOf({ local, remote: world.remote });
          for (const row of dropped) {
            const remote = world.remote.find((candidate) => candidate.marketTicker === row.marketTicker);
            if (remote && Number(remote.position) !== 0) expect(found).toContainEqual(expect.objectContaining({ kind: 'position-mismatch', marketTicker: row.marketTicker }));
          }
          const repaired = applyRepairs({ orders: [], fillIds: [], positions: local }, found, CYCLE_AT);
          expect(positionsOf({ local: repaired.positions, remote: world.remote }, NEXT_IN_FLIGHT_SINCE)).toEqual([]);
        },
      ),
      RUNS,
    );
  });

  it('never compares cost or P/L alone (P3)', () => {
    const local = [{ marketTicker: 'KXA-1', position: '5.00', costBasis: '9.9900', realizedPnl: '-3.0000', feesPaid: '1.0000', updatedAt: OLD }];
    const remote = [{ marketTicker: 'KXA-1', position: '5.00', costBasis: '2.5000', realizedPnl: '0.0000', feesPaid: '0.1000' }];
    expect(positionsOf({ local, remote })).toEqual([]);
  });
});
