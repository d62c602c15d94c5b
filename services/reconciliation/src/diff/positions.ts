/**
 * Positions: the account's position per market (`positions` rows with holder `account`) against
 * the exchange's market positions. Agents' shares are ours alone and are not compared.
 *
 * Invariants:
 *   P1. A market is compared when either side has it; a side without it holds zero.
 *   P2. Positions that differ in the signed count are one `position-mismatch`, repaired by a
 *       `position.updated` (account, source `reconciliation`) carrying the exchange's count,
 *       exposure, realized P/L and fees (a market the exchange no longer lists is flat; its
 *       realized P/L and fees are kept from the local row).
 *   P3. Cost, P/L and fees alone never make a discrepancy: they are accounted differently on
 *       each side, and the count is what trading depends on.
 *   P4. A local row updated at or after `inFlightSince` is left for the next cycle.
 *   P5. Shuffled or duplicated inputs give the same result; applying every repair and diffing
 *       again gives no discrepancy.
 */
import { type EventData, type PositionUpdated, formatCount, parseCount } from '@polly/contracts';
import { type AccountPosition, type Discrepancy, type LocalPosition, byText, compareDiscrepancies, uniqueBy } from './model';

export interface PositionDiffInput {
  local: readonly LocalPosition[];
  remote: readonly AccountPosition[];
  inFlightSince: number;
}

const facts = (position: AccountPosition) => ({
  position: position.position,
  costBasis: position.costBasis,
  realizedPnl: position.realizedPnl,
  feesPaid: position.feesPaid,
});

export function positionRepair(marketTicker: string, local: AccountPosition | undefined, remote: AccountPosition | undefined): EventData<typeof PositionUpdated> {
  return {
    marketTicker,
    agentId: null,
    position: formatCount(remote ? parseCount(remote.position) : 0n),
    costBasis: remote?.costBasis ?? '0.0000',
    realizedPnl: remote?.realizedPnl ?? local?.realizedPnl ?? '0.0000',
    feesPaid: remote?.feesPaid ?? local?.feesPaid ?? '0.0000',
    markPrice: null,
    unrealizedPnl: null,
    source: 'reconciliation',
  };
}

export function diffPositions(input: PositionDiffInput): Discrepancy[] {
  const local = uniqueBy(input.local, (position) => position.marketTicker, (a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || byText(a, b));
  const remote = uniqueBy(input.remote, (position) => position.marketTicker, byText);
  const tickers = [...new Set([...local.keys(), ...remote.keys()])].sort();
  const discrepancies: Discrepancy[] = [];
  for (const marketTicker of tickers) {
    const mine = local.get(marketTicker);
    const theirs = remote.get(marketTicker);
    if (mine && Date.parse(mine.updatedAt) >= input.inFlightSince) continue;
    const localCount = mine ? parseCount(mine.position) : 0n;
    const remoteCount = theirs ? parseCount(theirs.position) : 0n;
    if (localCount === remoteCount) continue;
    discrepancies.push({
      kind: 'position-mismatch',
      marketTicker,
      orderId: null,
      clientOrderId: null,
      local: mine ? facts(mine) : null,
      remote: theirs ? facts(theirs) : null,
      resolution: 'adopted-exchange-state',
      repair: { event: 'position.updated', position: positionRepair(marketTicker, mine, theirs) },
    });
  }
  return discrepancies.sort(compareDiscrepancies);
}
