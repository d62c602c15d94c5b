/**
 * Turns the token data into CSS custom properties, in four cascade layers whose order is the
 * PRD's precedence: base defaults → system theme → mode → illumination. Runs at build time.
 *
 * - base: the default theme's light palette, base fonts, geometry and the default effect tokens,
 *   on `:root`.
 * - theme: each theme's fonts and light palette on `[data-system-theme="…"]`.
 * - mode: the mode's intensity cap, and each theme's dark palette (only the tokens that differ)
 *   on `[data-system-theme="…"][data-mode="dark"]`; mode-specific fonts too.
 * - illumination: derived glow values (see ../illumination/stylesheet.ts).
 *
 * The theme and mode selectors do not mention `html`, so any element can carry its own
 * `data-system-theme` + `data-mode` and be drawn in that theme: that is how each theme button
 * shows its own theme whatever the page's theme is.
 */
import { illuminationLayer } from '../illumination/stylesheet';
import { themes, defaultThemeId, findTheme } from './themes';
import {
  baseEffects,
  baseFonts,
  colorTokenNames,
  cssVariableName,
  effectTokenNames,
  modeIntensityCap,
  modes,
  type FontStacks,
  type Palette,
} from './tokens';

export const layerOrder = '@layer tokens.base, tokens.theme, tokens.mode, tokens.illumination;';

function declarations(entries: [string, string][], indent = '    '): string {
  return entries.map(([name, value]) => `${indent}${name}: ${value};`).join('\n');
}

function paletteEntries(palette: Palette, only?: Palette): [string, string][] {
  return colorTokenNames
    .filter((token) => only === undefined || only[token] !== palette[token])
    .map((token) => [cssVariableName(token), palette[token]]);
}

function fontEntries(fonts: Partial<FontStacks>): [string, string][] {
  return Object.entries(fonts).map(([role, stack]) => [`--font-${role}`, stack]);
}

function rule(selector: string, entries: [string, string][]): string {
  return entries.length === 0 ? '' : `  ${selector} {\n${declarations(entries)}\n  }`;
}

export const geometry: [string, string][] = [
  // Bezels: every region and card is an outer plate with a 12px corner radius wrapping an inner
  // face inset by 6px with a 6px radius, so the corners stay concentric (12 = 6 + 6).
  ['--bezel-outer-radius', '12px'],
  ['--bezel-inner-radius', '6px'],
  ['--bezel-inset', '6px'],
  ['--gutter', '18px'],
  ['--ruler-size', '18px'],
  ['--grid-size', '60px'],
];

function baseLayer(): string {
  const landing = findTheme(defaultThemeId);
  if (!landing) throw new Error(`default theme ${defaultThemeId} is missing`);
  const effects: [string, string][] = effectTokenNames.map((token) => [cssVariableName(token), String(baseEffects[token])]);
  return `@layer tokens.base {\n${rule(':root', [
    ...paletteEntries(landing.light.palette),
    ...fontEntries(baseFonts),
    ...effects,
    ['--fx-mode-cap', String(modeIntensityCap.light)],
    ...geometry,
  ])}\n}`;
}

function themeLayer(): string {
  const rules = themes.map((theme) =>
    rule(`[data-system-theme="${theme.id}"]`, [...fontEntries(theme.fonts), ...paletteEntries(theme.light.palette)]),
  );
  return `@layer tokens.theme {\n${rules.join('\n')}\n}`;
}

function modeLayer(): string {
  const caps = modes.map((mode) =>
    rule(`[data-mode="${mode}"]`, [
      ['--fx-mode-cap', String(modeIntensityCap[mode])],
      ['color-scheme', mode],
    ]),
  );
  const palettes = themes.flatMap((theme) => [
    rule(`[data-system-theme="${theme.id}"][data-mode="light"]`, fontEntries(theme.light.fonts ?? {})),
    rule(`[data-system-theme="${theme.id}"][data-mode="dark"]`, [
      ...fontEntries(theme.dark.fonts ?? {}),
      ...paletteEntries(theme.dark.palette, theme.light.palette),
    ]),
  ]);
  return `@layer tokens.mode {\n${[...caps, ...palettes].filter(Boolean).join('\n')}\n}`;
}

export function tokenStylesheet(): string {
  return [
    '/* Generated from web/src/theme/*.ts at build time. Do not edit. */',
    layerOrder,
    baseLayer(),
    themeLayer(),
    modeLayer(),
    illuminationLayer(),
  ].join('\n\n');
}
