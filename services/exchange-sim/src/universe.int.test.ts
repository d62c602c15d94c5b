/**
 * The CLI with a 50,000-market universe: every market through cursor pagination, the Bitcoin
 * series deep in the listing, and 15-minute windows that roll and settle as the clock advances.
 * The entry point is bundled first, as the build does, and run as its own process.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const workspace = path.resolve(__dirname, '..');
const entry = path.resolve(workspace, '../../.artifacts/dist/services/exchange-sim/main.mjs');

interface Started {
  child: ChildProcess;
  port: number;
  startupMs: number;
  rssBytes: number;
}

function start(flags: string[]): Promise<Started> {
  const child = spawn(process.execPath, [entry, ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const record = JSON.parse(line) as { msg: string; port: number; startupMs: number; rssBytes: number };
      if (record.msg === 'exchange simulator listening') resolve({ child, port: record.port, startupMs: record.startupMs, rssBytes: record.rssBytes });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

interface MarketRow {
  ticker: string;
  series_ticker?: string;
  event_ticker: string;
  status: string;
  result: string;
  close_time: string;
}

describe('the simulator CLI with a 50,000-market universe', () => {
  let simulator: Started;
  let base: string;

  const getJson = async (url: string): Promise<any> => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return response.json();
  };
  const windows = async (): Promise<MarketRow[]> => (await getJson(`${base}/trade-api/v2/markets?series_ticker=KXBTC15M&limit=1000`)).markets;

  beforeAll(async () => {
    execFileSync(process.execPath, ['../../infra/bundle.mjs', 'src/main.ts'], { cwd: workspace, stdio: 'ignore' });
    simulator = await start(['--port', '0', '--seed', '3', '--markets', '50000', '--traders', 'off', '--clock', 'manual', '--start-time', '2026-07-22T17:07:00Z', '--tier', 'prime']);
    base = `http://127.0.0.1:${simulator.port}`;
  }, 60_000);
  afterAll(() => {
    simulator?.child.kill('SIGTERM');
  });

  it('starts in a few seconds and stays well under 500 MB', () => {
    process.stdout.write(`exchange-sim --markets 50000: startup ${simulator.startupMs} ms, RSS ${Math.round(simulator.rssBytes / 1_048_576)} MiB\n`);
    expect(simulator.startupMs).toBeLessThan(10_000);
    expect(simulator.rssBytes).toBeLessThan(500 * 1_048_576);
  });

  it('lists at least 50,000 markets by cursor, with KXBTC15M past index 40,000', async () => {
    const tickers: string[] = [];
    let cursor = '';
    do {
      const page = await getJson(`${base}/trade-api/v2/markets?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      tickers.push(...page.markets.map((market: MarketRow) => market.ticker));
      cursor = page.cursor;
    } while (cursor !== '');
    expect(tickers.length).toBeGreaterThanOrEqual(50_000);
    expect(new Set(tickers).size).toBe(tickers.length);
    const first = tickers.findIndex((ticker) => ticker.startsWith('KXBTC15M-'));
    expect(first).toBeGreaterThan(40_000);
    expect(tickers.some((ticker) => ticker.startsWith('KXBTCD-'))).toBe(true);
    expect(tickers.some((ticker) => /^KXBTC-\d\d[A-Z]{3}\d{4}-B\d+$/.test(ticker))).toBe(true);
    expect(tickers.filter((ticker) => ticker.startsWith('KXHIGHNY-')).length % 6).toBe(0);
  });

  it('rolls 15-minute windows and settles them as the clock advances', async () => {
    const before = await windows();
    const active = before.find((market) => market.status === 'active') as MarketRow;
    const next = before.find((market) => market.status === 'initialized') as MarketRow;
    expect(active.ticker).toBe('KXBTC15M-26JUL221315-15');
    expect(next.ticker).toBe('KXBTC15M-26JUL221330-30');
    expect(before.filter((market) => market.status === 'finalized').length).toBeGreaterThan(0);

    const advanced = await fetch(`${base}/admin/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 15 * 60 }) });
    expect(advanced.status).toBe(200);
    const after = await windows();
    const settled = after.find((market) => market.ticker === active.ticker) as MarketRow;
    expect(settled.status).toBe('finalized');
    expect(['yes', 'no']).toContain(settled.result);
    expect(after.find((market) => market.ticker === next.ticker)?.status).toBe('active');
    expect(after.find((market) => market.status === 'initialized')?.ticker).toBe('KXBTC15M-26JUL221345-45');
    const opened = (await getJson(`${base}/trade-api/v2/markets/${next.ticker}`)).market;
    expect(opened.floor_strike).toBeGreaterThan(0);
    expect(opened.yes_sub_title).toMatch(/^Target Price: \$/);
  });

  it('refuses bad flags with a message and status 2', () => {
    let failure: { status: number; stderr: string } | null = null;
    try {
      execFileSync(process.execPath, [entry, '--markets', 'many'], { stdio: 'pipe' });
    } catch (error) {
      const { status, stderr } = error as { status: number; stderr: Buffer };
      failure = { status, stderr: stderr.toString() };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr).toMatch(/--markets/);
  });
});
