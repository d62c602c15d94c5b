/**
 * Studio switching and the Design Studio's live parts in real Chromium: the main region changes
 * without a reload, the side bars fade out for a full-width Trading Studio, the ISS feed reports
 * honestly when it cannot be reached, and telemetry, logs and gauges show real values.
 */
import { formatDateTime } from '../src/telemetry/format';
import { openCockpit, screenshotPath, type Cockpit } from './browser';
import { box, settle } from './page-probes';

jest.setTimeout(120_000);

describe('the studios', () => {
  let cockpit: Cockpit;

  beforeAll(async () => {
    cockpit = await openCockpit();
    // This machine has no internet: make the failure immediate rather than a slow timeout.
    await cockpit.context.route(/youtube\.com/, (route) => route.abort('internetdisconnected'));
  });
  afterAll(async () => cockpit?.close());

  it('lands in the Design Studio', async () => {
    expect(await cockpit.page.getAttribute('html', 'data-studio')).toBe('design');
    expect(await cockpit.page.isVisible('[data-studio-panel="design"]')).toBe(true);
    expect(await cockpit.page.isHidden('[data-studio-panel="trade"]')).toBe(true);
  });

  it('switches to Trade without a reload: side bars fade out and the main region takes the full width', async () => {
    const { page } = cockpit;
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.click('.studio-key:has(input[value="trade"])');
    await page.waitForSelector('[data-studio-panel="trade"]:not([hidden])');
    await settle(page);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
    expect(await page.$eval('[data-region="left-sidebar"]', (element) => getComputedStyle(element).opacity)).toBe('0');
    expect(await page.$eval('[data-region="right-sidebar"]', (element) => getComputedStyle(element).visibility)).toBe('hidden');
    const main = await box(page, '[data-region="main"]');
    expect(main.left).toBeCloseTo(18, 0);
    expect(main.width).toBeCloseTo(1920 - 36, 0);
    expect(await page.textContent('.trade-empty__title')).toBe('No data');
    const mainFace = await page.$eval('[data-region="main"] > .face', (element) => element.scrollWidth <= element.clientWidth);
    expect(mainFace).toBe(true);
  });

  it('says plainly that the ISS feed is unavailable when it cannot be reached', async () => {
    const { page } = cockpit;
    await page.waitForSelector('[data-iss-window][data-state="unavailable"]');
    expect(await page.textContent('[data-iss-state]')).toMatch(/ISS feed unavailable/);
    expect(await page.$('[data-iss-window] iframe')).toBeNull();
    expect(await page.isVisible('[data-iss-retry]')).toBe(true);
    await page.screenshot({ path: screenshotPath('trade-studio-offline') });
  });

  it('shows No Flight Plan in Fly and stops the feed', async () => {
    const { page } = cockpit;
    await page.click('.studio-key:has(input[value="fly"])');
    await page.waitForSelector('[data-studio-panel="fly"]:not([hidden])');
    expect(await page.textContent('.fly-placard__title')).toBe('No Flight Plan');
    expect(await page.getAttribute('[data-iss-window]', 'data-state')).toBe('idle');
    await settle(page);
    expect(await page.$eval('[data-region="left-sidebar"]', (element) => getComputedStyle(element).opacity)).toBe('1');
    await page.screenshot({ path: screenshotPath('fly-studio') });
  });

  it('moves between studios with the arrow keys', async () => {
    const { page } = cockpit;
    await page.focus('input[value="fly"]');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('html[data-studio="trade"]');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('html[data-studio="design"]');
    expect(await page.isVisible('[data-studio-panel="design"]')).toBe(true);
  });

  it('is in the last studio pressed at once, however fast the keys come, and fades that studio in', async () => {
    const { page } = cockpit;
    const after = await page.evaluate(() => {
      const key = (studio: string) => document.querySelector<HTMLElement>(`.studio-key:has(input[value="${studio}"])`);
      const seen: (string | undefined)[] = [];
      for (const studio of ['trade', 'fly', 'trade', 'design', 'fly']) {
        key(studio)?.click();
        seen.push(document.documentElement.dataset['studio']);
      }
      const visible = [...document.querySelectorAll<HTMLElement>('[data-studio-panel]')].filter((panel) => !panel.hidden).map((panel) => panel.dataset['studioPanel']);
      return { seen, visible, entering: document.querySelector('[data-studio-panel="fly"]')?.classList.contains('is-entering') };
    });
    expect(after).toEqual({ seen: ['trade', 'fly', 'trade', 'design', 'fly'], visible: ['fly'], entering: true });
    await page.waitForSelector('[data-studio-panel="fly"]:not(.is-entering)');
    await page.click('.studio-key:has(input[value="design"])');
    await page.waitForSelector('[data-studio-panel="design"]:not([hidden])');
  });
});

