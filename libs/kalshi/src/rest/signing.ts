/**
 * Kalshi's request signature (PROTOCOL §2) over `timestamp + METHOD + path` (the path without
 * the query string), sent in three headers, made with the API key's algorithm: RSA-PSS with
 * SHA-256 and a digest-length salt for RSA keys (as the SDK's own signer), Ed25519 for Ed25519
 * keys (accepted by Kalshi since spec 3.34; the SDK does not sign with them). On the order path
 * an Ed25519 signature costs about a quarter of a millisecond here, an RSA-PSS one more than one
 * (docs/benchmarks.md, latency floor). The private key is parsed once, when the client is made, not from its PEM
 * text on every request.
 */
import { type KeyObject, constants, createPrivateKey, sign } from 'node:crypto';

export interface RequestSigner {
  headers(method: string, path: string, now?: number): Record<'KALSHI-ACCESS-KEY' | 'KALSHI-ACCESS-SIGNATURE' | 'KALSHI-ACCESS-TIMESTAMP', string>;
}

/** The key types Kalshi signs with. */
export const SIGNING_KEY_TYPES = ['rsa', 'ed25519'] as const;
export type SigningKeyType = (typeof SIGNING_KEY_TYPES)[number];

export function isSigningKeyType(type: string | undefined): type is SigningKeyType {
  return (SIGNING_KEY_TYPES as readonly string[]).includes(type ?? '');
}

/** The signature of `message` with a private (or, to verify, public) key's own algorithm. */
function signWith(key: KeyObject, message: Buffer): Buffer {
  if (key.asymmetricKeyType === 'ed25519') return sign(null, message, key);
  return sign('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
}

export function createRequestSigner(keyId: string, privateKeyPem: string): RequestSigner {
  // A key that does not parse fails each request, as the SDK's signer does, not the client's creation.
  let key: KeyObject | Error;
  try {
    key = createPrivateKey(privateKeyPem);
    if (!isSigningKeyType(key.asymmetricKeyType)) key = new Error(`Kalshi keys are RSA or Ed25519, not ${key.asymmetricKeyType}`);
  } catch (error) {
    key = error instanceof Error ? error : new Error(String(error));
  }
  return {
    headers: (method, path, now = Date.now()) => {
      if (key instanceof Error) throw key;
      const timestamp = String(now);
      const signature = signWith(key, Buffer.from(`${timestamp}${method.toUpperCase()}${path}`));
      return { 'KALSHI-ACCESS-KEY': keyId, 'KALSHI-ACCESS-SIGNATURE': signature.toString('base64'), 'KALSHI-ACCESS-TIMESTAMP': timestamp };
    },
  };
}
