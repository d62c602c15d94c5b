/**
 * One reconciliation cycle for one environment:
 *   1. `reconciliation.started` on SYSTEM (the UI lights its indicator);
 *   2. the exchange first (resting orders, positions, fills since the oldest open order or the
 *      last cycle), then our read models: whatever changes in between is newer on our side and
 *      falls after the in-flight line, so it is left for the next cycle instead of being undone;
 *   3. our open orders that were not resting are looked up one by one (by order id, or by client
 *      order id in their market's listing when they never got one);
 *   4. the pure diffs; unknown resting orders are cancelled only when configured;
 *   5. each discrepancy as `reconciliation.discrepancy`, followed by its repair as an ordinary
 *      event (`order.updated` cause reconciliation, `fill.recorded` or `position.updated` with
 *      source reconciliation), then `reconciliation.completed` with the counts by kind.
 * A failing exchange read ends the cycle with `completed` carrying the error; nothing is repaired
 * from a partial picture.
 */
import { randomBytes } from 'node:crypto';
import {
  type AnyEvent,
  DiscrepancyFound,
  type Environment,
  FillRecorded,
  OrderUpdated,
  PositionUpdated,
  ReconciliationCompleted,
  ReconciliationStarted,
  createEvent,
} from '@polly/contracts';
import { type KalshiClient, type KalshiError, collectAll } from '@polly/kalshi';
import { diffFills } from './diff/fills';
import type { Discrepancy, RemoteOrder } from './diff/model';
import { diffOrders } from './diff/orders';
import { diffPositions } from './diff/positions';
import type { LocalReader } from './local';
import { remoteFill, remoteOrder, remotePosition } from './remote';

export type Trigger = 'startup' | 'schedule' | 'reconnect' | 'manual';

export interface CycleSettings {
  cancelUnknown: boolean;
  /** Changes younger than this at fetch time may be in flight and are left for the next cycle. */
  graceMs: number;
  /** How far back fills are fetched when there is neither an open order nor an earlier cycle. */
  fillLookbackMs: number;
  /** How long to wait for the projector to fold what TRADING held when the exchange was read. */
  projectionWaitMs: number;
}

export interface CycleDependencies {
  environment: Environment;
  kalshi: KalshiClient;
  local: LocalReader;
  publish(event: AnyEvent): Promise<unknown>;
  /** The TRADING stream's last sequence now. */
  tradingSequence(): Promise<number>;
  settings: CycleSettings;
  /** When the previous successful cycle of this process started (the read models know older ones). */
  previousCycleStartedAt: number | null;
  now?: () => number;
}

export interface CycleReport {
  cycleId: string;
  trigger: Trigger;
  startedAt: number;
  discrepancies: Discrepancy[];
  error: string | null;
  /** False when the read models still lagged the stream after the wait (the in-flight window covers the rest). */
  projectionCaughtUp: boolean;
  durationMs: number;
}

/** Fills are fetched from a little before the reference time: clocks and listings are not exact. */
const FILL_WINDOW_MARGIN_MS = 5 * 60_000;
const SOURCE = 'reconciliation';

class ExchangeReadFailed extends Error {
  override readonly name = 'ExchangeReadFailed';
  constructor(what: string, error: KalshiError) {
    super(`${what}: ${error.kind}${error.status ? ` ${error.status}` : ''} ${error.message}`);
  }
}

async function all<T>(what: string, listing: AsyncIterable<T>): Promise<T[]> {
  const result = await collectAll(listing);
  if (!result.ok) throw new ExchangeReadFailed(what, result.error);
  return result.value;
}

