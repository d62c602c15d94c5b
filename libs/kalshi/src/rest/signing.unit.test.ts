/** The request signer: Kalshi's three headers, a PSS signature over timestamp + METHOD + path that the public key verifies. */
import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { createRequestSigner } from './signing';

describe('signing a request', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signer = createRequestSigner('key-1', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

  it('sends the key id, the time in milliseconds and an RSA-PSS SHA-256 signature of time + method + path', () => {
    const headers = signer.headers('post', '/trade-api/v2/portfolio/events/orders', 1_767_225_600_123);
    expect(headers['KALSHI-ACCESS-KEY']).toBe('key-1');
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1767225600123');
    const verified = verify(
      'sha256',
      Buffer.from('1767225600123POST/trade-api/v2/portfolio/events/orders'),
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      Buffer.from(headers['KALSHI-ACCESS-SIGNATURE'], 'base64'),
    );
    expect(verified).toBe(true);
  });

  it('fails each request with a key that is not a private key, as the SDK’s signer does', () => {
    const broken = createRequestSigner('key-1', 'not a key');
    expect(() => broken.headers('GET', '/trade-api/v2/portfolio/balance')).toThrow();
  });
});
