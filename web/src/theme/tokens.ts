/**
 * The design-token vocabulary of the cockpit. Tokens are plain data so that the stylesheet is
 * generated from them at build time and a unit test can compute WCAG contrast without a browser.
 *
 * Precedence (PRD chapter 1, "Token System"): base defaults → system theme → mode → illumination.
 * The generated stylesheet puts each step in its own cascade layer in exactly that order.
 */

/** The PRD's required baseline colour tokens, followed by the few the panel look needs on top. */
export const colorTokenNames = [
  'color.bg.canvas',
  'color.bg.surface',
  'color.bg.brand',
  'color.fg.default',
  'color.fg.strong',
  'color.border.default',
  'color.border.muted',
  'color.border.focus',
  'color.link.default',
  'color.link.visited',
  'color.code.bg',
  'color.code.fg',
  'color.state.success',
  'color.state.warning',
  'color.state.error',
  'color.state.info',
  'color.selection.bg',
  'color.debug.marker',
  // Additions: the metal bezel around regions and cards, secondary text, text on brand buttons,
  // the backlight colour used by illumination, the colour text moves towards when backlit, and a
  // decorative accent for knob caps, lamps and similar hardware.
  'color.bg.bezel',
  'color.fg.muted',
  'color.fg.on-brand',
  'color.fg.lit',
  'color.glow',
  'color.accent',
] as const;
export type ColorTokenName = (typeof colorTokenNames)[number];

/** The PRD's required effect tokens (illumination channels). */
export const effectTokenNames = [
  'fx.master.scale',
  'fx.glow.text.primary',
  'fx.glow.text.secondary',
  'fx.glow.bars.primary',
  'fx.glow.bars.secondary',
  'fx.glow.flood',
  'fx.glow.display',
] as const;
export type EffectTokenName = (typeof effectTokenNames)[number];

export const requiredBaselineTokenNames: readonly string[] = [
  ...colorTokenNames.slice(0, 18),
  ...effectTokenNames,
];

export type HexColor = `#${string}`;
export type Palette = Record<ColorTokenName, HexColor>;

export const modes = ['light', 'dark'] as const;
export type Mode = (typeof modes)[number];

export interface FontStacks {
  /** Etched labels, legends and headings. */
  display: string;
  /** Running text. */
  body: string;
  /** Displays, logs, telemetry windows. */
  mono: string;
}

export interface ModeDesign {
  /** The PRD's name explanation for this theme in this mode, kept for docs and tooltips. */
  idea: string;
  palette: Palette;
  /** A mode may change the lettering (Ledger 1920 dark is Gatsby, not a typewriter). */
  fonts?: Partial<FontStacks>;
}

export interface ThemeDefinition {
  /** The PRD's colour palette token, used as the `data-system-theme` value. */
  id: string;
  /** Label on the theme button. */
  name: string;
  fonts: FontStacks;
  light: ModeDesign;
  dark: ModeDesign;
}

/** `color.fg.on-brand` → `--color-fg-on-brand`. */
export function cssVariableName(tokenName: string): string {
  return `--${tokenName.replace(/\./g, '-')}`;
}

export const systemFontStack =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif';
export const monoFontStack =
  'ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace';
export const cockpitFontStack = `"B612", ${systemFontStack}`;
export const cockpitMonoStack = `"B612 Mono", ${monoFontStack}`;
export const serifFontStack = 'Georgia, "Times New Roman", "Liberation Serif", serif';

/** Base defaults: the first layer. Fonts and effect tokens every theme starts from. */
export const baseFonts: FontStacks = {
  display: cockpitFontStack,
  body: systemFontStack,
  mono: cockpitMonoStack,
};

/**
 * Effect defaults are the PRD's default switch positions: master OFF with its dimmer at max, every
 * channel ON with its dimmer at max. So the page starts unlit until the master switch is thrown.
 */
export const baseEffects: Record<EffectTokenName, number> = {
  'fx.master.scale': 0,
  'fx.glow.text.primary': 1,
  'fx.glow.text.secondary': 1,
  'fx.glow.bars.primary': 1,
  'fx.glow.bars.secondary': 1,
  'fx.glow.flood': 1,
  'fx.glow.display': 1,
};

/** Mode rules: light mode caps illumination at 0.6 intensity, dark mode allows the full 1.0. */
export const modeIntensityCap: Record<Mode, number> = { light: 0.6, dark: 1 };