describe('the Design Studio instruments', () => {
  let cockpit: Cockpit;

  beforeAll(async () => {
    cockpit = await openCockpit();
  });
  afterAll(async () => cockpit?.close());

  it('shows telemetry: MACH 4.20, the real load time, a live clock and the ping estimate', async () => {
    const { page } = cockpit;
    expect(await page.textContent('[data-telemetry="speed"]')).toBe('MACH 4.20');
    await page.waitForFunction(() => /^\d+\.\d\ds$/.test(document.querySelector('[data-telemetry="load"]')?.textContent ?? ''));
    const load = await page.textContent('[data-telemetry="load"]');
    const measured = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return ((navigation?.loadEventEnd ?? 0) - (navigation?.startTime ?? 0)) / 1000;
    });
    expect(Number(load?.replace('s', ''))).toBeCloseTo(measured, 2);
    const clock = await page.textContent('[data-telemetry="clock"]');
    const now = Date.parse(await page.evaluate(() => new Date().toISOString()));
    // The reading may be from just before a minute boundary.
    const expected = [now, now - 60_000].map((time) => {
      const { date, time: clockTime } = formatDateTime(new Date(time));
      return `${date} ${clockTime}`;
    });
    expect(expected).toContain(clock);
    const rtt = await page.evaluate(() => (navigator as Navigator & { connection?: { rtt?: number } }).connection?.rtt);
    expect(await page.textContent('[data-telemetry="ping"]')).toBe(typeof rtt === 'number' ? `${rtt}ms` : 'n/a');
  });

  it('maps gauges to the browser APIs, never to invented numbers', async () => {
    const { page } = cockpit;
    await page.waitForFunction(() => [...document.querySelectorAll('[data-gauge]')].every((gauge) => (gauge as HTMLElement).dataset['state'] !== 'pending'));
    const truth = await page.evaluate(async () => {
      const connection = (navigator as Navigator & { connection?: { downlink?: number } }).connection;
      const getBattery = (navigator as Navigator & { getBattery?: () => Promise<{ level: number }> }).getBattery;
      const battery = getBattery ? await getBattery.call(navigator) : undefined;
      const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
      return { downlink: connection?.downlink, battery: battery?.level, heap: memory?.usedJSHeapSize };
    });
    const readout = (name: string) => page.textContent(`[data-gauge="${name}"] [data-gauge-readout]`);
    expect(await readout('downlink')).toBe(typeof truth.downlink === 'number' ? `${truth.downlink.toFixed(1)} Mbps` : 'not available');
    expect(await readout('battery')).toMatch(typeof truth.battery === 'number' ? new RegExp(`^${Math.round(truth.battery * 100)}%`) : /^not available$/);
    expect(await readout('memory')).toMatch(typeof truth.heap === 'number' ? /^\d+\.\d MB$/ : /^not available$/);
  });

  it('logs the last seven click, resize and focus events', async () => {
    const { page } = cockpit;
    for (let index = 0; index < 5; index += 1) await page.click('.push-button--brand');
    await page.setViewportSize({ width: 1900, height: 944 });
    await page.waitForSelector('.terminal__line--resize');
    await page.focus('[data-validate]');
    await page.setViewportSize({ width: 1920, height: 944 });
    await page.waitForFunction(() => document.querySelectorAll('[data-event-log] .terminal__line--resize').length === 2);
    const entries = await page.$$eval('[data-event-log] .terminal__line', (items) => items.map((item) => item.textContent ?? ''));
    expect(entries).toHaveLength(7);
    expect(entries.some((entry) => entry.includes('CLICK') && entry.includes('Engage'))).toBe(true);
    expect(entries.some((entry) => entry.includes('FOCUS') && entry.includes('input'))).toBe(true);
    expect(entries.at(-1)).toContain('1920×944');
    expect(await page.getAttribute('[data-event-log]', 'aria-live')).toBe('polite');
  });

  it('captures warnings and errors in the Dev Log', async () => {
    const { page } = cockpit;
    expect(await page.textContent('[data-dev-log]')).toContain('No errors or warnings');
    await page.click('[data-emit-warning]');
    await page.evaluate(() => setTimeout(() => Promise.reject(new Error('probe failure')), 0));
    await page.waitForSelector('[data-dev-log] .terminal__line--error');
    const entries = await page.$$eval('[data-dev-log] .terminal__line', (items) => items.map((item) => item.textContent ?? ''));
    expect(entries[0]).toContain('Test warning from the Web Elements card');
    expect(entries[1]).toContain('Unhandled rejection: Error: probe failure');
    expect(await page.getAttribute('[data-annunciator="errors"]', 'data-state')).toBe('error');
  });

  it('shows the palette of the selected theme and validates the sample field', async () => {
    const { page } = cockpit;
    expect(await page.$$eval('[data-palette-grid] .swatch', (swatches) => swatches.length)).toBe(24);
    expect(await page.textContent('[data-token="color.bg.canvas"] .swatch__value')).toBe('#e4e9f0');
    await page.fill('[data-validate]', 'polly');
    expect(await page.getAttribute('[data-validate-hint]', 'data-state')).toBe('error');
    await page.fill('[data-validate]', 'POLLY-1');
    expect(await page.getAttribute('[data-validate-hint]', 'data-state')).toBe('success');
  });
});
