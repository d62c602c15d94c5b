#!/usr/bin/env node
// Connects the Kalshi keys named in the control API's key file (POLLY_ENV_FILE: your .env, or
// the simulator's key file) without typing them: run it where the control API is reachable on
// loopback, which is the only place its auto-fill hands out private keys, e.g.
//   docker compose exec control-api polly-connect-keys            every environment with keys
//   docker compose exec control-api polly-connect-keys demo       one environment
// The key pair then goes through the ordinary connect route (verified with the exchange first).
// Environment: POLLY_CONTROL_PORT (4400), POLLY_CONTROL_TOKEN or POLLY_CONTROL_TOKEN_FILE.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const Environment = z.enum(['demo', 'live']);
const Settings = z.object({
  POLLY_CONTROL_PORT: z.coerce.number().int().min(1).max(65535).default(4400),
  POLLY_CONTROL_TOKEN: z.string().min(24).optional(),
  POLLY_CONTROL_TOKEN_FILE: z.string().min(1).default('/var/lib/polly/control/control-token'),
  POLLY_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
});
const AutofillEntry = z.object({ key_id: z.string().nullable(), private_key: z.string().nullable(), problem: z.string().nullable() });
const Autofill = z.object({ env_file: z.string(), found: z.boolean(), private_keys_included: z.boolean(), demo: AutofillEntry, live: AutofillEntry });
const Connected = z.object({ status: z.literal('connected'), environment: Environment, key_id_hint: z.string().nullable(), balance: z.string().nullable() });
const Problem = z.object({ title: z.string().optional(), detail: z.string().optional() }).passthrough();

const fail = (message) => {
  console.error(`polly-connect-keys: ${message}`);
  process.exit(1);
};

const cleaned = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ''));
const parsedSettings = Settings.safeParse(cleaned);
if (!parsedSettings.success) fail(parsedSettings.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
const settings = parsedSettings.data;
const requested = z.array(Environment).safeParse(process.argv.slice(2));
if (!requested.success) fail('name environments as demo and/or live, or none for every environment with keys');

const base = `http://127.0.0.1:${settings.POLLY_CONTROL_PORT}`;
const deadline = Date.now() + settings.POLLY_CONNECT_TIMEOUT_SECONDS * 1000;
const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The token: POLLY_CONTROL_TOKEN, else the file the control API writes at start. */
async function token() {
  if (settings.POLLY_CONTROL_TOKEN) return settings.POLLY_CONTROL_TOKEN;
  while (!existsSync(settings.POLLY_CONTROL_TOKEN_FILE)) {
    if (Date.now() > deadline) fail(`no POLLY_CONTROL_TOKEN and no token file at ${settings.POLLY_CONTROL_TOKEN_FILE}`);
    await pause(1000);
  }
  return readFileSync(settings.POLLY_CONTROL_TOKEN_FILE, 'utf8').trim();
}

/** A request that waits for the API to come up and retries while the exchange cannot be reached. */
async function request(path, init) {
  for (;;) {
    let response;
    try {
      response = await fetch(`${base}${path}`, init);
    } catch (error) {
      if (Date.now() > deadline) fail(`the control API at ${base} does not answer: ${error instanceof Error ? error.message : String(error)}`);
      await pause(1000);
      continue;
    }
    if ((response.status === 502 || response.status === 503) && Date.now() < deadline) {
      await pause(2000);
      continue;
    }
    const body = await response.json().catch(() => ({}));
    return { status: response.status, body };
  }
}

const bearer = await token();
// A same-origin fetch from this machine: the one caller auto-fill gives private keys to.
const autofill = await request('/control/keys/autofill', { headers: { 'sec-fetch-site': 'same-origin', authorization: `Bearer ${bearer}` } });
const keys = Autofill.safeParse(autofill.body);
if (autofill.status !== 200 || !keys.success) fail(`auto-fill answered ${autofill.status}: ${JSON.stringify(autofill.body)}`);
if (!keys.data.found) fail(`the control API found no key file at ${keys.data.env_file}`);
if (!keys.data.private_keys_included) fail('the control API did not include private keys: run this inside the control API container');

const environments = requested.data.length > 0 ? requested.data : Environment.options.filter((environment) => keys.data[environment].key_id);
if (environments.length === 0) fail(`${keys.data.env_file} names no KALSHI_DEMO_KEY_ID or KALSHI_LIVE_KEY_ID`);
let failures = 0;
for (const environment of environments) {
  const entry = keys.data[environment];
  if (!entry.key_id || !entry.private_key) {
    console.error(`${environment}: no key pair in ${keys.data.env_file}${entry.problem ? ` (${entry.problem})` : ''}`);
    failures += 1;
    continue;
  }
  const answer = await request('/control/keys/connect', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ environment, api_key: entry.key_id, private_key: entry.private_key }),
  });
  const connected = Connected.safeParse(answer.body);
  if (answer.status === 200 && connected.success) {
    console.log(`${environment}: connected key …${connected.data.key_id_hint ?? '????'}, balance ${connected.data.balance ?? 'unknown'}`);
  } else {
    const problem = Problem.safeParse(answer.body);
    console.error(`${environment}: not connected (${answer.status}): ${problem.success ? (problem.data.detail ?? problem.data.title ?? '') : JSON.stringify(answer.body)}`);
    failures += 1;
  }
}
process.exit(failures === 0 ? 0 : 1);
