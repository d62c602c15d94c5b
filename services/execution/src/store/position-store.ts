/**
 * Each holder's position in each market (an agent's, or the fills no agent owns), in the KV
 * bucket `execution-positions-{environment}`, kept by the pure accounting functions. A record
 * lists the fills (trade ids) and settlement it has applied, so redelivered reports change
 * nothing. Every record is also kept in memory for P/L and marks.
 */
import type { Bus } from '@polly/bus';
import {
  AgentId,
  CountText,
  DollarsText,
  type Environment,
  MarketTicker,
  type Micros,
  Timestamp,
  parseCount,
  parseDollars,
} from '@polly/contracts';
import { z } from 'zod';
import { type AccountingFill, EMPTY_POSITION, type PositionState, applyFill, positionText, settlePosition } from '../domain/accounting';
import { kvToken } from './keys';
import { RecordBucket } from './record-bucket';

export const PositionRecord = z.object({
  agentId: AgentId.nullable(),
  marketTicker: MarketTicker,
  position: CountText,
  costBasis: DollarsText,
  realizedPnl: DollarsText,
  feesPaid: DollarsText,
  cashFlow: DollarsText,
  fills: z.number().int().nonnegative(),
  wins: z.number().int().nonnegative(),
  losses: z.number().int().nonnegative(),
  /** Trade ids (and `settlement`) already applied, newest last. */
  appliedIds: z.array(z.string()),
  updatedAt: Timestamp,
});
export type PositionRecord = z.infer<typeof PositionRecord>;

export const positionsBucket = (environment: Environment): string => `execution-positions-${environment}`;

/** The holder token of fills that belong to no agent (never a valid agent token: `=` is escaped in those). */
const UNATTRIBUTED = '=unattributed';
const APPLIED_KEPT = 2000;
const SETTLEMENT = 'settlement';

export const stateOf = (record: PositionRecord): PositionState => ({
  position: parseCount(record.position),
  costBasis: parseDollars(record.costBasis),
  realizedPnl: parseDollars(record.realizedPnl),
  feesPaid: parseDollars(record.feesPaid),
  cashFlow: parseDollars(record.cashFlow),
  fills: record.fills,
  wins: record.wins,
  losses: record.losses,
});

function withState(record: PositionRecord, state: PositionState, appliedId: string, at: string): PositionRecord {
  return { ...record, ...positionText(state), appliedIds: [...record.appliedIds, appliedId].slice(-APPLIED_KEPT), updatedAt: at };
}

const emptyRecord = (agentId: string | null, marketTicker: string, at: string): PositionRecord => ({
  agentId,
  marketTicker,
  ...positionText(EMPTY_POSITION),
  appliedIds: [],
  updatedAt: at,
});

const keyOf = (agentId: string | null, marketTicker: string): string => `${agentId === null ? UNATTRIBUTED : kvToken(agentId)}.${kvToken(marketTicker)}`;

export class PositionStore {
  private readonly records = new Map<string, PositionRecord>();

  constructor(private readonly bucket: RecordBucket<PositionRecord>) {}

  static async open(bus: Bus, environment: Environment): Promise<PositionStore> {
    const kv = await bus.bucketKeyValue(positionsBucket(environment), { history: 1 });
    return new PositionStore(new RecordBucket(kv, PositionRecord));
  }

  async load(onInvalid: (key: string, error: Error) => void): Promise<void> {
    for await (const { key, value } of this.bucket.entries(onInvalid)) this.records.set(key, value);
  }

  all(): PositionRecord[] {
    return [...this.records.values()];
  }

  ofAgent(agentId: string | null): PositionRecord[] {
    return this.all().filter((record) => record.agentId === agentId);
  }

  private async update(agentId: string | null, marketTicker: string, appliedId: string, at: string, next: (state: PositionState) => PositionState | null) {
    const key = keyOf(agentId, marketTicker);
    const result = await this.bucket.change(key, (current) => {
      const record = current ?? emptyRecord(agentId, marketTicker, at);
      if (record.appliedIds.includes(appliedId)) return current;
      const state = next(stateOf(record));
      return state === null ? current : withState(record, state, appliedId, at);
    });
    if (result.value) this.records.set(key, result.value);
    return { record: result.value, changed: result.changed };
  }

  /** Apply one fill (once per trade id) to a holder's position. */
  applyFill(agentId: string | null, marketTicker: string, tradeId: string, fill: AccountingFill, at: string) {
    return this.update(agentId, marketTicker, tradeId, at, (state) => applyFill(state, fill).state);
  }

  /** Close every open position in a market at its settlement value (once per market and holder). */
  async settle(marketTicker: string, settlementValue: Micros, at: string): Promise<PositionRecord[]> {
    const changed: PositionRecord[] = [];
    for (const record of this.all().filter((candidate) => candidate.marketTicker === marketTicker && candidate.position !== '0.00')) {
      const result = await this.update(record.agentId, marketTicker, SETTLEMENT, at, (state) => settlePosition(state, settlementValue).state);
      if (result.changed && result.record) changed.push(result.record);
    }
    return changed;
  }
}
