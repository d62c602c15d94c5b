/**
 * Reusable real-browser harness for the cockpit's e2e tests: builds the site if it is missing or
 * older than its sources, starts the static dev server (web/serve.mjs) on a free port, launches
 * Debian's Chromium through playwright-core with a fresh user-data directory, and opens a page at
 * 1920×944. `close()` ends the browser and the server it started.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const webDirectory = path.resolve(__dirname, '..');
export const repositoryRoot = path.resolve(webDirectory, '..');
export const siteDirectory = path.join(repositoryRoot, '.artifacts/web');
export const screenshotDirectory = path.join(repositoryRoot, '.artifacts/screenshots');
export const cockpitViewport = { width: 1920, height: 944 } as const;

const chromiumPath = process.env['POLLY_CHROMIUM'] ?? '/usr/bin/chromium';
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestModification(full));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function siteIsStale(): boolean {
  const stamp = path.join(siteDirectory, '.build-stamp');
  if (!fs.existsSync(stamp)) return true;
  const sources = Math.max(
    newestModification(path.join(webDirectory, 'src')),
    fs.statSync(path.join(webDirectory, 'build.mjs')).mtimeMs,
    fs.statSync(path.join(webDirectory, 'tailwind.config.cjs')).mtimeMs,
  );
  return fs.statSync(stamp).mtimeMs < sources;
}

/** Builds once even when several test files start together (a lock directory serialises them). */
export async function ensureSiteBuilt(): Promise<void> {
  const lock = path.join(repositoryRoot, '.artifacts/web-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}; remove it if no build is running`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (siteIsStale()) execFileSync(process.execPath, [path.join(webDirectory, 'build.mjs')], { stdio: 'pipe' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts web/serve.mjs on a free port and resolves once it reports its address. Without a
 * control API (the default here) the cockpit runs its offline paths and makes no API request.
 */
export function startStaticServer(controlApi = 'none'): Promise<StaticServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [path.join(webDirectory, 'serve.mjs'), '--port', '0', '--api', controlApi], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`static server did not start: ${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({
        url: `${match[1]}/`,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`static server exited with ${code}: ${output}`));
    });
  });
}

export interface CockpitOptions {
  colorScheme?: 'light' | 'dark';
  deviceScaleFactor?: number;
  viewport?: { width: number; height: number };
  /** 'reduce' turns the cockpit's transitions off, so computed styles settle at once. */
  reducedMotion?: 'reduce' | 'no-preference';
  /** Reuse a running server instead of starting one. */
  server?: StaticServer;
}

export interface Cockpit {
  context: BrowserContext;
  page: Page;
  url: string;
  /** Every request the page made, for checking that nothing leaves 127.0.0.1 unexpectedly. */
  requests: string[];
  /** Console messages of type error or warning. */
  problems: string[];
  close(): Promise<void>;
}

export async function openCockpit(options: CockpitOptions = {}): Promise<Cockpit> {
  await ensureSiteBuilt();
  const server = options.server ?? (await startStaticServer());
  const userDataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'polly-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDirectory, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumFlags,
      viewport: options.viewport ?? cockpitViewport,
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      colorScheme: options.colorScheme ?? 'light',
      reducedMotion: options.reducedMotion ?? 'no-preference',
    });
  } catch (error) {
    if (!options.server) await server.close();
    fs.rmSync(userDataDirectory, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="true"]');
  const openedContext = context;
  return {
    context: openedContext,
    page,
    url: server.url,
    requests,
    problems,
    async close() {
      await openedContext.close();
      if (!options.server) await server.close();
      fs.rmSync(userDataDirectory, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(screenshotDirectory, { recursive: true });
  return path.join(screenshotDirectory, `${name}.png`);
}
