// Checks infra/docker-e2e.sh makes against the running stack, through the control API as any
// client would (bearer token, loopback address). Each subcommand exits 0 when its condition
// holds and 1 with the reason otherwise; the `wait-` ones poll until their deadline.
//   node e2e-probe.mjs wait-markets   PORT TOKEN SECONDS   markets discovered, WebSocket connected
//   node e2e-probe.mjs set-mode       PORT TOKEN MODE      every demo agent to Auto, SemiAuto or FullStop
//   node e2e-probe.mjs cockpit        PORT                 the cockpit page is served
//   node e2e-probe.mjs service-log    SERVICE              stdin (docker compose logs) is that service's JSON log
//   node e2e-probe.mjs prometheus     PORT DASHBOARD SECONDS [TITLE...]
//                                     every scrape job up, every dashboard query valid and with data
//                                     (except the panels named, whose metrics appear only on rare events)
import { z } from 'zod';

const System = z.object({ markets_discovered: z.number(), websocket_connected: z.boolean(), api_keys_loaded: z.boolean(), simulated: z.boolean() });
const Accepted = z.object({ status: z.literal('accepted') });
const QueryAnswer = z.object({ status: z.string(), error: z.string().optional(), data: z.object({ result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })) }).optional() });
const Dashboard = z.object({ panels: z.array(z.object({ title: z.string(), targets: z.array(z.object({ expr: z.string() })) })) });
const LogRecord = z.object({ level: z.string(), time: z.string(), service: z.string(), message: z.string() });

const fail = (message) => {
  console.error(`e2e-probe: ${message}`);
  process.exit(1);
};
const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const [command, ...rest] = process.argv.slice(2);

async function api(port, token, path, init = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function waitMarkets(port, token, seconds) {
  const deadline = Date.now() + Number(seconds) * 1000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const answer = await api(port, token, '/state/system?environment=demo');
      const system = System.safeParse(answer.body);
      if (system.success) {
        last = JSON.stringify(system.data);
        if (system.data.markets_discovered > 0 && system.data.websocket_connected && system.data.api_keys_loaded) {
          console.log(`markets discovered: ${system.data.markets_discovered}, WebSocket connected, keys loaded, simulated: ${system.data.simulated}`);
          return;
        }
      } else last = `answer ${answer.status}: ${JSON.stringify(answer.body)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await pause(2000);
  }
  fail(`no markets discovered with a connected WebSocket within ${seconds} s (last: ${last})`);
}

async function setMode(port, token, mode) {
  const answer = await api(port, token, '/control/agents/set_mode', { method: 'POST', body: JSON.stringify({ environment: 'demo', mode }) });
  if (!Accepted.safeParse(answer.body).success) fail(`set_mode answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  console.log(`every demo agent set to ${mode}`);
}

async function cockpit(port) {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  const text = await response.text();
  if (response.status !== 200 || !text.includes('<html')) fail(`the cockpit answered ${response.status}`);
  console.log(`cockpit served (${text.length} bytes of HTML)`);
}

async function serviceLog(service) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  // docker compose logs prefixes every line with "<container> | ".
  const lines = Buffer.concat(chunks).toString('utf8').split('\n').map((line) => line.replace(/^[^|{]*\|\s?/, '').trim()).filter((line) => line.startsWith('{'));
  const records = lines.map((line) => LogRecord.safeParse(JSON.parse(line))).filter((parsed) => parsed.success).map((parsed) => parsed.data);
  if (records.length === 0) fail(`no structured log lines for ${service}`);
  const foreign = records.filter((record) => record.service !== service);
  if (foreign.length > 0) fail(`${foreign.length} log lines belong to ${foreign[0].service}, not ${service}`);
  if (lines.length !== records.length) fail(`${lines.length - records.length} JSON lines lack level, time, service or message`);
  const levels = [...new Set(records.map((record) => record.level))].join(', ');
  console.log(`${records.length} structured log lines from ${service} (levels ${levels}), e.g. "${records[0].message}"`);
}

async function query(port, expression) {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expression)}`);
  const answer = QueryAnswer.safeParse(await response.json().catch(() => null));
  if (!answer.success) fail(`Prometheus answered ${response.status} to ${expression}`);
  if (answer.data.status !== 'success') fail(`"${expression}" is not a valid query: ${answer.data.error}`);
  return answer.data.data?.result ?? [];
}

async function prometheus(port, dashboardFile, seconds, mayBeEmpty) {
  const { readFileSync } = await import('node:fs');
  const scrapeJobs = [...readFileSync(new URL('../prometheus/prometheus.yml', import.meta.url), 'utf8').matchAll(/job_name:\s*(\S+)/g)].map((match) => match[1]);
  const deadline = Date.now() + Number(seconds) * 1000;
  let down = scrapeJobs;
  while (Date.now() < deadline) {
    try {
      const up = await query(port, 'up');
      down = scrapeJobs.filter((job) => !up.some((series) => series.metric.job === job && series.value[1] === '1'));
      if (down.length === 0) break;
    } catch {
      // Prometheus is still starting.
    }
    await pause(2000);
  }
  if (down.length > 0) fail(`scrape jobs not up after ${seconds} s: ${down.join(', ')}`);
  console.log(`Prometheus scrapes every service: ${scrapeJobs.join(', ')}`);
  const dashboard = Dashboard.parse(JSON.parse(readFileSync(dashboardFile, 'utf8')));
  const empty = [];
  let expressions = 0;
  for (const panel of dashboard.panels) {
    for (const target of panel.targets) {
      expressions += 1;
      if ((await query(port, target.expr)).length === 0) empty.push(panel.title);
    }
  }
  const unexpected = [...new Set(empty)].filter((title) => !mayBeEmpty.includes(title));
  if (unexpected.length > 0) fail(`dashboard panels without data: ${unexpected.join(', ')}`);
  console.log(`${expressions} dashboard queries valid, ${expressions - empty.length} with data${empty.length > 0 ? ` (none yet, as expected: ${[...new Set(empty)].join(', ')})` : ''}`);
}

switch (command) {
  case 'wait-markets':
    await waitMarkets(rest[0], rest[1], rest[2] ?? '180');
    break;
  case 'set-mode':
    await setMode(rest[0], rest[1], rest[2] ?? 'Auto');
    break;
  case 'cockpit':
    await cockpit(rest[0]);
    break;
  case 'service-log':
    await serviceLog(rest[0]);
    break;
  case 'prometheus':
    await prometheus(rest[0], rest[1], rest[2] ?? '120', rest.slice(3));
    break;
  default:
    fail(`unknown command ${command}`);
}
