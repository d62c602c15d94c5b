/**
 * Every service the in-process stack can run, in start order (consumers of a stream start after
 * the projector, agents last so everything they talk to is listening). Loaded lazily so a test
 * that runs only a few services does not load the others.
 */
export const SERVICE_DEFINITIONS = {
  projector: async () => (await import('@polly/projector')).projectorService,
  discovery: async () => (await import('@polly/discovery')).discoveryService,
  ingest: async () => (await import('@polly/ingest')).ingestService,
  cache: async () => (await import('@polly/cache')).cacheService,
  reconciliation: async () => (await import('@polly/reconciliation')).reconciliationService,
  execution: async () => (await import('@polly/execution')).executionService,
  gate: async () => (await import('@polly/gate')).gateService,
  'control-api': async () => (await import('@polly/control-api')).controlApiService,
  agents: async () => (await import('@polly/agents')).agentsService,
} as const;

export type StackServiceName = keyof typeof SERVICE_DEFINITIONS;
