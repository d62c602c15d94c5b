/**
 * Authoring helpers for palettes: whole-word keys that read well in a palette file, mapped onto
 * the dotted token names the stylesheet and the contrast test use.
 */
import { invertColor } from '../contrast';
import type { ColorTokenName, HexColor, Palette } from '../tokens';

export interface PaletteSource {
  canvas: HexColor;
  surface: HexColor;
  bezel: HexColor;
  brand: HexColor;
  onBrand: HexColor;
  text: HexColor;
  strong: HexColor;
  muted: HexColor;
  lit: HexColor;
  border: HexColor;
  borderMuted: HexColor;
  focus: HexColor;
  link: HexColor;
  visited: HexColor;
  codeBackground: HexColor;
  codeText: HexColor;
  success: HexColor;
  warning: HexColor;
  error: HexColor;
  info: HexColor;
  selection: HexColor;
  debug: HexColor;
  glow: HexColor;
  accent: HexColor;
}

const tokenForKey: Record<keyof PaletteSource, ColorTokenName> = {
  canvas: 'color.bg.canvas',
  surface: 'color.bg.surface',
  bezel: 'color.bg.bezel',
  brand: 'color.bg.brand',
  onBrand: 'color.fg.on-brand',
  text: 'color.fg.default',
  strong: 'color.fg.strong',
  muted: 'color.fg.muted',
  lit: 'color.fg.lit',
  border: 'color.border.default',
  borderMuted: 'color.border.muted',
  focus: 'color.border.focus',
  link: 'color.link.default',
  visited: 'color.link.visited',
  codeBackground: 'color.code.bg',
  codeText: 'color.code.fg',
  success: 'color.state.success',
  warning: 'color.state.warning',
  error: 'color.state.error',
  info: 'color.state.info',
  selection: 'color.selection.bg',
  debug: 'color.debug.marker',
  glow: 'color.glow',
  accent: 'color.accent',
};

export function palette(source: PaletteSource): Palette {
  const result = {} as Palette;
  for (const [key, token] of Object.entries(tokenForKey) as [keyof PaletteSource, ColorTokenName][]) {
    result[token] = source[key];
  }
  return result;
}

/** Every token replaced by its exact RGB inverse. */
export function invertPalette(source: Palette): Palette {
  const result = {} as Palette;
  for (const [token, color] of Object.entries(source) as [ColorTokenName, HexColor][]) {
    result[token] = invertColor(color);
  }
  return result;
}
