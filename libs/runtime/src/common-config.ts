/**
 * Variables every Polly service understands. Services build their schema from these fragments,
 * so `npm start`, docker compose and tests configure them the same way.
 */
import { z } from 'zod';

export const BusConfig = z.object({
  POLLY_NATS_URL: z.string().default('nats://127.0.0.1:4222').describe('the NATS server with JetStream, e.g. nats://127.0.0.1:4222'),
  POLLY_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9]*$/, 'letters and digits only')
    .default('')
    .describe('optional prefix isolating streams, subjects and buckets (tests use it)'),
});

export const DatabaseConfig = z.object({
  POLLY_DATABASE_URL: z.string().min(1).describe('the Postgres connection string, e.g. postgres://postgres:secret@127.0.0.1:5432/polly'),
});

const environmentList = z
  .string()
  .default('demo,live')
  .transform((text, context) => {
    const names = text.split(',').map((name) => name.trim()).filter(Boolean);
    for (const name of names) {
      if (name !== 'demo' && name !== 'live') context.addIssue({ code: 'custom', message: `unknown environment "${name}" (use demo and/or live)` });
    }
    return [...new Set(names)] as Array<'demo' | 'live'>;
  });

export const ExchangeConfig = z.object({
  POLLY_ENVIRONMENTS: environmentList.describe('which environments this stack serves: demo, live, or demo,live'),
  POLLY_DEMO_REST_URL: z.url().default('https://external-api.demo.kalshi.co/trade-api/v2').describe('Kalshi demo REST base (or the local simulator)'),
  POLLY_DEMO_WS_URL: z.url().default('wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2').describe('Kalshi demo WebSocket URL (or the local simulator)'),
  POLLY_LIVE_REST_URL: z.url().default('https://external-api.kalshi.com/trade-api/v2').describe('Kalshi live REST base'),
  POLLY_LIVE_WS_URL: z.url().default('wss://external-api-ws.kalshi.com/trade-api/ws/v2').describe('Kalshi live WebSocket URL'),
  POLLY_SECRETS_DIR: z.string().default('.artifacts/secrets').describe('folder (readable only by the signing services) where connected keys are handed over'),
});
export type ExchangeConfig = z.infer<typeof ExchangeConfig>;

export function exchangeEndpoints(config: ExchangeConfig, environment: 'demo' | 'live'): { restBaseUrl: string; websocketUrl: string } {
  return environment === 'demo'
    ? { restBaseUrl: config.POLLY_DEMO_REST_URL, websocketUrl: config.POLLY_DEMO_WS_URL }
    : { restBaseUrl: config.POLLY_LIVE_REST_URL, websocketUrl: config.POLLY_LIVE_WS_URL };
}
