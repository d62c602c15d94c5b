/**
 * Which token pairs must meet which WCAG AA ratio. Text pairs need 4.5:1; lamps, focus rings
 * and other non-text indicators need 3:1. State colours appear as text only inside displays
 * (`color.code.bg`), and as lamps always set in a housing of that same display colour, so their
 * one requirement is against `color.code.bg`. The list is data so the unit test (tokens) and the
 * browser test (computed styles) check the same promises.
 */
import { contrastRatio, mixColors, wcagAaNonText, wcagAaText } from './contrast';
import type { ColorTokenName, Palette } from './tokens';

export interface ContrastRequirement {
  foreground: ColorTokenName;
  background: ColorTokenName;
  minimum: number;
  purpose: string;
}

const stateTokens: ColorTokenName[] = [
  'color.state.success',
  'color.state.warning',
  'color.state.error',
  'color.state.info',
];

export const contrastRequirements: readonly ContrastRequirement[] = [
  ...(['color.fg.default', 'color.fg.strong', 'color.fg.muted', 'color.fg.lit', 'color.link.default', 'color.link.visited'] as const).map(
    (foreground): ContrastRequirement => ({
      foreground,
      background: 'color.bg.surface',
      minimum: wcagAaText,
      purpose: 'text on region and card faces',
    }),
  ),
  { foreground: 'color.fg.on-brand', background: 'color.bg.brand', minimum: wcagAaText, purpose: 'text on brand buttons' },
  { foreground: 'color.code.fg', background: 'color.code.bg', minimum: wcagAaText, purpose: 'text in displays and logs' },
  { foreground: 'color.fg.default', background: 'color.selection.bg', minimum: wcagAaText, purpose: 'selected text' },
  ...stateTokens.map(
    (foreground): ContrastRequirement => ({
      foreground,
      background: 'color.code.bg',
      minimum: wcagAaText,
      purpose: 'state messages inside displays',
    }),
  ),
  { foreground: 'color.border.focus', background: 'color.bg.surface', minimum: wcagAaNonText, purpose: 'focus ring' },
];

export interface ContrastFailure extends ContrastRequirement {
  ratio: number;
}

/** Illumination brightens text by mixing it towards `color.fg.lit`; every step must stay AA. */
export const illuminationMixSteps = [0, 0.25, 0.5, 0.75, 1] as const;

export function contrastFailures(palette: Palette): ContrastFailure[] {
  const failures: ContrastFailure[] = [];
  for (const requirement of contrastRequirements) {
    const ratio = contrastRatio(palette[requirement.foreground], palette[requirement.background]);
    if (ratio < requirement.minimum) failures.push({ ...requirement, ratio });
  }
  for (const text of ['color.fg.default', 'color.fg.muted'] as const) {
    for (const step of illuminationMixSteps) {
      const lit = mixColors(palette[text], palette['color.fg.lit'], step);
      const ratio = contrastRatio(lit, palette['color.bg.surface']);
      if (ratio < wcagAaText) {
        failures.push({
          foreground: text,
          background: 'color.bg.surface',
          minimum: wcagAaText,
          purpose: `backlit text at ${step}`,
          ratio,
        });
      }
    }
  }
  return failures;
}
