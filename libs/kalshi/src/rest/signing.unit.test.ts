/** The request signer: Kalshi's three headers, a signature over timestamp + METHOD + path (RSA-PSS or Ed25519, by key) that the public key verifies. */
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

  it('signs with an Ed25519 key’s own algorithm', () => {
    const pair = generateKeyPairSync('ed25519');
    const ed25519 = createRequestSigner('key-2', pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const headers = ed25519.headers('GET', '/trade-api/ws/v2', 1_767_225_600_456);
    const message = Buffer.from('1767225600456GET/trade-api/ws/v2');
    const signature = Buffer.from(headers['KALSHI-ACCESS-SIGNATURE'], 'base64');
    expect(headers['KALSHI-ACCESS-KEY']).toBe('key-2');
    expect(signature).toHaveLength(64);
    expect(verify(null, message, pair.publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from('1767225600457GET/trade-api/ws/v2'), pair.publicKey, signature)).toBe(false);
  });

  it('refuses a key of another type at each request', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const elliptic = createRequestSigner('key-3', pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(() => elliptic.headers('GET', '/trade-api/v2/portfolio/balance')).toThrow(/RSA or Ed25519, not ec/);
  });

  it('fails each request with a key that is not a private key, as the SDK’s signer does', () => {
    const broken = createRequestSigner('key-1', 'not a key');
    expect(() => broken.headers('GET', '/trade-api/v2/portfolio/balance')).toThrow();
  });
});
