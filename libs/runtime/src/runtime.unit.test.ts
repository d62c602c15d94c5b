import { Writable } from 'node:stream';
import { generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { REDACTED, redact } from './redaction';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ service: 'test', destination }), lines };
}

describe('redaction', () => {
  it('replaces values under key-like field names at any depth', () => {
    const result = redact({ keys: { privateKeyPem: 'abc', api_secret: 'x', keyId: 'visible' }, token: 't' }) as Record<string, any>;
    expect(result.keys.privateKeyPem).toBe(REDACTED);
    expect(result.keys.api_secret).toBe(REDACTED);
    expect(result.keys.keyId).toBe('visible');
    expect(result.token).toBe(REDACTED);
  });

  it('removes PEM key material from any string, wherever it appears', () => {
    const result = redact({ note: `failed with ${pem}`, list: [pem] }) as Record<string, any>;
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
    expect(result.note).toContain(REDACTED);
  });

  it('removes the body of an Ed25519 private key on its own, without its PEM lines', () => {
    const body = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const result = redact({ note: `key ${body} refused`, list: [body] }) as Record<string, any>;
    expect(JSON.stringify(result)).not.toContain(body.slice(21));
    expect(result.note).toBe(`key ${REDACTED} refused`);
  });
});

describe('logger', () => {
  it('writes JSON lines with the service name and no key material', async () => {
    const { logger, lines } = captureLogger();
    logger.info({ request: { privateKey: pem, path: '/x' } }, `connected with ${pem}`);
    logger.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = lines.join('');
    expect(text).not.toContain('BEGIN PRIVATE KEY');
    expect(text).not.toMatch(/MII[A-Za-z0-9+/]{60}/);
    const line = JSON.parse(lines[0] as string);
    expect(line.service).toBe('test');
    expect(line.request.path).toBe('/x');
  });
});

describe('config', () => {
  const schema = z.object({
    POLLY_NATS_URL: z.url().describe('the NATS server, e.g. nats://127.0.0.1:4222'),
    POLLY_BATCH: z.coerce.number().int().default(5),
  });

  it('says which variable to set and why when one is missing', () => {
    expect(() => loadConfig(schema, {})).toThrow(ConfigError);
    try {
      loadConfig(schema, {});
    } catch (error) {
      expect((error as Error).message).toContain('set POLLY_NATS_URL (the NATS server, e.g. nats://127.0.0.1:4222): is required');
    }
  });

  it('treats empty values as unset so defaults apply', () => {
    expect(loadConfig(schema, { POLLY_NATS_URL: 'nats://127.0.0.1:4222', POLLY_BATCH: '' }).POLLY_BATCH).toBe(5);
  });
});
