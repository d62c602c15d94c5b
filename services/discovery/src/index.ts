/** Discovery: lists the exchange, stores every market with its internal state, owns the subscription plan. */
export { discoveryService } from './service';
export { DiscoveryConfig, LISTING_STATUSES, type ListingStatus } from './config';
export { DiscoveryEnvironment, type EnvironmentOptions } from './environment';
export { createDiscoveryMetrics, type DiscoveryMetrics } from './metrics';
export { type CycleReport } from './cycle';
export * from './core/classify';
export { type PlanState, emptyPlan, foldPlan, PLAN_BATCH_LIMIT } from './core/plan';
