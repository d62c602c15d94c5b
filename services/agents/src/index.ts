/** The agents service, its plugin interface and the built-in agents. */
export * from './plugin';
export { AgentsConfig } from './config';
export { agentsService, createAgentsService, type AgentsServiceOptions } from './service';
export { BUILT_IN_PLUGINS } from './plugins';
export { prime } from './plugins/prime/plugin';
export { peritia } from './plugins/peritia/plugin';
export { decidePrime, flowSignal, PrimeParameters } from './plugins/prime/decide';
export { decidePeritia, PeritiaParameters } from './plugins/peritia/decide';
export { settlementProbability } from './plugins/peritia/model';
