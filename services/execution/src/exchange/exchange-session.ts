/**
 * The Kalshi REST client of one environment. It signs with the key pair the control API handed
 * over in the secrets folder (read at start and on CONTROL `keys.connected`, forgotten on
 * `keys.disconnected`); without one it still reads public market data. Key material stays in this
 * object and the client: it is never logged or published (only a four-character hint).
 *
 * The client is built with an empty retry table: execution applies the retry table itself, so
 * it can look at the kill switch before every attempt. Tokens are still taken by the client,
 * and a 401 still raises its unauthorized signal, which halts trading.
 */
import type { Environment } from '@polly/contracts';
import { type KalshiClient, type KalshiError, type RetryTable, createKalshiClient } from '@polly/kalshi';
import { keyIdHint, readKeyPair } from '@polly/runtime';

export const NO_RETRIES: RetryTable = {
  rateLimitedDelaysMs: [],
  serverError: { delayMs: 0, retries: 0 },
  unavailable: { delayMs: 0, retries: 0 },
  timeout: { delayMs: 0, retries: 0 },
  network: { delayMs: 0, retries: 0 },
};

export interface ExchangeSessionOptions {
  environment: Environment;
  restBaseUrl: string;
  secretsDir: string;
  timeoutMs: number;
  onUnauthorized: (error: KalshiError) => void;
}

export class ExchangeSession {
  private current: { client: KalshiClient; keyId: string | null; privateKeyPem: string | null };

  constructor(private readonly options: ExchangeSessionOptions) {
    this.current = this.build(null, null);
  }

  private build(keyId: string | null, privateKeyPem: string | null) {
    const client = createKalshiClient({
      environment: this.options.environment,
      restBaseUrl: this.options.restBaseUrl,
      ...(keyId && privateKeyPem ? { keyId, privateKeyPem } : {}),
      timeoutMs: this.options.timeoutMs,
      retryTable: NO_RETRIES,
      onUnauthorized: (error) => this.options.onUnauthorized(error),
    });
    return { client, keyId, privateKeyPem };
  }

  get client(): KalshiClient {
    return this.current.client;
  }

  /** True when requests are signed (a key pair is loaded). */
  get signed(): boolean {
    return this.current.keyId !== null;
  }

  get keyHint(): string | null {
    return this.current.keyId === null ? null : keyIdHint(this.current.keyId);
  }

  /** Read the secrets folder; a new client when the key pair changed. */
  reload(): { changed: boolean; signed: boolean } {
    const stored = readKeyPair(this.options.secretsDir, this.options.environment);
    const keyId = stored?.keyId ?? null;
    const privateKeyPem = stored?.privateKeyPem ?? null;
    if (keyId === this.current.keyId && privateKeyPem === this.current.privateKeyPem) return { changed: false, signed: this.signed };
    this.current = this.build(keyId, privateKeyPem);
    return { changed: true, signed: this.signed };
  }

  /** Forget the key pair (requests go unsigned from now on). */
  clear(): void {
    if (this.current.keyId !== null) this.current = this.build(null, null);
  }
}