/** The exchange's answers about our open orders that were not resting. */
async function lookUp(kalshi: KalshiClient, missing: readonly { orderId: string | null; clientOrderId: string; marketTicker: string }[]): Promise<RemoteOrder[]> {
  const found: RemoteOrder[] = [];
  const withoutIdByMarket = new Map<string, Set<string>>();
  for (const order of missing) {
    if (order.orderId === null) {
      const wanted = withoutIdByMarket.get(order.marketTicker) ?? new Set<string>();
      wanted.add(order.clientOrderId);
      withoutIdByMarket.set(order.marketTicker, wanted);
      continue;
    }
    const answer = await kalshi.getOrder(order.orderId);
    if (answer.ok) found.push(remoteOrder(answer.value.order));
    else if (answer.error.status !== 404) throw new ExchangeReadFailed(`order ${order.orderId}`, answer.error);
  }
  for (const [ticker, clientOrderIds] of withoutIdByMarket) {
    for (const order of await all(`orders in ${ticker}`, kalshi.listOrders({ ticker }))) {
      if (clientOrderIds.has(order.client_order_id)) found.push(remoteOrder(order));
    }
  }
  return found;
}

/** Wait until the read models hold every TRADING event published before the exchange was read. */
async function awaitProjection(dependencies: CycleDependencies): Promise<boolean> {
  const now = dependencies.now ?? Date.now;
  const target = await dependencies.tradingSequence();
  const deadline = now() + dependencies.settings.projectionWaitMs;
  for (;;) {
    if ((await dependencies.local.projectedThrough()) >= target) return true;
    if (now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function findDiscrepancies(dependencies: CycleDependencies, startedAt: number, at: string): Promise<{ discrepancies: Discrepancy[]; projectionCaughtUp: boolean }> {
  const { kalshi, local, settings } = dependencies;
  const now = dependencies.now ?? Date.now;
  const fetchStartedAt = now();
  const inFlightSince = fetchStartedAt - settings.graceMs;
  const resting = (await all('resting orders', kalshi.listOrders({ status: 'resting' }))).map(remoteOrder);
  const remotePositions = (await all('positions', kalshi.listPositions({ countFilter: ['position'] }))).map(remotePosition);
  const projectionCaughtUp = await awaitProjection(dependencies);
  const openOrders = await local.openOrders();
  const reference = [
    ...openOrders.map((order) => Date.parse(order.createdAt)),
    ...[dependencies.previousCycleStartedAt ?? (await local.lastCycleStartedAt())].filter((time): time is number => time !== null),
  ];
  const since = reference.length > 0 ? Math.min(...reference) - FILL_WINDOW_MARGIN_MS : startedAt - settings.fillLookbackMs;
  const fills = (await all('fills', kalshi.listFills({ minTs: Math.floor(since / 1000) }))).map((fill) => remoteFill(fill, inFlightSince - 1));
  // Fills listed after the wait above may be newer than the read models: the in-flight window keeps them for the next cycle.

  const named = await local.ordersNamed(
    [...new Set([...resting.map((order) => order.orderId), ...fills.map((fill) => fill.orderId)])],
    [...new Set(resting.flatMap((order) => (order.clientOrderId === null ? [] : [order.clientOrderId])))],
  );
  const localOrders = [...openOrders, ...named];
  const restingIds = new Set(resting.map((order) => order.orderId));
  const restingClientIds = new Set(resting.map((order) => order.clientOrderId));
  const notResting = openOrders.filter((order) => (order.orderId === null ? !restingClientIds.has(order.clientOrderId) : !restingIds.has(order.orderId)));
  const lookups = await lookUp(kalshi, notResting);
  const [positions, fillIds, knownAgents] = await Promise.all([local.accountPositions(), local.recordedFillIds(fills.map((fill) => fill.fillId)), local.agentIds()]);

  const discrepancies = [
    ...diffOrders({ local: localOrders, remoteResting: resting, remoteLookups: lookups, knownAgents, inFlightSince, at }),
    ...diffFills({ localFillIds: fillIds, remoteFills: fills, localOrders, remoteOrders: [...resting, ...lookups], inFlightSince }),
    ...diffPositions({ local: positions, remote: remotePositions, inFlightSince }),
  ];
  return { discrepancies, projectionCaughtUp };
}

/** Cancel an unknown resting order at the exchange; the discrepancy then records a cancellation. */
async function cancelUnknown(kalshi: KalshiClient, discrepancy: Discrepancy, at: string): Promise<Discrepancy> {
  if (discrepancy.kind !== 'unknown-order' || discrepancy.orderId === null || discrepancy.repair.event !== 'order.updated') return discrepancy;
  const cancelled = await kalshi.cancelOrder(discrepancy.orderId, { marketTicker: discrepancy.marketTicker ?? undefined });
  if (!cancelled.ok) return discrepancy;
  const order = { ...discrepancy.repair.order, status: 'canceled' as const, remainingCount: '0.00', lastUpdateReason: 'reconciliation: unknown order cancelled', updatedAt: at };
  return { ...discrepancy, resolution: 'cancelled', repair: { event: 'order.updated', order } };
}

function repairEvent(environment: Environment, discrepancy: Discrepancy, options: { id: string; occurredAt: Date; correlationId: string; causationId: string }): AnyEvent {
  const envelope = { source: SOURCE, ...options };
  const { repair } = discrepancy;
  if (repair.event === 'order.updated') return createEvent(OrderUpdated, environment, { order: repair.order, cause: 'reconciliation' }, envelope) as AnyEvent;
  if (repair.event === 'fill.recorded') return createEvent(FillRecorded, environment, repair.fill, envelope) as AnyEvent;
  return createEvent(PositionUpdated, environment, repair.position, envelope) as AnyEvent;
}

const summarize = (discrepancy: Discrepancy): string =>
  [discrepancy.kind, discrepancy.marketTicker, discrepancy.orderId ?? discrepancy.clientOrderId, `(${discrepancy.resolution})`].filter(Boolean).join(' ').slice(0, 300);

export async function runCycle(dependencies: CycleDependencies, trigger: Trigger): Promise<CycleReport> {
  const { environment, publish } = dependencies;
  const now = dependencies.now ?? Date.now;
  const startedAt = now();
  const cycleId = `${environment}-${trigger}-${startedAt.toString(36)}-${randomBytes(3).toString('hex')}`;
  const started = createEvent(ReconciliationStarted, environment, { cycleId, trigger }, { source: SOURCE, id: `reconciliation:${cycleId}:started`, occurredAt: new Date(startedAt) });
  await publish(started as AnyEvent);
  const chain = { correlationId: started.id };
  let discrepancies: Discrepancy[] = [];
  let error: string | null = null;
  let projectionCaughtUp = false;
  try {
    const at = new Date(now()).toISOString();
    ({ discrepancies, projectionCaughtUp } = await findDiscrepancies(dependencies, startedAt, at));
    if (dependencies.settings.cancelUnknown) {
      discrepancies = await Promise.all(discrepancies.map((discrepancy) => cancelUnknown(dependencies.kalshi, discrepancy, at)));
    }
    for (const [index, discrepancy] of discrepancies.entries()) {
      const found = createEvent(
        DiscrepancyFound,
        environment,
        {
          cycleId,
          kind: discrepancy.kind,
          marketTicker: discrepancy.marketTicker,
          orderId: discrepancy.orderId,
          clientOrderId: discrepancy.clientOrderId,
          local: discrepancy.local,
          remote: discrepancy.remote,
          resolution: discrepancy.resolution,
        },
        { source: SOURCE, id: `reconciliation:${cycleId}:${index}:found`, occurredAt: new Date(now()), ...chain, causationId: started.id },
      );
      await publish(found as AnyEvent);
      await publish(repairEvent(environment, discrepancy, { id: `reconciliation:${cycleId}:${index}:repair`, occurredAt: new Date(now()), ...chain, causationId: found.id }));
    }
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  const byKind: Record<string, number> = {};
  for (const discrepancy of discrepancies) byKind[discrepancy.kind] = (byKind[discrepancy.kind] ?? 0) + 1;
  const durationMs = now() - startedAt;
  await publish(
    createEvent(
      ReconciliationCompleted,
      environment,
      {
        cycleId,
        trigger,
        clean: error === null && discrepancies.length === 0,
        discrepancies: discrepancies.length,
        byKind,
        summary: discrepancies.slice(0, 50).map(summarize),
        durationMs,
        error: error?.slice(0, 1000) ?? null,
      },
      { source: SOURCE, id: `reconciliation:${cycleId}:completed`, occurredAt: new Date(now()), ...chain, causationId: started.id },
    ) as AnyEvent,
  );
  return { cycleId, trigger, startedAt, discrepancies, error, projectionCaughtUp, durationMs };
}
