/**
 * What each agent holds and has working, per market, in one environment: positions from
 * `position.updated` (the agent's share, agentId set), working orders from `order.*` (not final,
 * remaining > 0), and intents the agent sent that have not become orders yet (dropped when the
 * gate denies them or an approval ends without approval, or after `intentTimeoutMs` without any
 * answer). Loaded from the read models at the projector's checkpoint, then followed from the
 * next stream sequence, so nothing is missed or counted twice.
 *
 * A fill reaches the position late: execution reports the order filled (its REST answer) before
 * the exchange's fill report becomes `fill.recorded` and then the agent's `position.updated`.
 * Until the position shows it, a filled order still counts as working (with the filled count), so
 * an agent does not sell the same contract twice in between. The subjects are followed by
 * separate readers, so "shows it" is decided by stream sequence, not by arrival: a recorded fill
 * is in the position once a `position.updated` of that agent and market with a higher sequence
 * has been applied.
 */
import {
  type AnyEvent,
  type Centis,
  type Micros,
  type OrderAction,
  type OrderView,
  type OutcomeSide,
  type TradeIntent,
  ZERO_CENTIS,
  maxBigint,
  parseCount,
  parseDollars,
} from '@polly/contracts';
import { signedDelta } from '../domain/holdings';
import type { RestingOrder } from '../plugin';

interface WorkingEntry {
  agentId: string;
  marketTicker: string;
  action: OrderAction;
  side: OutcomeSide;
  /** Contracts still to trade: 0 once the order is final. */
  remaining: Centis;
  /** The limit price of `side` (null when only a fill is known). */
  price: Micros | null;
  /** The order rests in the book (status `resting`). */
  resting: boolean;
  /** When the agent last asked to cancel it (null: never, or the answer came). */
  cancelRequestedAt: number | null;
  /** Contracts filled, as the order's own reports say (only grows). */
  filled: Centis;
  /** Of those, how many the loaded snapshot's position already shows. */
  filledAtSnapshot: Centis;
  intentId: string | null;
  /** 'intent' until execution reports an order for it. */
  kind: 'intent' | 'order';
  since: number;
  /** When `expire` first saw it final with fills the position does not show yet. */
  settlingSince: number | null;
}

interface RecordedFill {
  count: Centis;
  /** Stream sequence of its `fill.recorded`; null when no `position.updated` of the agent follows it (reconciliation's repairs). */
  sequence: number | null;
}

interface OrderFills {
  key: string;
  byId: Map<string, RecordedFill>;
  at: number;
}

export interface Holdings {
  position: Centis;
  working: Centis;
  workingOrders: number;
  lastIntentAt: number | null;
  resting: RestingOrder[];
}

/** A cancel not answered within this long may be asked for again. */
export const CANCEL_REQUEST_TIMEOUT_MS = 30_000;

/** A cancel was asked for and neither answered nor timed out yet. */
const cancelPending = (entry: WorkingEntry, now: number): boolean =>
  entry.cancelRequestedAt !== null && now - entry.cancelRequestedAt < CANCEL_REQUEST_TIMEOUT_MS;

export interface SnapshotRows {
  positions: Array<{ holder: string; market_ticker: string; position: string }>;
  orders: Array<{
    client_order_id: string;
    agent_id: string | null;
    intent_id: string | null;
    market_ticker: string;
    action: string;
    side: string;
    price?: string;
    filled_count?: string;
    remaining_count: string;
    status: string;
  }>;
}

const FINAL_STATUSES = new Set(['executed', 'canceled', 'rejected', 'failed']);
const key = (agentId: string, marketTicker: string) => `${agentId}\u0000${marketTicker}`;

export class HoldingsBook {
  private readonly positions = new Map<string, Centis>();
  /** Stream sequence of the `position.updated` each position was last set from (the snapshot's checkpoint when loaded). */
  private readonly positionSequences = new Map<string, number>();
  private readonly working = new Map<string, WorkingEntry>();
  /** Fills recorded for the agents' orders, by client order id (kept an hour). */
  private readonly fills = new Map<string, OrderFills>();
  private readonly clientOrderIdOfIntent = new Map<string, string>();
  private readonly lastIntentAt = new Map<string, number>();

