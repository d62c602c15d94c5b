/**
 * Verifies a key pair before it is accepted: the private key must parse, and the exchange must
 * answer a signed `GET /portfolio/balance`. The key lives only in this call's variables and the
 * short-lived client; nothing here logs it, and the answer never carries it.
 */
import { createPrivateKey } from 'node:crypto';
import { type Environment, formatDollars } from '@polly/contracts';
import { type RetryTable, createKalshiClient, isSigningKeyType } from '@polly/kalshi';
import { HttpProblem } from '../http/problem';

/** A person waits for this answer: fewer retries than the trading path uses. */
const VERIFY_RETRIES: RetryTable = {
  rateLimitedDelaysMs: [200, 400],
  serverError: { delayMs: 300, retries: 1 },
  unavailable: { delayMs: 500, retries: 1 },
  timeout: { delayMs: 200, retries: 0 },
  network: { delayMs: 200, retries: 1 },
};

export interface VerifiedBalance {
  balance: string;
  portfolioValue: string;
}

export interface VerifyRequest {
  environment: Environment;
  restBaseUrl: string;
  keyId: string;
  privateKeyPem: string;
  timeoutMs?: number;
}

/** Throws an HttpProblem (422 for a refused or unreadable key, 502 when the exchange cannot be reached). */
export async function verifyKeyPair(request: VerifyRequest): Promise<VerifiedBalance> {
  try {
    const key = createPrivateKey(request.privateKeyPem);
    if (!isSigningKeyType(key.asymmetricKeyType)) throw new Error(`a ${key.asymmetricKeyType} key`);
  } catch {
    throw new HttpProblem('keys-rejected', 'the private key is not a PEM-encoded RSA or Ed25519 private key (paste the whole file, BEGIN and END lines included)');
  }
  const client = createKalshiClient({
    environment: request.environment,
    restBaseUrl: request.restBaseUrl,
    keyId: request.keyId,
    privateKeyPem: request.privateKeyPem,
    timeoutMs: request.timeoutMs ?? 8000,
    retryTable: VERIFY_RETRIES,
  });
  const answer = await client.getBalance();
  if (answer.ok) {
    // portfolio_value is integer cents (one of Kalshi's few integer money fields): exact in micro-dollars.
    return { balance: answer.value.balance_dollars, portfolioValue: formatDollars(BigInt(answer.value.portfolio_value) * 10_000n) };
  }
  const { error } = answer;
  if (error.kind === 'unauthorized' || error.status === 403) {
    throw new HttpProblem('keys-rejected', `the exchange rejected this key pair for ${request.environment} (HTTP ${error.status ?? 401}); check the key id and that the private key belongs to it`);
  }
  if (error.kind === 'network' || error.kind === 'timeout') {
    throw new HttpProblem('exchange-unreachable', `the ${request.environment} exchange at ${request.restBaseUrl} did not answer (${error.kind}${error.code ? ` ${error.code}` : ''}); the keys were not saved`);
  }
  throw new HttpProblem(
    'exchange-unreachable',
    `the ${request.environment} exchange at ${request.restBaseUrl} answered ${error.status ?? error.kind} to the balance request${error.code ? ` (${error.code})` : ''}; the keys were not saved`,
  );
}
