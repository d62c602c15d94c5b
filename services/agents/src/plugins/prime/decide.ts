/**
 * Prime's decision, pure: follow the majority of takers in the current minute.
 *
 * Signal: in the calendar minute containing `now`, YES-taker contracts against NO-taker
 * contracts. One side dominates when at least `minimumVolume` contracts traded and that side
 * took at least `dominance` of them (exact: compared in basis points on counts).
 *
 * Entry: buy the dominant side at its ask as a taker, immediate-or-cancel. A taker order,
 * because flow-following is a momentum bet that is only good while the flow lasts: a resting
 * bid fills mostly once the flow has turned against it, and an agent cannot cancel a resting
 * order (only execution cancels). IOC leaves nothing behind. Guards: a price band (near-certain
 * markets pay too little for the fee), a spread cap (taking a wide spread is the cost of the
 * trade), one entry per market per cooldown, and the position cap.
 *
 * Exit: sell the whole position at the bid of the side held (IOC, reduce-only) when the
 * current minute's flow dominates the other way, or when the market closes within
 * `closeBeforeSeconds`. Exits ignore the cooldown.
 */
import { type Centis, type OutcomeSide, formatCount, parseCount, parseDollars } from '@polly/contracts';
import { z } from 'zod';
import {
  countText,
  dollarsOrNull,
  entryCount,
  heldSide,
  hold,
  magnitude,
  marketInputs,
  opposite,
  quoteOf,
} from '../../domain/holdings';
import type { Decision, DecisionContext } from '../../plugin';
import type { MinuteFlow } from './flow';

const Dollars = (fallback: string) => z.string().default(fallback).transform((text) => parseDollars(text));

export const PrimeParameters = z.object({
  /** Share of the minute's taker volume one side needs, 0.5..1. */
  dominance: z.number().min(0.5).max(1).default(0.65),
  /** Contracts that must have traded in the minute before the flow counts. */
  minimumVolume: z.string().default('20.00').transform((text) => parseCount(text)),
  /** Entry prices outside this band are not worth the fee or the risk. */
  minimumPrice: Dollars('0.05'),
  maximumPrice: Dollars('0.95'),
  /** Widest spread (ask − bid of the side bought) Prime pays across. */
  maximumSpread: Dollars('0.10'),
  /** Close positions and stop entering this long before the market closes. */
  closeBeforeSeconds: z.number().int().nonnegative().default(120),
  /** At most one entry per market in this many seconds. */
  entryCooldownSeconds: z.number().int().nonnegative().default(60),
});
export type PrimeParameters = z.infer<typeof PrimeParameters>;

export interface FlowSignal {
  /** The dominant side, or null when neither side clearly leads (or too little traded). */
  side: OutcomeSide | null;
  total: Centis;
  /** The larger side's share of the volume (0 when nothing traded). */
  share: number;
}

export function flowSignal(flow: MinuteFlow, parameters: Pick<PrimeParameters, 'dominance' | 'minimumVolume'>): FlowSignal {
  const total = (flow.yes + flow.no) as Centis;
  const larger = flow.yes >= flow.no ? flow.yes : flow.no;
  const share = total === 0n ? 0 : Number(larger) / Number(total);
  const basisPoints = BigInt(Math.round(parameters.dominance * 10_000));
  const dominates = total > 0n && total >= parameters.minimumVolume && larger * 10_000n >= total * basisPoints && flow.yes !== flow.no;
  return { side: dominates ? (flow.yes > flow.no ? 'yes' : 'no') : null, total, share };
}

function exit(context: DecisionContext<PrimeParameters>, side: OutcomeSide, reasonCode: string, why: string, inputs: Record<string, string | number | boolean | null>): Decision {
  const { bid } = quoteOf(context.market, side);
  const count = magnitude(context.position);
  if (bid === null) return hold('NO_BID_TO_CLOSE', `wants to close ${formatCount(count)} ${side.toUpperCase()} (${why}) but nobody bids for ${side.toUpperCase()}`, inputs);
  return {
    outcome: 'order',
    order: { action: 'sell', side, price: bid, count, postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: true },
    confidence: 1,
    reasonCode,
    explanation: `sells ${formatCount(count)} ${side.toUpperCase()} at the bid ${dollarsOrNull(bid)}: ${why}`,
    inputs,
  };
}

