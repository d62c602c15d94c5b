/** Every service says it is alive on SYSTEM every few seconds; `polly status` and the UI read it. */
import { type Environment, ServiceHeartbeat, createEvent } from '@polly/contracts';
import type { BusCore } from './connection';
import { publishEvent } from './publisher';

export interface HeartbeatOptions {
  service: string;
  instanceId: string;
  startedAt: Date;
  environments: readonly Environment[];
  intervalMs?: number;
  ready: () => boolean;
  details?: () => Record<string, string | number | boolean | null>;
  signal: AbortSignal;
}

export function startHeartbeat(core: BusCore, options: HeartbeatOptions): void {
  const beat = async () => {
    for (const environment of options.environments) {
      const event = createEvent(
        ServiceHeartbeat,
        environment,
        {
          service: options.service,
          instanceId: options.instanceId,
          startedAt: options.startedAt.toISOString(),
          uptimeSeconds: Math.floor((Date.now() - options.startedAt.getTime()) / 1000),
          ready: options.ready(),
          details: options.details?.() ?? {},
        },
        { source: options.service },
      );
      await publishEvent(core, event).catch((error: unknown) => core.logger.warn({ error: String(error) }, 'heartbeat not published'));
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs ?? 5000);
  timer.unref();
  options.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
