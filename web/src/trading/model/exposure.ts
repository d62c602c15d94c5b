/**
 * The exposure gauge: money tied up in open positions against the cash the account still has.
 * Exposure is what the open contracts cost (their cost basis), from the account's positions as
 * the exchange reports them, or the agents' own rows when the account has none yet. Pure, exact.
 */
import type { Position } from '../api/schemas';
import { parseMicros } from '../money';

export interface Exposure {
  /** Micro-dollars in open positions. */
  exposure: bigint;
  /** Micro-dollars of cash; null before the first balance. */
  cash: bigint | null;
  /** Exposure as tenths of a percent of exposure + cash (0..1000), null without cash. */
  permille: number | null;
  markets: number;
}

export function exposureOf(positions: readonly Position[], balance: string | null): Exposure {
  const open = positions.filter((position) => parseMicros(position.position) !== 0n);
  const account = open.filter((position) => position.holder === 'account');
  const counted = account.length > 0 ? account : open.filter((position) => position.holder !== 'account');
  const exposure = counted.reduce((sum, position) => {
    const cost = parseMicros(position.cost_basis);
    return sum + (cost < 0n ? -cost : cost);
  }, 0n);
  const cash = balance === null ? null : parseMicros(balance);
  const whole = cash === null ? 0n : exposure + (cash > 0n ? cash : 0n);
  const permille = cash === null ? null : whole === 0n ? 0 : Number((exposure * 1000n) / whole);
  return { exposure, cash, permille, markets: new Set(counted.map((position) => position.market_ticker)).size };
}
