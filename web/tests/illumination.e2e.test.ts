/**
 * The Illumination panel in real Chromium: every switch and dimmer visibly changes computed
 * styles, all-off is really dark, light mode is capped at 0.6, effects combine, and the state
 * survives studio switches and reloads but not a new browser session.
 */
import { findTheme } from '../src/theme/themes';
import { openCockpit, screenshotPath, startStaticServer, type Cockpit, type StaticServer } from './browser';
import { computed, glowAlphas, selectTheme, setSwitch, settle, strongestGlow } from './page-probes';

jest.setTimeout(120_000);

const glowDark = findTheme('modern-webpage')?.dark.palette['color.glow'] ?? '';
const glowLight = findTheme('modern-webpage')?.light.palette['color.glow'] ?? '';

/** Where each channel shows: an element, the computed property, and a pseudo-element if any. */
const channels = {
  'text.primaryOn': ['.masthead__title', 'text-shadow'],
  'text.secondaryOn': ['.masthead__model', 'text-shadow'],
  'bars.primaryOn': ['[data-region="main"]', 'box-shadow'],
  'bars.secondaryOn': ['[data-card="gauges"]', 'box-shadow'],
  'flood.on': ['body', 'background-image', '::before'],
  'display.on': ['[data-event-log]', 'box-shadow'],
} as const;

const dimmerFor: Record<keyof typeof channels, string> = {
  'text.primaryOn': 'text.dimmer',
  'text.secondaryOn': 'text.dimmer',
  'bars.primaryOn': 'bars.dimmer',
  'bars.secondaryOn': 'bars.dimmer',
  'flood.on': 'flood.dimmer',
  'display.on': 'display.dimmer',
};

type ChannelPath = keyof typeof channels;

