/**
 * Key connect and disconnect against the exchange simulator (the real protocol, signed requests),
 * then a scan of the service logs, every JetStream stream of the test namespace and every
 * Postgres table for the private key: it must be nowhere. Also the .env auto-fill rules.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ExchangeSimulator, startExchangeSimulator } from '@polly/exchange-sim';
import { parseDollars } from '@polly/contracts';
import { sql } from 'kysely';
import { eventually } from '@polly/testing';
import { type Harness, startHarness } from './testing/harness';

function keyPair(type: 'rsa' | 'ed25519' = 'rsa'): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Every way the key could appear: the PEM, its base64 body in one piece, and each 64-character line. */
function keyFingerprints(privateKeyPem: string): string[] {
  const lines = privateKeyPem.split('\n').filter((line) => line && !line.startsWith('-----'));
  return [privateKeyPem.trim(), lines.join(''), ...lines.filter((line) => line.length >= 40)];
}

async function scanStreams(harness: Harness, needles: string[]): Promise<{ messages: number; found: string[] }> {
  const found: string[] = [];
  let messages = 0;
  for await (const name of harness.bus.manager.streams.names()) {
    if (!name.includes(harness.bus.namespace)) continue;
    const info = await harness.bus.manager.streams.info(name);
    for (let sequence = info.state.first_seq; sequence <= info.state.last_seq && info.state.messages > 0; sequence += 1) {
      const message = await harness.bus.manager.streams.getMessage(name, { seq: sequence }).catch(() => null);
      if (!message) continue;
      messages += 1;
      const text = new TextDecoder().decode(message.data);
      if (needles.some((needle) => text.includes(needle) || text.includes(JSON.stringify(needle).slice(1, -1)))) found.push(`${name}#${sequence}`);
    }
  }
  return { messages, found };
}

