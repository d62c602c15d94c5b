/** The exchange simulator: a local stand-in for Kalshi's Trade API v2 (see docs/exchange-sim.md). */
export { startExchangeSimulator, SimulatorOptions, type ExchangeSimulator } from './simulator';
export { simulatorAdmin, type SimulatorAdmin } from './admin-client';
export { SimulatedExchange } from './exchange/simulated-exchange';
export { MatchingEngine } from './engine/engine';
export type { UsageTier } from './rest/rate-limit';
export type { OrderLogEntry } from './rest/order-log';
