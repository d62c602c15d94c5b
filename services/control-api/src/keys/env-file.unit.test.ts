import { keyEntries, parseDotenv } from './env-file';

const pem = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'abcdef==', '-----END PRIVATE KEY-----', ''].join('\n');

describe('reading key pairs from a .env file', () => {
  it('reads key ids, \\n-escaped PEM text and key paths, with comments and export', () => {
    const text = [
      '# Kalshi keys',
      'export KALSHI_DEMO_KEY_ID=11111111-2222-3333-4444-555555555555  # demo',
      `KALSHI_DEMO_PRIVATE_KEY="${pem.replace(/\n/g, '\\n')}"`,
      "KALSHI_LIVE_KEY_ID='live-key'",
      'KALSHI_LIVE_PRIVATE_KEY_PATH=keys/live.pem',
      'NOT A LINE',
    ].join('\n');
    const entries = keyEntries(parseDotenv(text));
    expect(entries.demo).toEqual({ keyId: '11111111-2222-3333-4444-555555555555', privateKey: pem, privateKeyPath: null });
    expect(entries.live).toEqual({ keyId: 'live-key', privateKey: null, privateKeyPath: 'keys/live.pem' });
  });

  it('reads a PEM that spans lines inside double quotes', () => {
    const values = parseDotenv(`KALSHI_DEMO_PRIVATE_KEY="${pem}"\nKALSHI_DEMO_KEY_ID=demo-key\n`);
    expect(values.get('KALSHI_DEMO_PRIVATE_KEY')).toBe(pem);
    expect(values.get('KALSHI_DEMO_KEY_ID')).toBe('demo-key');
  });

  it('treats empty and missing values as absent', () => {
    const entries = keyEntries(parseDotenv('KALSHI_DEMO_KEY_ID=\nOTHER=1\n'));
    expect(entries.demo).toEqual({ keyId: null, privateKey: null, privateKeyPath: null });
    expect(entries.live.keyId).toBeNull();
  });

  it('keeps escaped quotes and an unterminated value to the end of the file', () => {
    const values = parseDotenv('A="say \\"hi\\""\nB="open\nstill open');
    expect(values.get('A')).toBe('say "hi"');
    expect(values.get('B')).toBe('open\nstill open');
  });
});
