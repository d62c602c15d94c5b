/**
 * Peritia's decision, pure: compare the model's probability with the book and trade only when
 * the edge clears the taker fee plus a margin.
 *
 * Fair value of YES = P (from `model.ts`, capped to [1 − maximumProbability, maximumProbability]),
 * of NO = 1 − P, made exact by `probabilityToPrice`. For `count` contracts of a side at a price:
 *   edge = count × (fair − price) − takerFee(price, count)
 * The taker fee is charged against every entry, even a maker one (KXBTC15M has no maker fee, so
 * for a maker fill this is a safety margin, not a cost).
 *
 * Entry, maker first: if buying at the ask clears `takerEdge` (a large edge) it takes, immediate
 * or cancel; otherwise if joining the bid (post-only, at the touch, good till cancelled) clears
 * `entryMargin` it posts there; otherwise it holds and says by how much it missed.
 * Exit: holding a side, it sells the whole position at that side's bid (IOC, reduce-only) when
 * the bid after the fee beats the fair value by `exitMargin`: the edge has reversed. Otherwise a
 * position is held to settlement, which costs no fee.
 * Withdraw: a resting entry whose edge at its own price (same formula, on what still rests) has
 * fallen under `cancelMargin` a contract is cancelled: the fair value moved, and a bid left in
 * the book would now fill mostly when it is a bad trade.
 */
import {
  type Centis,
  type Micros,
  ONE_DOLLAR,
  type OutcomeSide,
  divideRounded,
  formatCount,
  formatDollars,
  micros,
  notional,
  parseDollars,
  probabilityToPrice,
} from '@polly/contracts';
import { z } from 'zod';
import { entryCount, heldSide, hold, magnitude, marketInputs, quoteOf, takerFeeFor } from '../../domain/holdings';
import type { Decision, DecisionContext, MarketView } from '../../plugin';
import { type PeritiaState, knownWindowAverage } from './index-state';
import { type SettlementEstimate, knownWindowSeconds, settlementProbability } from './model';
import { volatilityPerSqrtSecond } from './volatility';

const Dollars = (fallback: string) => z.string().default(fallback).transform((text) => parseDollars(text));

export const PeritiaParameters = z.object({
  /** Edge per contract beyond the taker fee that justifies crossing the spread. */
  takerEdge: Dollars('0.08'),
  /** Edge per contract beyond the taker fee that justifies joining the bid. */
  entryMargin: Dollars('0.03'),
  /** How far the bid (after the fee) must beat the fair value before a position is sold. */
  exitMargin: Dollars('0.02'),
  /** A resting entry whose edge a contract after the fee falls under this is cancelled (below entryMargin, so a quote does not flicker). */
  cancelMargin: Dollars('0.01'),
  /** EWMA half-life of the volatility estimate. */
  volatilityHalfLifeSeconds: z.number().positive().default(300),
  /** Lowest volatility per √second the model uses (2e-5 ≈ 35 % a year). */
  minimumVolatility: z.number().nonnegative().default(0.00002),
  /** Returns needed before the volatility is trusted. */
  warmupSamples: z.number().int().nonnegative().default(120),
  /** A gap in the index longer than this restarts the return chain. */
  maximumGapSeconds: z.number().positive().default(120),
  /** An index value older than this is too old to price from. */
  indexMaxAgeSeconds: z.number().positive().default(5),
  /** The model never claims more certainty than this. */
  maximumProbability: z.number().min(0.5).max(1).default(0.99),
  /** No new positions this close to the close (the order must reach the exchange in time). */
  noEntryBeforeCloseSeconds: z.number().nonnegative().default(3),
  /** At most one entry per market in this many seconds. */
  entryCooldownSeconds: z.number().nonnegative().default(5),
});
export type PeritiaParameters = z.infer<typeof PeritiaParameters>;

interface Candidate {
  side: OutcomeSide;
  style: 'taker' | 'maker';
  price: Micros;
  count: Centis;
  edge: Micros;
  hurdle: Micros;
}

/** count × (fair − price) − taker fee, exact (rounded down: an edge is never overstated). */
function edgeOf(market: MarketView, fair: Micros, price: Micros, count: Centis): Micros {
  return micros(notional(micros(fair - price), count, 'floor') - takerFeeFor(market, price, count));
}

const perContract = (total: Micros, count: Centis): string | null => (count > 0n ? formatDollars(divideRounded(total * 100n, count, 'floor')) : null);

