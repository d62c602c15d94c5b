/**
 * The illumination layer: derived custom properties that turn the `fx.*` tokens (written by the
 * runtime on <html>) and the theme's `color.glow` into text colours, text shadows, box shadows
 * and washes that components use. Declared on every `[data-system-theme]` element so an element
 * drawn in another theme (a theme button) glows in its own colours.
 *
 * Components combine these lists (`box-shadow: var(--relief), var(--glow-bars-secondary),
 * var(--glow-display)`), so switching one channel never removes another's light.
 */
import { glowLayers } from './physics';

export interface ChannelGlow {
  /** CSS variable holding the channel's final intensity (0..1). */
  intensity: string;
  /** Reference distance d0 of the inverse-square falloff, in px. */
  reference: number;
  /** Alpha of the nearest sample at full intensity, in percent. */
  peakPercent: number;
}

function alphaMix(intensity: string, percent: number): string {
  return `color-mix(in srgb, var(--color-glow) calc(var(${intensity}) * ${percent.toFixed(2)}%), transparent)`;
}

/** A shadow list sampling the inverse-square falloff; `inset` for light inside displays. */
export function glowShadowList(glow: ChannelGlow, kind: 'box' | 'inset' | 'text'): string {
  return glowLayers(glow.reference)
    .map(({ radius, weight }) => {
      const color = alphaMix(glow.intensity, glow.peakPercent * weight);
      if (kind === 'text') return `0 0 ${radius}px ${color}`;
      return `${kind === 'inset' ? 'inset ' : ''}0 0 ${radius}px ${kind === 'inset' ? Math.round(radius / 4) : 0}px ${color}`;
    })
    .join(', ');
}

const intensity = {
  master: '--illumination-master',
  textPrimary: '--illumination-text-primary',
  textSecondary: '--illumination-text-secondary',
  barsPrimary: '--illumination-bars-primary',
  barsSecondary: '--illumination-bars-secondary',
  flood: '--illumination-flood',
  display: '--illumination-display',
} as const;

function channelIntensity(token: string): string {
  return `calc(var(${intensity.master}) * var(${token}))`;
}

export function illuminationDeclarations(): [string, string][] {
  return [
    [intensity.master, 'calc(var(--fx-master-scale) * var(--fx-mode-cap))'],
    [intensity.textPrimary, channelIntensity('--fx-glow-text-primary')],
    [intensity.textSecondary, channelIntensity('--fx-glow-text-secondary')],
    [intensity.barsPrimary, channelIntensity('--fx-glow-bars-primary')],
    [intensity.barsSecondary, channelIntensity('--fx-glow-bars-secondary')],
    [intensity.flood, channelIntensity('--fx-glow-flood')],
    [intensity.display, channelIntensity('--fx-glow-display')],
    // Luminance: backlit text moves towards the theme's lit colour (contrast-tested at every step).
    ['--ink-default', `color-mix(in srgb, var(--color-fg-default), var(--color-fg-lit) calc(var(${intensity.textPrimary}) * 100%))`],
    ['--ink-strong', `color-mix(in srgb, var(--color-fg-strong), var(--color-fg-lit) calc(var(${intensity.textPrimary}) * 100%))`],
    ['--ink-muted', `color-mix(in srgb, var(--color-fg-muted), var(--color-fg-lit) calc(var(${intensity.textSecondary}) * 100%))`],
    ['--glow-text-primary', glowShadowList({ intensity: intensity.textPrimary, reference: 2, peakPercent: 85 }, 'text')],
    ['--glow-text-secondary', glowShadowList({ intensity: intensity.textSecondary, reference: 2, peakPercent: 70 }, 'text')],
    // Region borders: light spreads outwards through the 18px gutter.
    ['--glow-bars-primary', glowShadowList({ intensity: intensity.barsPrimary, reference: 3, peakPercent: 90 }, 'box')],
    ['--bars-primary-edge', `color-mix(in srgb, var(--color-border-default), var(--color-glow) calc(var(${intensity.barsPrimary}) * 85%))`],
    // Card borders: light spreads outwards into the region's face.
    ['--glow-bars-secondary', glowShadowList({ intensity: intensity.barsSecondary, reference: 2, peakPercent: 75 }, 'box')],
    ['--bars-secondary-edge', `color-mix(in srgb, var(--color-border-default), var(--color-glow) calc(var(${intensity.barsSecondary}) * 75%))`],
    // Displays light themselves from inside; their text picks up a little of the same light.
    ['--glow-display', glowShadowList({ intensity: intensity.display, reference: 4, peakPercent: 45 }, 'inset')],
    ['--glow-display-text', glowShadowList({ intensity: intensity.display, reference: 2, peakPercent: 60 }, 'text')],
    ['--display-backlight', `color-mix(in srgb, var(--color-code-bg), var(--color-glow) calc(var(${intensity.display}) * 9%))`],
    // Flood: an ambient wash, brightest in the middle of the page and of each face.
    [
      '--flood-wash',
      `radial-gradient(ellipse 75% 65% at 50% 45%, ${alphaMix(intensity.flood, 30)}, transparent 72%)`,
    ],
    ['--flood-face', `radial-gradient(ellipse 90% 120% at 50% 0%, ${alphaMix(intensity.flood, 12)}, transparent 70%)`],
  ];
}

export function illuminationLayer(): string {
  const body = illuminationDeclarations()
    .map(([name, value]) => `    ${name}: ${value};`)
    .join('\n');
  return `@layer tokens.illumination {\n  [data-system-theme] {\n${body}\n  }\n}`;
}
