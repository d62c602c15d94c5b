/**
 * The whole system for the cockpit's full-stack browser tests: the in-process stack of
 * `@polly/cli` (exchange simulator, every service including the agents, the test run's NATS and
 * Postgres) with the control API serving the built cockpit, and Chromium pages opened on it the
 * way a person would open it (same origin, no token in the page).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from '@polly/cli';
import type { Page } from 'playwright-core';
import { ensureSiteBuilt, openCockpit, repositoryRoot, type Cockpit, type CockpitOptions } from '../tests/browser';

const progressFile = path.join(repositoryRoot, '.artifacts/logs/trading-studio.e2e.log');

/** A line in .artifacts/logs/trading-studio.e2e.log: where a long browser story is while it runs. */
export function progress(message: string): void {
  fs.mkdirSync(path.dirname(progressFile), { recursive: true });
  fs.appendFileSync(progressFile, `${new Date().toISOString()} ${message}\n`);
}

export interface CockpitStack {
  stack: Stack;
  /** A cockpit in a fresh browser on the control API's own origin. */
  open(options?: Omit<CockpitOptions, 'server'>): Promise<Cockpit>;
  /** Another tab of the same browser, on the same cockpit. */
  openTab(cockpit: Cockpit): Promise<Page>;
  /** A GET of the control API as a non-browser client. */
  read<Answer>(path: string): Promise<Answer>;
  close(): Promise<void>;
}

export async function startCockpitStack(env: Record<string, string>): Promise<CockpitStack> {
  progress('building the cockpit if needed');
  await ensureSiteBuilt();
  progress('starting the stack');
  const stack = await startStack({
    simulator: { markets: 600, seed: 11 },
    env,
    logLevel: process.env['POLLY_TEST_LOG_LEVEL'] ?? 'warn',
    echoLogs: Boolean(process.env['POLLY_TEST_LOG_LEVEL']),
  });
  const url = `${stack.controlUrl}/`;
  progress(`stack ready, cockpit at ${url}`);
  const opened: Cockpit[] = [];
  return {
    stack,
    async open(options = {}) {
      const cockpit = await openCockpit({ ...options, server: { url, close: async () => undefined } });
      // No internet here: the ISS feed's host fails at once instead of timing out.
      await cockpit.context.route(/youtube\.com/, (route) => route.abort('internetdisconnected'));
      opened.push(cockpit);
      return cockpit;
    },
    async openTab(cockpit) {
      const page = await cockpit.context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready="true"]');
      return page;
    },
    async read<Answer>(path: string) {
      const response = await fetch(`${stack.controlUrl}${path}`, { headers: { authorization: `Bearer ${stack.controlToken}` } });
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Answer;
    },
    async close() {
      for (const cockpit of opened) await cockpit.close().catch(() => undefined);
      // Every event and service log of the run, for reading afterwards (.artifacts/logs/stack-trading-studio).
      stack.saveRecord('stack-trading-studio');
      await stack.stop();
    },
  };
}

/** Chooses a studio with its nav key and waits for its panel. */
export async function enterStudio(page: Page, studio: 'design' | 'trade' | 'fly'): Promise<void> {
  await page.click(`.studio-key:has(input[value="${studio}"])`);
  await page.waitForSelector(`[data-studio-panel="${studio}"]:not([hidden])`);
}

/** Every value the page holds in its inputs and text areas, and its markup. */
export function pageText(page: Page): Promise<string> {
  return page.evaluate(() => [document.documentElement.outerHTML, ...[...document.querySelectorAll('input, textarea')].map((field) => (field as HTMLInputElement).value)].join('\n'));
}

/** The lines of a PEM's body: none of them may appear in the page. */
export function pemLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line && !line.startsWith('-----'));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
