/**
 * Prime, the baseline: it follows whichever side the takers of a market favour in the current
 * minute (the PRD's "majority signal"), on every market it receives, watchlist first. Its job is
 * to lose slowly or break even, so Peritia has a baseline to beat.
 */
import { definePlugin } from '../../plugin';
import { decidePrime, PrimeParameters } from './decide';
import { type PrimeState, flowAt, foldTrades, initialPrimeState } from './flow';

export const prime = definePlugin<PrimeParameters, PrimeState>({
  agentId: 'prime',
  agentName: 'Prime',
  description: 'Follows the majority: buys the side takers favour in the current minute, sells when the flow reverses or the market is about to close.',
  defaults: { environments: ['demo'], maxPosition: '5.00', maxDailyLoss: '20.00', orderSize: '1.00' },
  parameters: PrimeParameters,
  interestedIn: () => true,
  initialState: () => initialPrimeState(),
  observe: (state, observation) => (observation.kind === 'trades' ? foldTrades(state, observation.marketTicker, observation.trades) : state),
  decide: (state, context) => decidePrime(flowAt(state, context.market.marketTicker, context.now), context),
});
