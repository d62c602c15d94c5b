/**
 * Kalshi keys: connect (verify with a signed balance request, hand the pair to the signing
 * services through the secrets folder, record the fact on CONTROL without key material),
 * disconnect (clear the file, record it), and the PRD's auto-fill from the `.env` file.
 * Request bodies of these routes are never logged, and no answer contains a private key except
 * the auto-fill answer to a same-origin request from this machine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import { z } from 'zod';
import { BalanceUpdated, KeysConnected, KeysDisconnected } from '@polly/contracts';
import { clearKeyPair, keyIdHint, readKeyPair, writeKeyPair } from '@polly/runtime';
import { classifyOrigin, remoteAddressOf } from '../http/guards';
import { isLoopbackHost } from '../config';
import { type AnyRoute, defineRoute } from '../http/routes';
import { type EnvKeyEntry, keyEntries, parseDotenv } from '../keys/env-file';
import { verifyKeyPair } from '../keys/verify';
import { type ApiContext, command, describeEvent, environmentFor, requesterName, requireServed } from './context';
import { CommandEvent, Decimal, Environment, EnvironmentBody, Instant } from './schemas';

const ConnectBody = z
  .object({
    environment: Environment.optional().describe('default: the active environment'),
    api_key: z.string().min(1).max(200).optional().describe('the key id (UUID from the Kalshi dashboard)'),
    keyId: z.string().min(1).max(200).optional().describe('same as api_key'),
    private_key: z.string().min(1).max(16_000).optional().describe('the RSA or Ed25519 private key, PEM'),
    privateKey: z.string().min(1).max(16_000).optional().describe('same as private_key'),
  })
  .refine((body) => (body.api_key ?? body.keyId) !== undefined, { message: 'api_key (or keyId) is required', path: ['api_key'] })
  .refine((body) => (body.private_key ?? body.privateKey) !== undefined, { message: 'private_key (or privateKey) is required', path: ['private_key'] });

const KeysAnswer = z.object({
  status: z.enum(['connected', 'disconnected']),
  environment: Environment,
  key_id_hint: z.string().nullable().describe('the last four characters of the key id'),
  balance: Decimal.nullable(),
  portfolio_value: Decimal.nullable(),
  verified_at: Instant.nullable(),
  events: z.array(CommandEvent),
});

const AutofillEntry = z.object({
  key_id: z.string().nullable(),
  private_key: z.string().nullable().describe('only for a same-origin request from this machine'),
  private_key_available: z.boolean(),
  problem: z.string().nullable().describe('why a configured private key could not be read'),
});

const AutofillAnswer = z.object({
  env_file: z.string(),
  found: z.boolean(),
  private_keys_included: z.boolean(),
  demo: AutofillEntry,
  live: AutofillEntry,
});

/** Private keys only to the cockpit itself, from this machine (PRD chapter 4, key auto-fill). */
export function mayReceivePrivateKeys(request: Request): boolean {
  if (!isLoopbackHost(remoteAddressOf(request))) return false;
  // Only the API's own origin counts here, not the extra allowed origins.
  const origin = classifyOrigin(request.headers.origin, request.socket.localPort, []);
  return origin === 'own' || (origin === 'none' && request.headers['sec-fetch-site'] === 'same-origin');
}

