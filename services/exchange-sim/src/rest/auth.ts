/**
 * Request signing (PROTOCOL §2): with the key's algorithm — RSA-PSS with SHA-256, MGF1(SHA-256),
 * salt = digest length, for RSA keys; Ed25519 for Ed25519 keys (spec 3.34) — over
 * `timestamp_ms + METHOD + path` (path from the host root, query removed). The timestamp must be
 * within ±30 s of the wall clock (Kalshi publishes no window; this is our assumption). Signatures
 * are checked against the wall clock, never the simulated one, because clients sign with theirs.
 */
import { type KeyObject, constants, createPublicKey, verify } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './http';

export const CLOCK_SKEW_MS = 30_000;

export type Verification = { readonly ok: true; readonly keyId: string } | { readonly ok: false; readonly reason: string };

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export class KeyRegistry {
  private readonly keys = new Map<string, KeyObject>();

  register(keyId: string, publicKeyPem: string): void {
    let key: KeyObject;
    try {
      key = createPublicKey(publicKeyPem);
    } catch (error) {
      throw new HttpError(400, 'bad_request', 'publicKeyPem is not a readable PEM public key', String(error));
    }
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ed25519') throw new HttpError(400, 'bad_request', 'only RSA and Ed25519 keys are supported');
    this.keys.set(keyId, key);
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** True when the request carries any of the three signing headers. */
  static signed(headers: IncomingHttpHeaders): boolean {
    return ['kalshi-access-key', 'kalshi-access-signature', 'kalshi-access-timestamp'].some((name) => header(headers, name) !== undefined);
  }

  verify(headers: IncomingHttpHeaders, method: string, path: string, wallNow: number): Verification {
    const keyId = header(headers, 'kalshi-access-key');
    const signature = header(headers, 'kalshi-access-signature');
    const timestamp = header(headers, 'kalshi-access-timestamp');
    if (!keyId || !signature || !timestamp) return { ok: false, reason: 'MISSING_AUTH_HEADERS' };
    const key = this.keys.get(keyId);
    if (!key) return { ok: false, reason: 'INCORRECT_API_KEY' };
    if (!/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: 'INVALID_TIMESTAMP' };
    if (Math.abs(Number(timestamp) - wallNow) > CLOCK_SKEW_MS) return { ok: false, reason: 'TIMESTAMP_OUT_OF_RANGE' };
    let valid = false;
    try {
      const message = Buffer.from(`${timestamp}${method.toUpperCase()}${path}`);
      const signed = Buffer.from(signature, 'base64');
      valid =
        key.asymmetricKeyType === 'ed25519'
          ? verify(null, message, key, signed)
          : verify('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signed);
    } catch {
      valid = false;
    }
    return valid ? { ok: true, keyId } : { ok: false, reason: 'INCORRECT_API_KEY_SIGNATURE' };
  }
}

/** The 401 Kalshi answers (the real body quoted in PROTOCOL §2). */
export const authenticationError = (reason: string): HttpError =>
  new HttpError(401, 'authentication_error', 'authentication_error', `rpc error: code = Unauthenticated desc = ${reason}`);
