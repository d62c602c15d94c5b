/** The ingest service and its parts (the environment pipeline is used directly by tests and benchmarks). */
export { ingestService } from './service';
export { IngestConfig } from './config';
export { IngestEnvironment, type IngestEnvironmentOptions } from './environment';
export { ingestMetrics, type IngestMetrics } from './metrics';
export { normalize, type FrameContext, type Normalized } from './pipeline/normalize';
export { PublishQueue, type PublishQueueOptions, type PublishQueueStats } from './pipeline/publish-queue';
export { SubscriptionPlan, subscriptionChange, type PlanUpdate } from './plan/plan';
