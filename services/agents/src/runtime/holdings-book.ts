/**
 * What each agent holds and has working, per market, in one environment: positions from
 * `position.updated` (the agent's share, agentId set), working orders from `order.*` (not final,
 * remaining > 0), and intents the agent sent that have not become orders yet (dropped when the
 * gate denies them or an approval ends without approval, or after `intentTimeoutMs` without any
 * answer). Loaded from the read models at the projector's checkpoint, then followed from the
 * next stream sequence, so nothing is missed or counted twice.
 */
import { type AnyEvent, type Centis, type OrderView, type TradeIntent, ZERO_CENTIS, parseCount } from '@polly/contracts';
import { signedDelta } from '../domain/holdings';

interface WorkingEntry {
  agentId: string;
  marketTicker: string;
  signedCount: Centis;
  intentId: string | null;
  /** 'intent' until execution reports an order for it. */
  kind: 'intent' | 'order';
  since: number;
}

export interface Holdings {
  position: Centis;
  working: Centis;
  workingOrders: number;
  lastIntentAt: number | null;
}

export interface SnapshotRows {
  positions: Array<{ holder: string; market_ticker: string; position: string }>;
  orders: Array<{ client_order_id: string; agent_id: string | null; intent_id: string | null; market_ticker: string; action: string; side: string; remaining_count: string; status: string }>;
}

const FINAL_STATUSES = new Set(['executed', 'canceled', 'rejected', 'failed']);
const key = (agentId: string, marketTicker: string) => `${agentId}\u0000${marketTicker}`;

export class HoldingsBook {
  private readonly positions = new Map<string, Centis>();
  private readonly working = new Map<string, WorkingEntry>();
  private readonly clientOrderIdOfIntent = new Map<string, string>();
  private readonly lastIntentAt = new Map<string, number>();

  constructor(private readonly isOurs: (agentId: string) => boolean) {}

  load(rows: SnapshotRows, now: number): void {
    for (const row of rows.positions) if (this.isOurs(row.holder)) this.positions.set(key(row.holder, row.market_ticker), parseCount(row.position));
    for (const row of rows.orders) {
      if (row.agent_id === null || !this.isOurs(row.agent_id) || FINAL_STATUSES.has(row.status)) continue;
      const remaining = parseCount(row.remaining_count);
      if (remaining <= 0n) continue;
      this.working.set(row.client_order_id, {
        agentId: row.agent_id,
        marketTicker: row.market_ticker,
        signedCount: signedDelta(row.action === 'sell' ? 'sell' : 'buy', row.side === 'no' ? 'no' : 'yes', remaining),
        intentId: row.intent_id,
        kind: 'order',
        since: now,
      });
    }
  }

  /** An intent this service just published. */
  addIntent(intent: TradeIntent, now: number): void {
    this.working.set(intent.clientOrderId, {
      agentId: intent.agentId,
      marketTicker: intent.marketTicker,
      signedCount: signedDelta(intent.action, intent.side, parseCount(intent.count)),
      intentId: intent.intentId,
      kind: 'intent',
      since: now,
    });
    this.clientOrderIdOfIntent.set(intent.intentId, intent.clientOrderId);
    this.lastIntentAt.set(key(intent.agentId, intent.marketTicker), now);
  }

  private trackOrder(order: OrderView): void {
    if (order.agentId === null || !this.isOurs(order.agentId)) return;
    const remaining = parseCount(order.remainingCount);
    if (FINAL_STATUSES.has(order.status) || remaining <= 0n) {
      this.forget(order.clientOrderId);
      return;
    }
    const known = this.working.get(order.clientOrderId);
    this.working.set(order.clientOrderId, {
      agentId: order.agentId,
      marketTicker: order.marketTicker,
      signedCount: signedDelta(order.action, order.side, remaining),
      intentId: order.intentId,
      kind: 'order',
      since: known?.since ?? Date.parse(order.updatedAt),
    });
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

  apply(event: AnyEvent): void {
    switch (event.type) {
      case 'position.updated':
        if (event.data.agentId !== null && this.isOurs(event.data.agentId)) this.positions.set(key(event.data.agentId, event.data.marketTicker), parseCount(event.data.position));
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

  holdings(agentId: string, marketTicker: string): Holdings {
    let working = 0n;
    let workingOrders = 0;
    for (const entry of this.working.values()) {
      if (entry.agentId === agentId && entry.marketTicker === marketTicker) {
        working += entry.signedCount;
        workingOrders += 1;
      }
    }
    return {
      position: this.positions.get(key(agentId, marketTicker)) ?? ZERO_CENTIS,
      working: working as Centis,
      workingOrders,
      lastIntentAt: this.lastIntentAt.get(key(agentId, marketTicker)) ?? null,
    };
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

  /** Drop intents nobody answered (the gate or execution was away); forget old cooldowns. */
  expire(now: number, intentTimeoutMs: number): number {
    let dropped = 0;
    for (const [clientOrderId, entry] of this.working) {
      if (entry.kind === 'intent' && now - entry.since > intentTimeoutMs) {
        this.forget(clientOrderId);
        dropped += 1;
      }
    }
    for (const [entryKey, at] of this.lastIntentAt) if (now - at > 3_600_000) this.lastIntentAt.delete(entryKey);
    return dropped;
  }
}
