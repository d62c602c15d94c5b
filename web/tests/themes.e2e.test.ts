/**
 * Every theme × mode in real Chromium: selecting it changes the computed tokens to the theme's
 * data, text on the live surfaces keeps WCAG AA, and a screenshot of the Design Studio is saved
 * for each combination. Theme buttons are always drawn in their own theme in the current mode.
 */
import { contrastRatio } from '../src/theme/contrast';
import { themes } from '../src/theme/themes';
import { colorTokenNames, cssVariableName, modes } from '../src/theme/tokens';
import { openCockpit, screenshotPath, type Cockpit } from './browser';
import { computed, selectTheme } from './page-probes';

jest.setTimeout(300_000);

/** Text measured against the nearest opaque background behind it. */
const textSelectors = [
  '.masthead__title',
  '.masthead__model',
  '#system-design-heading',
  '#viewing-port-heading',
  '#gauges-heading',
  '.design-hero__title p',
  '.hangar-empty__message',
  '[data-theme-choice="volcano"]',
  '[data-event-log] .terminal__detail',
  '[data-telemetry="speed"]',
  '.overhead__legend',
  '.studio-key__cap',
];

describe('the 22 system themes in light and dark', () => {
  let cockpit: Cockpit;

  beforeAll(async () => {
    cockpit = await openCockpit({ reducedMotion: 'reduce' });
    // One click so the event log has a line to measure.
    await cockpit.page.click('[data-mode-choice="light"]');
  });
  afterAll(async () => cockpit?.close());

  it('offers one button per theme, drawn in that theme', async () => {
    const buttons = await cockpit.page.$$eval('[data-theme-choice]', (elements) =>
      elements.map((element) => [(element as HTMLElement).dataset['themeChoice'], (element as HTMLElement).dataset['systemTheme']]),
    );
    expect(buttons).toEqual(themes.map((theme) => [theme.id, theme.id]));
    // The PRD's button style: 12px, padding 6px 2px 4px 2px, weight 700, centred.
    const style = await cockpit.page.$eval('[data-theme-choice="volcano"]', (element) => {
      const computedStyle = getComputedStyle(element);
      return [computedStyle.fontSize, computedStyle.padding, computedStyle.fontWeight, computedStyle.textAlign];
    });
    expect(style).toEqual(['12px', '6px 2px 4px', '700', 'center']);
  });

  const combinations = themes.flatMap((theme) => modes.map((mode) => [theme.id, mode, theme] as const));

  it.each(combinations)('%s in %s mode changes the tokens and keeps AA contrast', async (id, mode, theme) => {
    const { page } = cockpit;
    const before = await computed(page, 'html', '--color-bg-surface');
    await selectTheme(page, id, mode);
    const palette = theme[mode].palette;
    const tokens = await page.evaluate(
      (names) => names.map((name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim()),
      colorTokenNames.map(cssVariableName),
    );
    expect(tokens).toEqual(colorTokenNames.map((token) => palette[token]));
    if (before !== palette['color.bg.surface']) expect(tokens[1]).not.toBe(before);

    // With all illumination at its defaults (master off), live text must meet AA on its face.
    // Measured until it holds or 2 s have passed: a repaint of the new theme can land a frame
    // after its tokens (what is checked is the settled page, not the switch's first frame).
    const measure = async () => {
      const pairs = await page.evaluate((selectors) => {
        // The canvas converts any CSS colour syntax (rgb, color(srgb …), oklab …) to sRGB bytes.
        const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
        const toRgba = (color: string): number[] => {
          context.clearRect(0, 0, 1, 1);
          context.fillStyle = color;
          context.fillRect(0, 0, 1, 1);
          return [...context.getImageData(0, 0, 1, 1).data];
        };
        return selectors.map((text) => {
          const textElement = document.querySelector(text) as Element;
          let backdrop: Element | null = textElement;
          while (backdrop && toRgba(getComputedStyle(backdrop).backgroundColor)[3] !== 255) backdrop = backdrop.parentElement;
          return {
            text,
            color: toRgba(getComputedStyle(textElement).color),
            background: toRgba(backdrop ? getComputedStyle(backdrop).backgroundColor : 'transparent'),
          };
        });
      }, textSelectors);
      return pairs.map(({ text, color, background }) => {
        const [red = 0, green = 0, blue = 0] = color;
        const [backgroundRed = 0, backgroundGreen = 0, backgroundBlue = 0, backgroundAlpha] = background;
        const ratio = contrastRatio({ red, green, blue }, { red: backgroundRed, green: backgroundGreen, blue: backgroundBlue });
        return [text, backgroundAlpha, Math.min(4.5, Math.round(ratio * 100) / 100)] as const;
      });
    };
    let measured = await measure();
    for (let attempt = 0; attempt < 20 && measured.some(([, alpha, ratio]) => alpha !== 255 || ratio < 4.5); attempt += 1) {
      await page.waitForTimeout(100);
      measured = await measure();
    }
    expect(measured).toEqual(textSelectors.map((text) => [text, 255, 4.5]));

    // Every theme button shows its own theme in the current mode.
    const volcano = themes.find((candidate) => candidate.id === 'volcano');
    const volcanoSurface = await computed(page, '[data-theme-choice="volcano"]', '--color-bg-surface');
    expect(volcanoSurface).toBe(volcano?.[mode].palette['color.bg.surface']);

    await page.mouse.move(960, 930);
    await page.screenshot({ path: screenshotPath(`design-${id}-${mode}`) });
  });

  it('ties the DAY/NVG rocker and the Light/Dark keys to one circuit', async () => {
    const { page } = cockpit;
    await selectTheme(page, 'modern-webpage', 'light');
    await page.click('[data-control="night-vision"]');
    expect(await page.getAttribute('html', 'data-mode')).toBe('dark');
    expect(await page.getAttribute('[data-mode-choice="dark"]', 'aria-checked')).toBe('true');
    expect(await page.getAttribute('[data-theme-choice="paper"]', 'data-mode')).toBe('dark');
    await page.click('[data-mode-choice="light"]');
    expect(await page.getAttribute('[data-control="night-vision"]', 'aria-checked')).toBe('false');
  });

  it('moves through the theme buttons with the arrow keys', async () => {
    const { page } = cockpit;
    await page.focus('[data-theme-choice="modern-webpage"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('html', 'data-system-theme')).toBe('mosaic-1993');
    await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('html', 'data-system-theme')).toBe('neoncity-2085');
    await page.keyboard.press('Home');
    expect(await page.getAttribute('html', 'data-system-theme')).toBe('modern-webpage');
  });
});
