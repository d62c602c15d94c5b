/**
 * P/L lines and position facts. After each fill (and once a minute while positions are open)
 * each agent concerned gets a `pnl.recorded` point, and so does the whole environment
 * (agentId "account": every holder, including fills no agent owns). Open positions are marked to
 * the cache's YES midpoint; a position whose market has no two-sided book counts at its cost.
 */
import { type EventData, type Micros, PnlRecorded, PositionUpdated, formatDollars } from '@polly/contracts';
import { marketValue, summarize, summaryText, unrealizedPnl } from '../domain/accounting';
import type { MarketStates } from '../store/market-states';
import { type PositionRecord, type PositionStore, stateOf } from '../store/position-store';
import type { Causation, Publisher } from './publisher';

export const ACCOUNT_AGENT_ID = 'account';

export class PnlReporter {
  constructor(
    private readonly positions: PositionStore,
    private readonly markets: MarketStates,
    private readonly publisher: Publisher,
    private readonly now: () => number = Date.now,
  ) {}

  private async marked(records: readonly PositionRecord[]): Promise<Array<{ record: PositionRecord; markYesPrice: Micros | null }>> {
    return Promise.all(
      records.map(async (record) => ({ record, markYesPrice: record.position === '0.00' ? null : await this.markets.mark(record.marketTicker) })),
    );
  }

  private async point(agentId: string, records: readonly PositionRecord[]): Promise<EventData<typeof PnlRecorded>> {
    const holdings = (await this.marked(records)).map(({ record, markYesPrice }) => ({ state: stateOf(record), markYesPrice }));
    return { agentId, ...summaryText(summarize(holdings)), at: new Date(this.now()).toISOString() };
  }

  /** A P/L point for each agent named (null = no agent) and for the account. `key` makes the ids repeatable. */
  async publish(agentIds: ReadonlyArray<string | null>, key: string | null, cause?: Causation): Promise<void> {
    const agents = [...new Set(agentIds.filter((agentId): agentId is string => agentId !== null))];
    for (const agentId of agents) {
      const data = await this.point(agentId, this.positions.ofAgent(agentId));
      await this.publisher.publish(PnlRecorded, data, { ...(key ? { id: this.publisher.id('pnl', key, agentId) } : {}), ...(cause ? { cause } : {}) });
    }
    const account = await this.point(ACCOUNT_AGENT_ID, this.positions.all());
    await this.publisher.publish(PnlRecorded, account, { ...(key ? { id: this.publisher.id('pnl', key, ACCOUNT_AGENT_ID) } : {}), ...(cause ? { cause } : {}) });
  }

  /** The once-a-minute points: every agent holding an open position, and the account. */
  async publishOpen(): Promise<number> {
    const open = this.positions.all().filter((record) => record.position !== '0.00');
    if (open.length === 0) return 0;
    const agents = [...new Set(open.map((record) => record.agentId))];
    await this.publish(agents, null);
    return agents.length;
  }

  /** `position.updated` for one agent's position. */
  async publishPosition(record: PositionRecord, source: EventData<typeof PositionUpdated>['source'], id: string, cause?: Causation): Promise<void> {
    if (record.agentId === null) return; // the account row comes from the exchange's own report
    const markYesPrice = record.position === '0.00' ? null : await this.markets.mark(record.marketTicker);
    const unrealized = unrealizedPnl(stateOf(record), markYesPrice);
    await this.publisher.publish(
      PositionUpdated,
      {
        marketTicker: record.marketTicker,
        agentId: record.agentId,
        position: record.position,
        costBasis: record.costBasis,
        realizedPnl: record.realizedPnl,
        feesPaid: record.feesPaid,
        markPrice: markYesPrice === null ? null : formatDollars(markYesPrice),
        unrealizedPnl: unrealized === null ? null : formatDollars(unrealized),
        source,
      },
      { id, ...(cause ? { cause } : {}) },
    );
  }

  /** Cash plus open positions at their marks (paper portfolio value). */
  async portfolioValue(cash: Micros): Promise<Micros> {
    let value: bigint = cash;
    for (const { record, markYesPrice } of await this.marked(this.positions.all().filter((record) => record.position !== '0.00'))) {
      const state = stateOf(record);
      value += markYesPrice === null ? state.costBasis : marketValue(state, markYesPrice);
    }
    return value as Micros;
  }
}