async function scanTables(harness: Harness, needles: string[]): Promise<{ tables: number; found: string[] }> {
  const { rows: tables } = await sql<{ schema: string; table: string }>`
    select table_schema as schema, table_name as table from information_schema.tables
    where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`.execute(harness.database.db);
  const found: string[] = [];
  for (const { schema, table } of tables) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(`${schema}.${table}`)} as t`.execute(harness.database.db);
    for (const { row } of rows) {
      if (needles.some((needle) => row.includes(needle) || row.includes(needle.replace(/\n/g, '\\n')))) found.push(`${schema}.${table}`);
    }
  }
  return { tables: tables.length, found };
}

describe('connecting Kalshi keys', () => {
  let simulator: ExchangeSimulator;
  let harness: Harness;
  const keyId = randomUUID();
  const pair = keyPair();
  const ed25519KeyId = randomUUID();
  const ed25519Pair = keyPair('ed25519');

  beforeAll(async () => {
    simulator = await startExchangeSimulator({ port: 0, markets: 100, traders: false, seed: 3 });
    simulator.registerKey(keyId, pair.publicKeyPem, { balance: '512.34' });
    simulator.registerKey(ed25519KeyId, ed25519Pair.publicKeyPem, { balance: '77.00' });
    harness = await startHarness({ dependencies: { restUrls: { demo: simulator.restUrl, live: 'http://127.0.0.1:9/trade-api/v2' } } });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await simulator?.stop();
  });

  const secretsFile = () => path.join(harness.secretsDir, 'demo.json');

  it('refuses a key pair the exchange does not accept (422) and saves nothing', async () => {
    const stranger = keyPair();
    const wrongKey = await harness.call('POST', '/control/keys/connect', { body: { environment: 'demo', api_key: keyId, private_key: stranger.privateKeyPem } });
    expect(wrongKey.status).toBe(422);
    expect(wrongKey.json).toMatchObject({ type: 'urn:polly:problem:keys-rejected', title: 'The exchange rejected this key pair' });
    const unknownId = await harness.call('POST', '/control/keys/connect', { body: { environment: 'demo', keyId: randomUUID(), privateKey: pair.privateKeyPem } });
    expect(unknownId.status).toBe(422);
    const notAKey = await harness.call('POST', '/control/keys/connect', { body: { environment: 'demo', api_key: keyId, private_key: '-----BEGIN PRIVATE KEY-----\nnot really\n-----END PRIVATE KEY-----' } });
    expect(notAKey.status).toBe(422);
    expect(notAKey.json.detail).toMatch(/PEM-encoded RSA or Ed25519 private key/);
    expect(existsSync(secretsFile())).toBe(false);
    expect((await harness.controlEvents()).filter((event) => event.type === 'keys.connected')).toEqual([]);
  });

  it('says which exchange could not be reached (502)', async () => {
    const answer = await harness.call('POST', '/control/keys/connect', { body: { environment: 'live', api_key: keyId, private_key: pair.privateKeyPem } });
    expect(answer.status).toBe(502);
    expect(answer.json).toMatchObject({ type: 'urn:polly:problem:exchange-unreachable' });
    expect(answer.json.detail).toContain('http://127.0.0.1:9/trade-api/v2');
    expect(existsSync(path.join(harness.secretsDir, 'live.json'))).toBe(false);
  });

  it('requires both halves of the pair', async () => {
    const answer = await harness.call('POST', '/control/keys/connect', { body: { environment: 'demo', api_key: keyId } });
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((error: { path: string }) => error.path)).toContain('body.private_key');
  });

  it('verifies a good pair with a signed balance request, hands it over in a private file, and records only a hint', async () => {
    const answer = await harness.call('POST', '/control/keys/connect', { body: { environment: 'demo', api_key: keyId, private_key: pair.privateKeyPem } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'connected', environment: 'demo', key_id_hint: keyId.slice(-4) });
    expect(parseDollars(answer.json.balance)).toBe(parseDollars('512.34'));
    expect(answer.text).not.toContain('PRIVATE KEY');

    const stored = JSON.parse(readFileSync(secretsFile(), 'utf8'));
    expect(stored).toMatchObject({ keyId, privateKeyPem: pair.privateKeyPem });
    expect(statSync(secretsFile()).mode & 0o777).toBe(0o600);

    const connected = (await harness.controlEvents()).find((event) => event.type === 'keys.connected');
    expect(connected?.data).toEqual({ keyIdHint: keyId.slice(-4), verifiedAt: answer.json.verified_at, balance: answer.json.balance });
    await harness.caughtUp();
    const system = (await harness.call('GET', '/state/system')).json;
    expect(system).toMatchObject({ api_keys_loaded: true, api_key_id_hint: keyId.slice(-4), simulated: true });
    const balance = (await harness.call('GET', '/state/balance')).json;
    expect(parseDollars(balance.balance)).toBe(parseDollars('512.34'));
    expect(balance.source).toBe('exchange');
  });

  it('disconnects: the file is gone, keys.disconnected is recorded, the system says no keys', async () => {
    const answer = await harness.call('POST', '/control/keys/disconnect', { body: { environment: 'demo' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'disconnected', key_id_hint: keyId.slice(-4) });
    expect(existsSync(secretsFile())).toBe(false);
    expect((await harness.controlEvents()).some((event) => event.type === 'keys.disconnected' && event.environment === 'demo')).toBe(true);
    await eventually(async () => (await harness.call('GET', '/state/system')).json.api_keys_loaded === false, { what: 'keys unloaded in the read model' });
  });

  it('connects an Ed25519 pair the same way (Kalshi signs with either key type), then disconnects it', async () => {
    const answer = await harness.call('POST', '/control/keys/connect', { body: { environment: 'demo', api_key: ed25519KeyId, private_key: ed25519Pair.privateKeyPem } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'connected', key_id_hint: ed25519KeyId.slice(-4) });
    expect(parseDollars(answer.json.balance)).toBe(parseDollars('77.00'));
    expect(JSON.parse(readFileSync(secretsFile(), 'utf8'))).toMatchObject({ keyId: ed25519KeyId, privateKeyPem: ed25519Pair.privateKeyPem });
    expect((await harness.call('POST', '/control/keys/disconnect', { body: { environment: 'demo' } })).status).toBe(200);
    expect(existsSync(secretsFile())).toBe(false);
  });

  it('refuses a private key of another type (422) before asking the exchange', async () => {
    const elliptic = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const answer = await harness.call('POST', '/control/keys/connect', { body: { environment: 'demo', api_key: keyId, private_key: elliptic } });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('RSA or Ed25519');
  });

  it('leaves no trace of the private keys in the logs, the streams or the tables', async () => {
    await harness.caughtUp();
    const needles = [...keyFingerprints(pair.privateKeyPem), ...keyFingerprints(ed25519Pair.privateKeyPem)];
    expect(needles.length).toBeGreaterThan(10);
    const logs = [...harness.apiLog, ...harness.projectorLog];
    expect(logs.filter((line) => line.includes('/control/keys/connect')).length).toBeGreaterThanOrEqual(4);
    expect(logs.filter((line) => needles.some((needle) => line.includes(needle)))).toEqual([]);
    const streams = await scanStreams(harness, needles);
    expect(streams.messages).toBeGreaterThanOrEqual(3);
    expect(streams.found).toEqual([]);
    const tables = await scanTables(harness, needles);
    expect(tables.tables).toBeGreaterThan(15);
    expect(tables.found).toEqual([]);
  });
});

describe('auto-filling keys from .env', () => {
  let harness: Harness;
  const demo = keyPair();
  const live = keyPair();

  const folder = mkdtempSync(path.join(os.tmpdir(), 'polly-env-'));

  beforeAll(async () => {
    writeFileSync(path.join(folder, 'live.pem'), live.privateKeyPem);
    writeFileSync(
      path.join(folder, '.env'),
      [
        'KALSHI_DEMO_KEY_ID=demo-key-id',
        `KALSHI_DEMO_PRIVATE_KEY="${demo.privateKeyPem.replace(/\n/g, '\\n')}"`,
        'KALSHI_LIVE_KEY_ID=live-key-id',
        'KALSHI_LIVE_PRIVATE_KEY_PATH=live.pem',
      ].join('\n'),
    );
    harness = await startHarness({ projector: false, dependencies: { envFile: path.join(folder, '.env'), allowedOrigins: ['http://127.0.0.1:5173'] } });
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives the cockpit on this machine the key ids and the private keys', async () => {
    const answer = await harness.call('GET', '/control/keys/autofill');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ found: true, private_keys_included: true });
    expect(answer.json.demo).toEqual({ key_id: 'demo-key-id', private_key: demo.privateKeyPem, private_key_available: true, problem: null });
    expect(answer.json.live).toMatchObject({ key_id: 'live-key-id', private_key: live.privateKeyPem });
    const sameOrigin = await harness.call('GET', '/control/keys/autofill', { as: 'none', headers: { 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.json.private_keys_included).toBe(true);
  });

  it.each([
    ['a foreign origin', { origin: 'http://evil.example' }],
    ['an allowed extra origin', { origin: 'http://127.0.0.1:5173' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a client without Origin', {}],
  ])('gives %s the key ids only', async (_who, headers) => {
    const answer = await harness.call('GET', '/control/keys/autofill', { as: 'none', headers });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ private_keys_included: false, demo: { key_id: 'demo-key-id', private_key: null, private_key_available: true } });
    expect(answer.text).not.toContain('PRIVATE KEY');
  });
});
