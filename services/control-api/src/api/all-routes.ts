/** Every HTTP route of the API, in the order Express matches them (the global dial before the per-agent routes). */
import type { AnyRoute } from '../http/routes';
import type { MarketCache } from '../state/market-cache';
import { commandRoutes } from './command-routes';
import type { ApiContext } from './context';
import { keyRoutes } from './key-routes';
import { marketRoutes } from './market-routes';
import { stateRoutes } from './state-routes';

export function allRoutes(context: ApiContext, cache: MarketCache): AnyRoute[] {
  return [...commandRoutes(context), ...keyRoutes(context), ...stateRoutes(context), ...marketRoutes(context, cache)];
}
