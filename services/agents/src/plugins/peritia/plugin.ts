/**
 * Peritia, the model: KXBTC15M only. It prices "the closing 60-second BRTI average is at least
 * the strike" from the live index, the time left and the index's own realised volatility, and
 * trades the book only when the edge clears the taker fee and a margin (docs/agents.md).
 */
import { definePlugin } from '../../plugin';
import { PeritiaParameters, decidePeritia } from './decide';
import { type PeritiaState, SETTLEMENT_INDEX, foldIndex, initialPeritiaState } from './index-state';

export const PERITIA_SERIES = 'KXBTC15M';

export const peritia = definePlugin<PeritiaParameters, PeritiaState>({
  agentId: 'peritia',
  agentName: 'Peritia',
  description: 'KXBTC15M: prices the closing 60-second BRTI average against the strike from the live index and its EWMA volatility; maker first, taker for large edges, exits when the edge reverses.',
  defaults: { environments: ['demo'], maxPosition: '10.00', maxDailyLoss: '25.00', orderSize: '2.00' },
  parameters: PeritiaParameters,
  indices: [SETTLEMENT_INDEX],
  interestedIn: (market) => market.seriesTicker === PERITIA_SERIES,
  initialState: () => initialPeritiaState(),
  observe: (state, observation, parameters) =>
    observation.kind === 'index' && observation.indexId === SETTLEMENT_INDEX
      ? foldIndex(
          state,
          { value: observation.value, at: observation.at, windowedAverage: observation.windowedAverage },
          { halfLifeSeconds: parameters.volatilityHalfLifeSeconds, maximumGapSeconds: parameters.maximumGapSeconds },
        )
      : state,
  decide: (state, context) => decidePeritia(state, context),
});