  constructor(private readonly isOurs: (agentId: string) => boolean) {}

  /** The read models at the projector's checkpoint (`sequence`): positions there include every fill recorded up to it. */
  load(rows: SnapshotRows, now: number, sequence = 0): void {
    for (const row of rows.positions) {
      if (!this.isOurs(row.holder)) continue;
      this.positions.set(key(row.holder, row.market_ticker), parseCount(row.position));
      this.positionSequences.set(key(row.holder, row.market_ticker), sequence);
    }
    for (const row of rows.orders) {
      if (row.agent_id === null || !this.isOurs(row.agent_id) || FINAL_STATUSES.has(row.status)) continue;
      const remaining = parseCount(row.remaining_count);
      if (remaining <= 0n) continue;
      this.working.set(row.client_order_id, {
        agentId: row.agent_id,
        marketTicker: row.market_ticker,
        action: row.action === 'sell' ? 'sell' : 'buy',
        side: row.side === 'no' ? 'no' : 'yes',
        remaining,
        price: row.price === undefined ? null : parseDollars(row.price),
        resting: row.status === 'resting',
        cancelRequestedAt: null,
        // What it filled before the snapshot is in the snapshot's position.
        filled: parseCount(row.filled_count ?? '0'),
        filledAtSnapshot: parseCount(row.filled_count ?? '0'),
        intentId: row.intent_id,
        kind: 'order',
        since: now,
        settlingSince: null,
      });
    }
  }

  /** An intent this service just published. */
  addIntent(intent: TradeIntent, now: number): void {
    this.working.set(intent.clientOrderId, {
      agentId: intent.agentId,
      marketTicker: intent.marketTicker,
      action: intent.action,
      side: intent.side,
      remaining: parseCount(intent.count),
      price: parseDollars(intent.price),
      resting: false,
      cancelRequestedAt: null,
      filled: ZERO_CENTIS,
      filledAtSnapshot: ZERO_CENTIS,
      intentId: intent.intentId,
      kind: 'intent',
      since: now,
      settlingSince: null,
    });
    this.clientOrderIdOfIntent.set(intent.intentId, intent.clientOrderId);
    this.lastIntentAt.set(key(intent.agentId, intent.marketTicker), now);
  }

  private trackOrder(order: OrderView): void {
    if (order.agentId === null || !this.isOurs(order.agentId)) return;
    const known = this.working.get(order.clientOrderId);
    const final = FINAL_STATUSES.has(order.status);
    const entry: WorkingEntry = {
      agentId: order.agentId,
      marketTicker: order.marketTicker,
      action: order.action,
      side: order.side,
      remaining: final ? ZERO_CENTIS : maxBigint(ZERO_CENTIS, parseCount(order.remainingCount)),
      price: parseDollars(order.price),
      resting: order.status === 'resting',
      cancelRequestedAt: final ? null : (known?.cancelRequestedAt ?? null),
      filled: maxBigint(known?.filled ?? ZERO_CENTIS, parseCount(order.filledCount)),
      filledAtSnapshot: known?.filledAtSnapshot ?? ZERO_CENTIS,
      intentId: order.intentId,
      kind: 'order',
      since: known?.since ?? Date.parse(order.updatedAt),
      settlingSince: known?.settlingSince ?? null,
    };
    this.working.set(order.clientOrderId, entry);
    this.forgetIfSettled(order.clientOrderId);
  }

  /** Forget an order that is final and whose fills the position shows. */
  private forgetIfSettled(clientOrderId: string): void {
    const entry = this.working.get(clientOrderId);
    if (entry?.kind === 'order' && entry.remaining === ZERO_CENTIS && this.unsettled(clientOrderId, entry) === ZERO_CENTIS) this.forget(clientOrderId);
  }