describe('the illumination panel', () => {
  let server: StaticServer;
  let cockpit: Cockpit;

  const glowOf = async (path: ChannelPath, glow = glowDark): Promise<number> => {
    const [selector, property, pseudo] = channels[path] as readonly [string, string, string?];
    return strongestGlow(await computed(cockpit.page, selector, property, pseudo), glow);
  };
  const allGlows = async (glow = glowDark): Promise<number[]> =>
    Promise.all((Object.keys(channels) as ChannelPath[]).map((path) => glowOf(path, glow)));
  const setDimmer = async (path: string, key: 'Home' | 'End' | 'ArrowDown'): Promise<void> => {
    await cockpit.page.focus(`[data-dimmer="${path}"]`);
    await cockpit.page.keyboard.press(key);
    await settle(cockpit.page);
  };

  beforeAll(async () => {
    server = await startStaticServer();
    cockpit = await openCockpit({ server, reducedMotion: 'reduce' });
    await selectTheme(cockpit.page, 'modern-webpage', 'dark');
  });
  afterAll(async () => {
    await cockpit?.close();
    await server?.close();
  });

  describe('at the PRD defaults', () => {
    it('has master OFF at full dim and every channel ON at full dim', async () => {
      const { page } = cockpit;
      expect(await page.getAttribute('[data-switch="master.on"]', 'aria-checked')).toBe('false');
      for (const path of Object.keys(channels)) {
        expect([path, await page.getAttribute(`[data-switch="${path}"]`, 'aria-checked')]).toEqual([path, 'true']);
      }
      const dimmers = await page.$$eval('[data-dimmer]', (knobs) => knobs.map((knob) => knob.getAttribute('aria-valuetext')));
      expect(dimmers).toEqual(['1.00', '1.00', '1.00', '1.00', '1.00']);
    });

    it('emits no light while the master switch is off', async () => {
      expect(await allGlows()).toEqual([0, 0, 0, 0, 0, 0]);
    });
  });

  describe('with the master switch on', () => {
    beforeAll(async () => {
      await setSwitch(cockpit.page, 'master.on', true);
      await settle(cockpit.page);
      await cockpit.page.screenshot({ path: screenshotPath('illumination-master-on-dark') });
    });

    it('lights every channel', async () => {
      for (const glow of await allGlows()) expect(glow).toBeGreaterThan(0.1);
    });

    it.each(Object.keys(channels) as ChannelPath[])('switching %s off darkens only that channel', async (path) => {
      const before = await allGlows();
      await setSwitch(cockpit.page, path, false);
      await settle(cockpit.page);
      const after = await allGlows();
      const index = Object.keys(channels).indexOf(path);
      expect(after[index]).toBe(0);
      after.forEach((glow, other) => {
        if (other !== index) expect([path, other, glow]).toEqual([path, other, before[other]]);
      });
      await setSwitch(cockpit.page, path, true);
      await settle(cockpit.page);
      expect(await glowOf(path)).toBeCloseTo(before[index] ?? 0, 5);
    });

    it.each(Object.keys(channels) as ChannelPath[])('the dimmer for %s scales its light down to a quarter', async (path) => {
      const dimmer = dimmerFor[path];
      const full = await glowOf(path);
      await setDimmer(dimmer, 'Home');
      expect(await cockpit.page.getAttribute(`[data-dimmer="${dimmer}"]`, 'aria-valuetext')).toBe('0.25');
      expect(await glowOf(path)).toBeCloseTo(full * 0.25, 2);
      await setDimmer(dimmer, 'End');
      expect(await glowOf(path)).toBeCloseTo(full, 5);
    });

    it('the master dimmer scales every channel', async () => {
      const full = await allGlows();
      await setDimmer('master.dimmer', 'ArrowDown');
      expect(await cockpit.page.getAttribute('[data-dimmer="master.dimmer"]', 'aria-valuetext')).toBe('0.95');
      const dimmed = await allGlows();
      dimmed.forEach((glow, index) => expect(glow).toBeCloseTo((full[index] ?? 0) * 0.95, 2));
      await setDimmer('master.dimmer', 'End');
    });

    it('turns a knob with the mouse wheel and by dragging', async () => {
      const { page } = cockpit;
      const knob = await page.$('[data-dimmer="bars.dimmer"]');
      const bounds = await knob?.boundingBox();
      if (!bounds) throw new Error('knob not visible');
      await page.mouse.move(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
      await page.mouse.wheel(0, 100);
      expect(await page.getAttribute('[data-dimmer="bars.dimmer"]', 'aria-valuetext')).toBe('0.95');
      await page.mouse.down();
      await page.mouse.move(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2 + 140, { steps: 5 });
      await page.mouse.up();
      expect(await page.getAttribute('[data-dimmer="bars.dimmer"]', 'aria-valuetext')).toBe('0.25');
      await setDimmer('bars.dimmer', 'End');
    });

    it('combines effects on one element instead of overriding them', async () => {
      // A display keeps its own relief shadows next to the display glow.
      const display = await computed(cockpit.page, '[data-event-log]', 'box-shadow');
      expect(display).toContain('inset');
      expect(glowAlphas(display, glowDark).length).toBeGreaterThanOrEqual(4);
      // Text inside a display carries both the text glow and the display glow.
      const text = await computed(cockpit.page, '[data-event-log] .terminal__line', 'text-shadow');
      expect(glowAlphas(text, glowDark).filter((alpha) => alpha > 0).length).toBeGreaterThanOrEqual(8);
      await setSwitch(cockpit.page, 'display.on', false);
      await settle(cockpit.page);
      const textWithoutDisplay = await computed(cockpit.page, '[data-event-log] .terminal__line', 'text-shadow');
      expect(glowAlphas(textWithoutDisplay, glowDark).filter((alpha) => alpha > 0)).toHaveLength(4);
      await setSwitch(cockpit.page, 'display.on', true);
    });

    it('goes dark with every channel switched off, exactly as with the master off', async () => {
      const { page } = cockpit;
      for (const path of Object.keys(channels)) await setSwitch(page, path, false);
      await settle(page);
      expect(await allGlows()).toEqual([0, 0, 0, 0, 0, 0]);
      const allOff = await computed(page, '[data-region="main"]', 'box-shadow');
      await page.screenshot({ path: screenshotPath('illumination-all-channels-off') });
      for (const path of Object.keys(channels)) await setSwitch(page, path, true);
      await setSwitch(page, 'master.on', false);
      await settle(page);
      expect(await computed(page, '[data-region="main"]', 'box-shadow')).toBe(allOff);
      await setSwitch(page, 'master.on', true);
      await settle(page);
    });

    it('caps light mode at 0.6 of the dark-mode intensity', async () => {
      const dark = await glowOf('bars.primaryOn', glowDark);
      await selectTheme(cockpit.page, 'modern-webpage', 'light');
      const light = await glowOf('bars.primaryOn', glowLight);
      expect(light / dark).toBeCloseTo(0.6, 2);
      await cockpit.page.screenshot({ path: screenshotPath('illumination-master-on-light') });
      await selectTheme(cockpit.page, 'modern-webpage', 'dark');
    });
  });

  describe('state across studios and sessions', () => {
    it('survives studio switches and reloads in the same tab', async () => {
      const { page } = cockpit;
      await selectTheme(page, 'volcano', 'dark');
      await setSwitch(page, 'flood.on', false);
      await setDimmer('text.dimmer', 'Home');
      const before = await page.evaluate(() => [document.documentElement.getAttribute('style'), document.documentElement.dataset['systemTheme']]);
      for (const studio of ['trade', 'fly', 'design']) {
        await page.click(`.studio-key:has(input[value="${studio}"])`);
        await page.waitForSelector(`html[data-studio="${studio}"]`);
        expect(await page.evaluate(() => [document.documentElement.getAttribute('style'), document.documentElement.dataset['systemTheme']])).toEqual(before);
      }
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
      expect(await page.evaluate(() => [document.documentElement.getAttribute('style'), document.documentElement.dataset['systemTheme']])).toEqual(before);
      expect(await page.getAttribute('[data-switch="flood.on"]', 'aria-checked')).toBe('false');
      expect(await page.getAttribute('[data-dimmer="text.dimmer"]', 'aria-valuetext')).toBe('0.25');
    });

    it('resets in a new browser session', async () => {
      const fresh = await openCockpit({ server });
      try {
        expect(await fresh.page.getAttribute('html', 'data-system-theme')).toBe('modern-webpage');
        expect(await fresh.page.getAttribute('[data-switch="master.on"]', 'aria-checked')).toBe('false');
        expect(await fresh.page.getAttribute('[data-switch="flood.on"]', 'aria-checked')).toBe('true');
      } finally {
        await fresh.close();
      }
    });
  });
});
