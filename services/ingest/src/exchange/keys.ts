/**
 * Keys of one environment: read from the secrets folder at start, and again whenever CONTROL says
 * `keys.connected` or `keys.disconnected` for that environment (a core NATS subscription, so a
 * message published while we were down is simply read from the folder at the next start).
 */
import type { Bus } from '@polly/bus';
import { type Environment, parseEvent } from '@polly/contracts';
import { type StoredKeyPair, readKeyPair } from '@polly/runtime';

export type KeysChange = { keys: StoredKeyPair | undefined; reason: string };

export function watchKeys(bus: Bus, environment: Environment, secretsDir: string, onChange: (change: KeysChange) => void, signal: AbortSignal): StoredKeyPair | undefined {
  const subscription = bus.connection.subscribe(bus.subject(`control.${environment}.keys.>`), {
    callback: (error, message) => {
      if (error) return bus.logger.warn({ environment, error: String(error) }, 'key notifications failed');
      let raw: unknown;
      try {
        raw = message.json();
      } catch {
        return bus.logger.warn({ environment, subject: message.subject }, 'ignoring a key notification that is not JSON');
      }
      const parsed = parseEvent(raw);
      if (!parsed.ok || parsed.event.environment !== environment) return;
      if (parsed.event.type === 'keys.connected') onChange({ keys: readKeyPair(secretsDir, environment), reason: 'keys connected' });
      else if (parsed.event.type === 'keys.disconnected') onChange({ keys: undefined, reason: `keys disconnected: ${parsed.event.data.reason}` });
    },
  });
  signal.addEventListener('abort', () => subscription.unsubscribe(), { once: true });
  return readKeyPair(secretsDir, environment);
}
