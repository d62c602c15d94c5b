/**
 * The agents this stack runs: one line per agent. A new agent is its plugin file plus a line
 * here; the runtime registers it (disabled, FullStop, demo only) the first time it starts.
 */
import type { AnyAgentPlugin } from '../plugin';
import { peritia } from './peritia/plugin';
import { prime } from './prime/plugin';

export const BUILT_IN_PLUGINS: readonly AnyAgentPlugin[] = [prime, peritia];