  /** Filled contracts of an order that the agent's position does not show yet (unsigned). */
  private unsettled(clientOrderId: string, entry: WorkingEntry): Centis {
    const recorded = this.fills.get(clientOrderId);
    if (!recorded) return (entry.filled - entry.filledAtSnapshot) as Centis;
    const positionSequence = this.positionSequences.get(recorded.key) ?? 0;
    let total = 0n;
    let pending = 0n;
    for (const fill of recorded.byId.values()) {
      total += fill.count;
      if (fill.sequence !== null && fill.sequence > positionSequence) pending += fill.count;
    }
    return (maxBigint(0n, entry.filled - entry.filledAtSnapshot - total) + pending) as Centis;
  }

  private recordFill(data: Extract<AnyEvent, { type: 'fill.recorded' }>['data'], sequence: number): void {
    if (data.agentId === null || data.clientOrderId === null || !this.isOurs(data.agentId)) return;
    const entryKey = key(data.agentId, data.marketTicker);
    let recorded = this.fills.get(data.clientOrderId);
    if (!recorded) this.fills.set(data.clientOrderId, (recorded = { key: entryKey, byId: new Map(), at: Date.now() }));
    if (recorded.byId.has(data.fillId)) return;
    // Execution does not publish the agent's position again for reconciliation's repairs.
    recorded.byId.set(data.fillId, { count: parseCount(data.count), sequence: data.source === 'reconciliation' ? null : sequence });
    this.forgetIfSettled(data.clientOrderId);
    if (!this.working.has(data.clientOrderId) && (this.positionSequences.get(entryKey) ?? 0) < sequence && data.source !== 'reconciliation') {
      // The fill came before the order's own reports (another reader): it still counts until the position shows it.
      this.working.set(data.clientOrderId, {
        agentId: data.agentId,
        marketTicker: data.marketTicker,
        action: data.action,
        side: data.side,
        remaining: ZERO_CENTIS,
        price: null,
        resting: false,
        cancelRequestedAt: null,
        filled: ZERO_CENTIS,
        filledAtSnapshot: ZERO_CENTIS,
        intentId: null,
        kind: 'order',
        since: Date.parse(data.filledAt),
        settlingSince: null,
      });
    }
  }

  private applyPosition(data: Extract<AnyEvent, { type: 'position.updated' }>['data'], sequence: number): void {
    if (data.agentId === null || !this.isOurs(data.agentId)) return;
    const entryKey = key(data.agentId, data.marketTicker);
    this.positions.set(entryKey, parseCount(data.position));
    this.positionSequences.set(entryKey, Math.max(sequence, this.positionSequences.get(entryKey) ?? 0));
    for (const [clientOrderId, entry] of this.working) if (key(entry.agentId, entry.marketTicker) === entryKey) this.forgetIfSettled(clientOrderId);
  }

  /** An intent that never left (publishing failed). */
  withdraw(clientOrderId: string): void {
    this.forget(clientOrderId);
  }

  private forget(clientOrderId: string): void {
    const entry = this.working.get(clientOrderId);
    this.working.delete(clientOrderId);
    if (entry?.intentId) this.clientOrderIdOfIntent.delete(entry.intentId);
  }

  /** A TRADING event and its stream sequence. */
  apply(event: AnyEvent, sequence = 0): void {
    switch (event.type) {
      case 'position.updated':
        this.applyPosition(event.data, sequence);
        break;
      case 'fill.recorded':
        this.recordFill(event.data, sequence);
        break;
      case 'order.submitted':
      case 'order.accepted':
      case 'order.rejected':
      case 'order.updated':
      case 'order.cancelled':
      case 'order.failed':
        this.trackOrder(event.data.order);
        break;
      case 'intent.denied':
        if (this.working.get(event.data.clientOrderId)?.kind === 'intent') this.forget(event.data.clientOrderId);
        break;
      case 'approval.resolved': {
        const clientOrderId = this.clientOrderIdOfIntent.get(event.data.intentId);
        if (event.data.outcome !== 'approved' && clientOrderId !== undefined && this.working.get(clientOrderId)?.kind === 'intent') this.forget(clientOrderId);
        break;
      }
      default:
        break;
    }
  }