export function decidePrime(flow: { current: MinuteFlow; previous: MinuteFlow }, context: DecisionContext<PrimeParameters>): Decision {
  const { market, parameters, now, position } = context;
  const signal = flowSignal(flow.current, parameters);
  const secondsToClose = market.closeTime === null ? null : Math.floor((market.closeTime - now) / 1000);
  const inputs = {
    ...marketInputs(market, position, context.working),
    minute: new Date(flow.current.minute * 60_000).toISOString(),
    yesTakerVolume: countText(flow.current.yes),
    noTakerVolume: countText(flow.current.no),
    trades: flow.current.trades,
    previousYesTakerVolume: countText(flow.previous.yes),
    previousNoTakerVolume: countText(flow.previous.no),
    dominantSide: signal.side,
    dominantShare: Math.round(signal.share * 10_000) / 10_000,
    secondsToClose,
    trigger: context.trigger,
  };
  if (market.stale) return hold('MARKET_STALE', `the cached book is stale${market.staleReason ? ` (${market.staleReason})` : ''}`, inputs);
  if (!market.openForTrading) return hold('MARKET_NOT_OPEN', `the market is ${market.status ?? 'not open'}`, inputs);
  if (context.workingOrders > 0) return hold('ORDER_WORKING', 'an earlier order in this market is still working', inputs);

  const held = heldSide(position);
  const closingSoon = secondsToClose !== null && secondsToClose <= parameters.closeBeforeSeconds;
  if (held !== null && closingSoon) return exit(context, held, 'CLOSE_BEFORE_EXPIRY', `the market closes in ${secondsToClose} s`, inputs);
  if (held !== null && signal.side === opposite(held)) {
    return exit(context, held, 'FLOW_REVERSED', `takers now favour ${signal.side.toUpperCase()} (${Math.round(signal.share * 100)} % of ${formatCount(signal.total)})`, inputs);
  }
  if (closingSoon) return hold('CLOSING_SOON', `no new positions within ${parameters.closeBeforeSeconds} s of the close`, inputs);
  if (signal.total < parameters.minimumVolume) {
    return hold('FLOW_TOO_THIN', `only ${formatCount(signal.total)} contracts traded this minute (needs ${formatCount(parameters.minimumVolume)})`, inputs);
  }
  if (signal.side === null) {
    return hold('NO_CLEAR_MAJORITY', `neither side took ${Math.round(parameters.dominance * 100)} % of this minute's ${formatCount(signal.total)} contracts`, inputs);
  }
  if (context.lastIntentAt !== null && now - context.lastIntentAt < parameters.entryCooldownSeconds * 1000) {
    return hold('ENTRY_COOLDOWN', `entered this market ${Math.floor((now - context.lastIntentAt) / 1000)} s ago`, inputs);
  }
  const { bid, ask } = quoteOf(market, signal.side);
  if (ask === null) return hold('NO_ASK', `nobody offers ${signal.side.toUpperCase()}`, inputs);
  if (ask < parameters.minimumPrice || ask > parameters.maximumPrice) {
    return hold('PRICE_OUT_OF_RANGE', `the ${signal.side.toUpperCase()} ask ${dollarsOrNull(ask)} is outside ${dollarsOrNull(parameters.minimumPrice)}–${dollarsOrNull(parameters.maximumPrice)}`, inputs);
  }
  if (bid === null || ask - bid > parameters.maximumSpread) {
    return hold('SPREAD_TOO_WIDE', `the ${signal.side.toUpperCase()} spread is wider than ${dollarsOrNull(parameters.maximumSpread)}`, inputs);
  }
  const count = entryCount(signal.side, position, context.working, context.limits.orderSize, context.limits.maxPosition);
  if (count <= 0n) return hold('AT_MAX_POSITION', `already holds the most it may (${formatCount(context.limits.maxPosition)})`, inputs);
  return {
    outcome: 'order',
    order: { action: 'buy', side: signal.side, price: ask, count, postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: false },
    confidence: Math.min(1, signal.share),
    reasonCode: 'FOLLOW_FLOW',
    explanation: `takers bought ${signal.side.toUpperCase()} with ${Math.round(signal.share * 100)} % of ${formatCount(signal.total)} contracts this minute: buys ${formatCount(count)} at the ask ${dollarsOrNull(ask)}`,
    inputs,
  };
}