function readPrivateKey(entry: EnvKeyEntry, envFile: string): { pem: string | null; problem: string | null } {
  if (entry.privateKey) return { pem: entry.privateKey, problem: null };
  if (!entry.privateKeyPath) return { pem: null, problem: null };
  const file = path.resolve(path.dirname(envFile), entry.privateKeyPath);
  try {
    return { pem: readFileSync(file, 'utf8'), problem: null };
  } catch (error) {
    return { pem: null, problem: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}` };
  }
}

export function keyRoutes(context: ApiContext): AnyRoute[] {
  const verifications = () => context.metrics.counter('key_verifications_total', 'key pairs verified with the exchange', ['environment', 'outcome']);
  return [
    defineRoute({
      method: 'post',
      path: '/control/keys/connect',
      operationId: 'connectKeys',
      tag: 'keys',
      summary: 'Verify a key pair with a signed balance request, then hand it to the signing services',
      description: 'The key pair is written to the secrets folder (mode 0600); CONTROL records keys.connected with the last four characters of the key id only.',
      body: ConnectBody,
      responses: { 200: { description: 'the keys are connected', schema: KeysAnswer } },
      problems: [409, 422, 502],
      handle: async ({ body, identity, request }) => {
        // Drop the request's own reference to the key as soon as it is parsed.
        request.body = undefined;
        const environment = await environmentFor(context, body.environment);
        requireServed(context, environment);
        const keyId = (body.api_key ?? body.keyId) as string;
        const restBaseUrl = context.restUrls[environment];
        let verified;
        try {
          verified = await verifyKeyPair({ environment, restBaseUrl, keyId, privateKeyPem: (body.private_key ?? body.privateKey) as string });
        } catch (error) {
          verifications().inc({ environment, outcome: 'refused' });
          throw error;
        }
        const verifiedAt = new Date(context.now()).toISOString();
        writeKeyPair(context.secretsDir, environment, { keyId, privateKeyPem: (body.private_key ?? body.privateKey) as string, connectedAt: verifiedAt });
        verifications().inc({ environment, outcome: 'accepted' });
        const hint = keyIdHint(keyId);
        const events = [
          command(context, KeysConnected, environment, { keyIdHint: hint, verifiedAt, balance: verified.balance }),
          command(context, BalanceUpdated, environment, { balance: verified.balance, portfolioValue: verified.portfolioValue, source: 'exchange' }),
        ];
        for (const event of events) await context.bus.publish(event);
        context.logger.info({ environment, keyIdHint: hint, requestedBy: requesterName(identity.requester) }, 'keys connected');
        return {
          status: 200,
          body: {
            status: 'connected',
            environment,
            key_id_hint: hint,
            balance: verified.balance,
            portfolio_value: verified.portfolioValue,
            verified_at: verifiedAt,
            events: events.map(describeEvent),
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/control/keys/disconnect',
      operationId: 'disconnectKeys',
      tag: 'keys',
      summary: 'Clear the key pair from the secrets folder; the signing services forget it on keys.disconnected',
      body: EnvironmentBody,
      responses: { 200: { description: 'the keys are cleared', schema: KeysAnswer } },
      handle: async ({ body, identity }) => {
        const environment = await environmentFor(context, body.environment);
        const held = readKeyPair(context.secretsDir, environment);
        clearKeyPair(context.secretsDir, environment);
        const requestedBy = requesterName(identity.requester);
        const event = command(context, KeysDisconnected, environment, { reason: `disconnected by ${requestedBy}` });
        await context.bus.publish(event);
        context.logger.info({ environment, held: held !== undefined, requestedBy }, 'keys disconnected');
        return {
          status: 200,
          body: {
            status: 'disconnected',
            environment,
            key_id_hint: held ? keyIdHint(held.keyId) : null,
            balance: null,
            portfolio_value: null,
            verified_at: null,
            events: [describeEvent(event)],
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/control/keys/autofill',
      operationId: 'autofillKeys',
      tag: 'keys',
      summary: 'Key ids (and, for the cockpit on this machine only, private keys) from the .env file',
      responses: { 200: { description: 'what the .env file offers', schema: AutofillAnswer } },
      handle: async ({ request }) => {
        let text: string | undefined;
        try {
          text = readFileSync(context.envFile, 'utf8');
        } catch {
          text = undefined;
        }
        const entries = keyEntries(parseDotenv(text ?? ''));
        const include = mayReceivePrivateKeys(request);
        const entry = (environment: Environment) => {
          const configured = entries[environment];
          const privateKey = readPrivateKey(configured, context.envFile);
          return {
            key_id: configured.keyId,
            private_key: include ? privateKey.pem : null,
            private_key_available: privateKey.pem !== null,
            problem: privateKey.problem,
          };
        };
        return {
          status: 200,
          body: { env_file: context.envFile, found: text !== undefined, private_keys_included: include, demo: entry('demo'), live: entry('live') },
        };
      },
    }),
  ];
}
