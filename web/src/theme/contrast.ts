/**
 * Colour arithmetic for tokens: WCAG 2.x relative luminance and contrast ratio, sRGB mixing with
 * the same maths as CSS `color-mix(in srgb, …)`, and exact inversion (Mosaic 1993 dark is the
 * exact inverse of Mosaic 1993 light). Pure functions, no DOM.
 */
import type { HexColor } from './tokens';

export interface Rgb {
  red: number;
  green: number;
  blue: number;
}

export function parseHexColor(color: string): Rgb {
  const match = /^#([0-9a-f]{6})$/i.exec(color);
  if (!match || match[1] === undefined) throw new Error(`not a #rrggbb colour: ${color}`);
  const value = Number.parseInt(match[1], 16);
  return { red: (value >> 16) & 255, green: (value >> 8) & 255, blue: value & 255 };
}

/**
 * Parses what `getComputedStyle` returns for colours: `rgb(r, g, b)`, `rgba(r, g, b, a)`, or
 * `color(srgb r g b / a)` (the result of `color-mix(in srgb, …)`, channels 0..1).
 */
export function parseCssRgb(color: string): Rgb & { alpha: number } {
  const srgb = /^color\(srgb\s+([\d.e-]+)\s+([\d.e-]+)\s+([\d.e-]+)(?:\s*\/\s*([\d.e-]+))?\s*\)$/.exec(color.trim());
  if (srgb) {
    return {
      red: Number(srgb[1]) * 255,
      green: Number(srgb[2]) * 255,
      blue: Number(srgb[3]) * 255,
      alpha: srgb[4] === undefined ? 1 : Number(srgb[4]),
    };
  }
  const match = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?\s*\)$/.exec(color.trim());
  if (!match) {
    if (color.trim().startsWith('#')) return { ...parseHexColor(color.trim()), alpha: 1 };
    throw new Error(`not an rgb() colour: ${color}`);
  }
  return {
    red: Number(match[1]),
    green: Number(match[2]),
    blue: Number(match[3]),
    alpha: match[4] === undefined ? 1 : Number(match[4]),
  };
}

export function toHexColor({ red, green, blue }: Rgb): HexColor {
  const channel = (value: number): string =>
    Math.max(0, Math.min(255, Math.round(value))).toString(16).padStart(2, '0');
  return `#${channel(red)}${channel(green)}${channel(blue)}`;
}

function linearChannel(value: number): number {
  const scaled = value / 255;
  return scaled <= 0.04045 ? scaled / 12.92 : ((scaled + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(color: Rgb | string): number {
  const { red, green, blue } = typeof color === 'string' ? parseHexColor(color) : color;
  return 0.2126 * linearChannel(red) + 0.7152 * linearChannel(green) + 0.0722 * linearChannel(blue);
}

export function contrastRatio(first: Rgb | string, second: Rgb | string): number {
  const a = relativeLuminance(first);
  const b = relativeLuminance(second);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** `color-mix(in srgb, first, second amount)` where `amount` is the share of `second` (0..1). */
export function mixColors(first: string, second: string, amount: number): HexColor {
  const a = parseHexColor(first);
  const b = parseHexColor(second);
  return toHexColor({
    red: a.red + (b.red - a.red) * amount,
    green: a.green + (b.green - a.green) * amount,
    blue: a.blue + (b.blue - a.blue) * amount,
  });
}

export function invertColor(color: string): HexColor {
  const { red, green, blue } = parseHexColor(color);
  return toHexColor({ red: 255 - red, green: 255 - green, blue: 255 - blue });
}

/** WCAG 2.x thresholds: 4.5 for normal text, 3 for large text and non-text UI components. */
export const wcagAaText = 4.5;
export const wcagAaNonText = 3;
