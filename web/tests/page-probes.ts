/**
 * Small readers of the live page used by the browser tests: boxes, computed styles, glow alphas
 * and canvas pixels. They run in the page through `page.evaluate`.
 */
import type { Page } from 'playwright-core';

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

export async function box(page: Page, selector: string): Promise<Box> {
  return page.$eval(selector, (element) => {
    const rect = element.getBoundingClientRect();
    return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, width: rect.width, height: rect.height };
  });
}

export async function computed(page: Page, selector: string, property: string, pseudo?: string): Promise<string> {
  return page.$eval(
    selector,
    (element, [name, pseudoElement]) => getComputedStyle(element, pseudoElement ?? null).getPropertyValue(name as string).trim(),
    [property, pseudo] as const,
  );
}

export interface ParsedColor {
  rgb: [number, number, number];
  alpha: number;
}

/** Every colour in a computed value: `rgb()`/`rgba()` and `color(srgb r g b / a)`. */
export function colorsIn(value: string): ParsedColor[] {
  const colors: ParsedColor[] = [];
  for (const match of value.matchAll(/rgba?\(([^)]+)\)|color\(srgb ([^)]+)\)/g)) {
    const srgb = match[2] !== undefined;
    const parts = (match[1] ?? match[2] ?? '').split(/[\s,/]+/).filter(Boolean).map(Number);
    const scale = srgb ? 255 : 1;
    colors.push({
      rgb: [(parts[0] ?? 0) * scale, (parts[1] ?? 0) * scale, (parts[2] ?? 0) * scale],
      alpha: parts.length >= 4 ? (parts[3] ?? 1) : 1,
    });
  }
  return colors;
}

/** Alphas of the colours in a value that are the theme's glow colour (0 where a layer is unlit). */
export function glowAlphas(value: string, glowHex: string): number[] {
  const glow = hexToRgb(glowHex);
  return colorsIn(value)
    .filter(({ rgb }) => rgb.every((channel, index) => Math.abs(channel - (glow[index] ?? 0)) <= 2))
    .map(({ alpha }) => alpha);
}

export function strongestGlow(value: string, glowHex: string): number {
  return Math.max(0, ...glowAlphas(value, glowHex));
}

export function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** RGBA of one device pixel of a canvas. */
export async function canvasPixel(page: Page, selector: string, x: number, y: number): Promise<[number, number, number, number]> {
  return page.$eval(
    selector,
    (canvas, [pixelX, pixelY]) => {
      const context = (canvas as HTMLCanvasElement).getContext('2d');
      const data = context?.getImageData(pixelX as number, pixelY as number, 1, 1).data;
      return [data?.[0] ?? 0, data?.[1] ?? 0, data?.[2] ?? 0, data?.[3] ?? 0] as [number, number, number, number];
    },
    [x, y] as const,
  );
}

export async function selectTheme(page: Page, theme: string, mode: 'light' | 'dark'): Promise<void> {
  await page.click(`[data-theme-choice="${theme}"]`);
  await page.click(`[data-mode-choice="${mode}"]`);
  await page.waitForFunction(
    ([expectedTheme, expectedMode]) =>
      document.documentElement.dataset['systemTheme'] === expectedTheme && document.documentElement.dataset['mode'] === expectedMode,
    [theme, mode] as const,
  );
  await settle(page);
}

/** Waits until every finite CSS transition and animation on the page has finished. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}

export async function setSwitch(page: Page, path: string, on: boolean): Promise<void> {
  const selector = `[data-switch="${path}"]`;
  if ((await page.getAttribute(selector, 'aria-checked')) !== String(on)) await page.click(selector);
  await page.waitForSelector(`${selector}[aria-checked="${on}"]`);
}