function candidates(market: MarketView, side: OutcomeSide, fair: Micros, count: Centis, parameters: PeritiaParameters): Candidate[] {
  const { bid, ask } = quoteOf(market, side);
  const found: Candidate[] = [];
  if (count <= 0n) return found;
  if (ask !== null) found.push({ side, style: 'taker', price: ask, count, edge: edgeOf(market, fair, ask, count), hurdle: notional(parameters.takerEdge, count, 'ceil') });
  if (bid !== null && (ask === null || bid < ask)) {
    found.push({ side, style: 'maker', price: bid, count, edge: edgeOf(market, fair, bid, count), hurdle: notional(parameters.entryMargin, count, 'ceil') });
  }
  return found;
}

const better = (a: Candidate, b: Candidate): Candidate => (divideRounded(a.edge * 100n, a.count, 'floor') >= divideRounded(b.edge * 100n, b.count, 'floor') ? a : b);

export function decidePeritia(state: PeritiaState, context: DecisionContext<PeritiaParameters>): Decision {
  const { market, parameters, now, position } = context;
  const index = state.index;
  const secondsToClose = market.closeTime === null ? null : (market.closeTime - now) / 1000;
  const sigma = volatilityPerSqrtSecond(state.volatility, parameters.minimumVolatility);
  const inputs: Record<string, string | number | boolean | null> = {
    ...marketInputs(market, position, context.working),
    strike: market.floorStrike,
    secondsToClose: secondsToClose === null ? null : Math.round(secondsToClose * 10) / 10,
    index: index?.value ?? null,
    indexAgeMs: index ? now - index.at : null,
    windowedAverage: index?.windowedAverage ?? null,
    sigmaPerSqrtSecond: sigma,
    volatilitySamples: state.volatility.samples,
    trigger: context.trigger,
  };
  if (market.stale) return hold('MARKET_STALE', `the cached book is stale${market.staleReason ? ` (${market.staleReason})` : ''}`, inputs);
  if (!market.openForTrading) return hold('MARKET_NOT_OPEN', `the market is ${market.status ?? 'not open'}`, inputs);
  if (market.floorStrike === null) return hold('STRIKE_UNKNOWN', 'the target price (floor_strike) is not known yet', inputs);
  if (market.closeTime === null) return hold('CLOSE_TIME_UNKNOWN', 'the close time is not known', inputs);
  if (index === null) return hold('INDEX_UNKNOWN', 'no BRTI value received yet', inputs);
  if (now - index.at > parameters.indexMaxAgeSeconds * 1000) return hold('INDEX_STALE', `the latest BRTI value is ${Math.round((now - index.at) / 1000)} s old`, inputs);
  if (state.volatility.samples < parameters.warmupSamples) {
    return hold('VOLATILITY_WARMING_UP', `${state.volatility.samples} of ${parameters.warmupSamples} index returns seen`, inputs);
  }

  const known = knownWindowAverage(state, market.closeTime);
  if (knownWindowSeconds(index.at, market.closeTime) > 0 && known === null) {
    return hold('WINDOW_AVERAGE_UNKNOWN', 'inside the settlement window without its running average', inputs);
  }
  const estimate: SettlementEstimate = settlementProbability({
    value: index.value,
    at: index.at,
    closeTime: market.closeTime,
    strike: Number(market.floorStrike),
    knownAverage: known?.average ?? null,
    sigma,
  });
  const cap = parameters.maximumProbability;
  const probability = Math.min(cap, Math.max(1 - cap, estimate.probability));
  const fairYes = probabilityToPrice(probability);
  const fair = (side: OutcomeSide): Micros => (side === 'yes' ? fairYes : micros(ONE_DOLLAR - fairYes));
  Object.assign(inputs, {
    phase: estimate.phase,
    modelProbability: estimate.probability,
    probability,
    fairYes: formatDollars(fairYes),
    knownSeconds: estimate.knownSeconds,
    knownAverage: known?.average ?? null,
    knownAverageSource: known?.source ?? null,
    requiredAverage: estimate.requiredAverage,
    zScore: estimate.zScore,
  });

  const held = heldSide(position);
  if (held !== null) {
    const { bid } = quoteOf(market, held);
    const count = magnitude(position);
    if (bid !== null) {
      const advantage = micros(notional(bid, count, 'floor') - takerFeeFor(market, bid, count) - notional(fair(held), count, 'ceil'));
      inputs.exitAdvantage = formatDollars(advantage);
      if (advantage >= notional(parameters.exitMargin, count, 'ceil')) {
        return {
          outcome: 'order',
          order: { action: 'sell', side: held, price: bid, count, postOnly: false, timeInForce: 'immediate_or_cancel', reduceOnly: true },
          confidence: held === 'yes' ? 1 - probability : probability,
          reasonCode: 'EDGE_REVERSED',
          explanation: `the ${held.toUpperCase()} bid ${formatDollars(bid)} after the fee beats the fair value ${formatDollars(fair(held))} by ${formatDollars(advantage)} on ${formatCount(count)}: sells`,
          inputs,
        };
      }
    }
  }
  for (const order of context.resting) {
    if (order.action !== 'buy' || order.cancelRequested) continue;
    const edge = edgeOf(market, fair(order.side), order.price, order.remaining);
    if (edge >= notional(parameters.cancelMargin, order.remaining, 'ceil')) continue;
    return {
      outcome: 'cancel',
      clientOrderId: order.clientOrderId,
      reasonCode: 'EDGE_GONE',
      explanation: `its resting ${order.side.toUpperCase()} bid at ${formatDollars(order.price)} for ${formatCount(order.remaining)} is worth ${perContract(edge, order.remaining)} a contract after the fee against the fair value ${formatDollars(fair(order.side))}, under ${formatDollars(parameters.cancelMargin)}: cancels it`,
      inputs: { ...inputs, restingPrice: formatDollars(order.price), restingRemaining: formatCount(order.remaining), restingEdgePerContract: perContract(edge, order.remaining) },
    };
  }
  if (context.workingOrders > 0) return hold('ORDER_WORKING', 'an earlier order in this market is still working', inputs);
  if (secondsToClose !== null && secondsToClose <= parameters.noEntryBeforeCloseSeconds) return hold('CLOSING', 'too close to the close for a new position', inputs);
  if (context.lastIntentAt !== null && now - context.lastIntentAt < parameters.entryCooldownSeconds * 1000) {
    return hold('ENTRY_COOLDOWN', `traded this market ${Math.round((now - context.lastIntentAt) / 1000)} s ago`, inputs);
  }

  const sides: OutcomeSide[] = held === null ? ['yes', 'no'] : [held];
  const all = sides.flatMap((side) =>
    candidates(market, side, fair(side), entryCount(side, position, context.working, context.limits.orderSize, context.limits.maxPosition), parameters),
  );
  for (const candidate of all) inputs[`${candidate.side}${candidate.style === 'taker' ? 'Taker' : 'Maker'}EdgePerContract`] = perContract(candidate.edge, candidate.count);
  if (all.length === 0) {
    const atCap = sides.every((side) => entryCount(side, position, context.working, context.limits.orderSize, context.limits.maxPosition) <= 0n);
    return atCap
      ? hold('AT_MAX_POSITION', `already holds the most it may (${formatCount(context.limits.maxPosition)})`, inputs)
      : hold('NO_QUOTE', 'no bid or ask to trade against', inputs);
  }
  const qualifying = (style: Candidate['style']) => all.filter((candidate) => candidate.style === style && candidate.edge >= candidate.hurdle);
  const takers = qualifying('taker');
  const makers = qualifying('maker');
  const chosen = takers.length > 0 ? takers.reduce(better) : makers.length > 0 ? makers.reduce(better) : null;
  if (chosen === null) {
    const best = all.reduce(better);
    return hold('NO_EDGE', `fair YES ${formatDollars(fairYes)}: the best edge (${best.style} ${best.side.toUpperCase()} at ${formatDollars(best.price)}) is ${perContract(best.edge, best.count)} a contract after the fee, under the margin`, inputs);
  }
  const taker = chosen.style === 'taker';
  return {
    outcome: 'order',
    order: {
      action: 'buy',
      side: chosen.side,
      price: chosen.price,
      count: chosen.count,
      postOnly: !taker,
      timeInForce: taker ? 'immediate_or_cancel' : 'good_till_canceled',
      reduceOnly: false,
    },
    confidence: chosen.side === 'yes' ? probability : 1 - probability,
    reasonCode: taker ? 'EDGE_TAKE' : 'EDGE_POST',
    explanation: `P(average ≥ ${market.floorStrike}) = ${probability.toFixed(3)} (${estimate.phase}); ${taker ? 'takes' : 'posts at'} ${chosen.side.toUpperCase()} ${formatDollars(chosen.price)} for ${formatCount(chosen.count)}, edge ${perContract(chosen.edge, chosen.count)} a contract after the fee`,
    inputs,
  };
}

