/** WebSocket frames per second: emitted by the exchange simulator and parsed by libs/kalshi, in one run. */
import { runWsThroughputBenchmark } from '@polly/kalshi/src/bench/ws-throughput';
import type { Benchmark } from './types';

export const kalshiWsThroughput: Benchmark = {
  name: 'kalshi-ws-throughput',
  title: 'WebSocket throughput: simulator emit and libs/kalshi parse',
  description:
    'The exchange simulator (its own process) emits order-book deltas as fast as it can to one subscribed connection (`POST /admin/firehose`); the libs/kalshi client validates each frame with zod, tracks its sequence and applies it to the kept books. Both rates come from the same run.',
  async run(context) {
    const messages = Number(process.env.POLLY_BENCH_WS_MESSAGES ?? 200_000);
    context.log(`firehose of ${messages} order-book deltas`);
    const result = await runWsThroughputBenchmark({ messages });
    return {
      rows: [
        { metric: 'frames', value: String(result.messages) },
        { metric: 'simulator emit (frames/s)', value: String(Math.round(result.simulatorFramesPerSecond)) },
        { metric: 'libs/kalshi parse and apply (frames/s)', value: String(Math.round(result.clientFramesPerSecond)) },
        { metric: 'end to end (frames/s)', value: String(Math.round(result.endToEndFramesPerSecond)) },
        { metric: 'gaps', value: String(result.gaps), target: '0', met: result.gaps === 0 },
      ],
      notes: ['The client keeps up with the simulator: when it is the limit, the parse rate equals the emit rate.'],
    };
  },
};
