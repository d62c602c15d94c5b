/**
 * Kalshi's request signature (PROTOCOL §2): RSA-PSS with SHA-256 and a digest-length salt over
 * `timestamp + METHOD + path` (the path without the query string), sent in three headers.
 * The same as the SDK's own signer, with one difference: the private key is parsed once, when
 * the client is made, not from its PEM text on every request (about 0.7 ms of CPU per signed
 * request on the development machines, on the order path).
 */
import { type KeyObject, constants, createPrivateKey, sign } from 'node:crypto';

export interface RequestSigner {
  headers(method: string, path: string, now?: number): Record<'KALSHI-ACCESS-KEY' | 'KALSHI-ACCESS-SIGNATURE' | 'KALSHI-ACCESS-TIMESTAMP', string>;
}

export function createRequestSigner(keyId: string, privateKeyPem: string): RequestSigner {
  // A key that does not parse fails each request, as the SDK's signer does, not the client's creation.
  let key: KeyObject | Error;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (error) {
    key = error instanceof Error ? error : new Error(String(error));
  }
  return {
    headers: (method, path, now = Date.now()) => {
      if (key instanceof Error) throw key;
      const timestamp = String(now);
      const signature = sign('sha256', Buffer.from(`${timestamp}${method.toUpperCase()}${path}`), {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
      return { 'KALSHI-ACCESS-KEY': keyId, 'KALSHI-ACCESS-SIGNATURE': signature.toString('base64'), 'KALSHI-ACCESS-TIMESTAMP': timestamp };
    },
  };
}
