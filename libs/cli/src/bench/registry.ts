/** Every benchmark `npm run bench` runs, in order. */
import { kalshiWsThroughput } from './kalshi-ws-throughput';
import { projectorRebuild } from './projector-rebuild';
import type { Benchmark } from './types';

export const BENCHMARKS: Benchmark[] = [projectorRebuild, kalshiWsThroughput];
