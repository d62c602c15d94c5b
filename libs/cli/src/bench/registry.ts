/** Every benchmark `npm run bench` runs, in order. */
import { cacheMemory } from './cache-memory';
import { gateRestart } from './gate-restart';
import { kalshiWsThroughput } from './kalshi-ws-throughput';
import { latencyFloor } from './latency-floor';
import { marketDataThroughput } from './market-data-throughput';
import { projectorRebuild } from './projector-rebuild';
import { tickToOrder } from './tick-to-order';
import type { Benchmark } from './types';

export const BENCHMARKS: Benchmark[] = [projectorRebuild, kalshiWsThroughput, marketDataThroughput, cacheMemory, gateRestart, latencyFloor, tickToOrder];
