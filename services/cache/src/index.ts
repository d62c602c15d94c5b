/** The cache service and its parts (the environment is used directly by tests and benchmarks). */
export { cacheService } from './service';
export { CacheConfig } from './config';
export { CacheEnvironment, type CacheEnvironmentOptions, marketDataDurable } from './environment';
export { cacheMetrics, type CacheMetrics } from './metrics';
export { BOOK_ORIGIN_HEADER, MarketStateStore, SOURCE_SEQUENCE_HEADER, marketStateKey } from './market-state-store';
export { type MarketEntry, foldEvent, newEntry, stateOf } from './market-entry';
