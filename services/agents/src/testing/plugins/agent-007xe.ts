/**
 * A third agent in one file, the way `007xe` would be written: it improves the best YES bid by
 * one tick, post-only, whenever the spread is at least three ticks wide and it holds nothing.
 * Used by the test that proves the plugin interface; it is not one of the stack's agents.
 */
import { z } from 'zod';
import { nextPriceAbove } from '@polly/market';
import { entryCount, hold } from '../../domain/holdings';
import { definePlugin } from '../../plugin';

export const agent007xe = definePlugin<{ minimumTicks: number }, { evaluations: number }>({
  agentId: '007xe',
  agentName: '007xe',
  description: 'Improves a wide YES bid by one tick, post-only.',
  defaults: { environments: ['demo'], maxPosition: '1.00', maxDailyLoss: '5.00', orderSize: '1.00' },
  parameters: z.object({ minimumTicks: z.number().int().positive().default(3) }),
  interestedIn: (market) => market.seriesTicker !== 'KXBTC15M',
  initialState: () => ({ evaluations: 0 }),
  observe: (state) => state,
  decide: (state, { market, parameters, position, working, limits }) => {
    state.evaluations += 1;
    const inputs = { evaluations: state.evaluations, yesBid: market.yesBid?.toString() ?? null, yesAsk: market.yesAsk?.toString() ?? null };
    if (market.yesBid === null || market.yesAsk === null || market.priceGrid === null) return hold('NO_TWO_SIDED_BOOK', 'needs a bid, an ask and the grid', inputs);
    let price = market.yesBid;
    for (let tick = 0; tick < parameters.minimumTicks; tick += 1) price = nextPriceAbove(price, market.priceGrid) ?? price;
    if (price > market.yesAsk) return hold('SPREAD_TOO_NARROW', `the spread is under ${parameters.minimumTicks} ticks`, inputs);
    const count = entryCount('yes', position, working, limits.orderSize, limits.maxPosition);
    if (count <= 0n) return hold('FULL', 'holds what it may', inputs);
    const better = nextPriceAbove(market.yesBid, market.priceGrid) ?? market.yesBid;
    return {
      outcome: 'order',
      order: { action: 'buy', side: 'yes', price: better, count, postOnly: true, timeInForce: 'good_till_canceled', reduceOnly: false },
      confidence: 0.5,
      reasonCode: 'IMPROVE_BID',
      explanation: 'a wide spread: improves the YES bid by one tick',
      inputs,
    };
  },
});