  holdings(agentId: string, marketTicker: string, now = Date.now()): Holdings {
    let working = 0n;
    let workingOrders = 0;
    const resting: RestingOrder[] = [];
    for (const [clientOrderId, entry] of this.working) {
      if (entry.agentId === agentId && entry.marketTicker === marketTicker) {
        working += signedDelta(entry.action, entry.side, (entry.remaining + (entry.kind === 'order' ? this.unsettled(clientOrderId, entry) : 0n)) as Centis);
        workingOrders += 1;
        if (entry.kind === 'order' && entry.resting && entry.remaining > 0n && entry.price !== null) {
          resting.push({ clientOrderId, action: entry.action, side: entry.side, price: entry.price, remaining: entry.remaining, cancelRequested: cancelPending(entry, now) });
        }
      }
    }
    return {
      position: this.positions.get(key(agentId, marketTicker)) ?? ZERO_CENTIS,
      working: working as Centis,
      workingOrders,
      lastIntentAt: this.lastIntentAt.get(key(agentId, marketTicker)) ?? null,
      resting,
    };
  }

  /**
   * The agent asks to cancel one of its resting orders: its next decisions see `cancelRequested`
   * until the order's next report or CANCEL_REQUEST_TIMEOUT_MS, and asking again before then is
   * `already-requested`. `not-resting` when the order is not the agent's resting order here.
   */
  requestCancel(agentId: string, marketTicker: string, clientOrderId: string, now: number): 'requested' | 'already-requested' | 'not-resting' {
    const entry = this.working.get(clientOrderId);
    if (!entry || entry.agentId !== agentId || entry.marketTicker !== marketTicker || entry.kind !== 'order' || !entry.resting || entry.remaining <= 0n) return 'not-resting';
    if (cancelPending(entry, now)) return 'already-requested';
    entry.cancelRequestedAt = now;
    return 'requested';
  }

  /** A cancel request that could not be published. */
  cancelNotRequested(clientOrderId: string): void {
    const entry = this.working.get(clientOrderId);
    if (entry) entry.cancelRequestedAt = null;
  }

  /** Markets where the agent holds a position or has something working (reviewed once a minute). */
  marketsOf(agentId: string): string[] {
    const markets = new Set<string>();
    for (const [entryKey, position] of this.positions) {
      const [holder, ticker] = entryKey.split('\u0000') as [string, string];
      if (holder === agentId && position !== 0n) markets.add(ticker);
    }
    for (const entry of this.working.values()) if (entry.agentId === agentId) markets.add(entry.marketTicker);
    return [...markets];
  }

  /**
   * Drop intents nobody answered (the gate or execution was away) and filled orders whose fills
   * the position has not shown for as long (a report lost on the way); forget old cooldowns.
   */
  expire(now: number, intentTimeoutMs: number): number {
    let dropped = 0;
    for (const [clientOrderId, entry] of this.working) {
      if (entry.kind === 'order' && entry.remaining === ZERO_CENTIS) entry.settlingSince ??= now;
      const waited = entry.kind === 'intent' ? now - entry.since : entry.settlingSince === null ? 0 : now - entry.settlingSince;
      if (waited > intentTimeoutMs) {
        this.forget(clientOrderId);
        dropped += 1;
      }
    }
    for (const [entryKey, at] of this.lastIntentAt) if (now - at > 3_600_000) this.lastIntentAt.delete(entryKey);
    const wallNow = Date.now();
    for (const [clientOrderId, recorded] of this.fills) if (wallNow - recorded.at > 3_600_000 && !this.working.has(clientOrderId)) this.fills.delete(clientOrderId);
    return dropped;
  }
}
