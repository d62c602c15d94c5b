/**
 * The lighting model of the Illumination panel, as pure functions.
 *
 * Channels: MASTER scales everything; TEXT (primary, secondary), BARS (primary = region borders
 * spreading into the gutter, secondary = card borders spreading into the regions), FLOOD (an
 * ambient wash) and DISPLAY (self-lit windows). Each switch is on/off; each dimmer is 0.25..1.00.
 *
 * Intensity of a channel = master switch × master dimmer × mode cap × channel switch × channel
 * dimmer. The mode cap (0.6 in light mode, 1.0 in dark) is applied by the stylesheet's mode layer;
 * everything before it is what the runtime writes as the `fx.*` tokens.
 *
 * Glow spread follows an inverse-square falloff: light at distance d from a source of intensity I
 * is I / (1 + (d / d0)²). CSS cannot draw that curve directly, so each glow is a stack of shadows
 * sampled at d0, 2·d0, 4·d0, 8·d0 whose alphas follow the curve; stacked shadows add up, so the
 * effects of several channels on one element are combined in one list rather than overriding.
 */
import { modeIntensityCap, type EffectTokenName, type Mode } from '../theme/tokens';

export const dimmerMinimum = 0.25;
export const dimmerMaximum = 1;

export interface IlluminationState {
  master: { on: boolean; dimmer: number };
  text: { primaryOn: boolean; secondaryOn: boolean; dimmer: number };
  bars: { primaryOn: boolean; secondaryOn: boolean; dimmer: number };
  flood: { on: boolean; dimmer: number };
  display: { on: boolean; dimmer: number };
}

/** The PRD's default switch positions. */
export function defaultIllumination(): IlluminationState {
  return {
    master: { on: false, dimmer: dimmerMaximum },
    text: { primaryOn: true, secondaryOn: true, dimmer: dimmerMaximum },
    bars: { primaryOn: true, secondaryOn: true, dimmer: dimmerMaximum },
    flood: { on: true, dimmer: dimmerMaximum },
    display: { on: true, dimmer: dimmerMaximum },
  };
}

/** Dimmers move in steps of 0.05 between 0.25 and 1.00. */
export function clampDimmer(value: number): number {
  if (!Number.isFinite(value)) return dimmerMaximum;
  const stepped = Math.round(value * 20) / 20;
  return Math.min(dimmerMaximum, Math.max(dimmerMinimum, stepped));
}

/** The `fx.*` token values the runtime writes; the mode cap is applied later, in CSS. */
export function effectTokens(state: IlluminationState): Record<EffectTokenName, number> {
  const level = (on: boolean, dimmer: number): number => (on ? clampDimmer(dimmer) : 0);
  return {
    'fx.master.scale': level(state.master.on, state.master.dimmer),
    'fx.glow.text.primary': level(state.text.primaryOn, state.text.dimmer),
    'fx.glow.text.secondary': level(state.text.secondaryOn, state.text.dimmer),
    'fx.glow.bars.primary': level(state.bars.primaryOn, state.bars.dimmer),
    'fx.glow.bars.secondary': level(state.bars.secondaryOn, state.bars.dimmer),
    'fx.glow.flood': level(state.flood.on, state.flood.dimmer),
    'fx.glow.display': level(state.display.on, state.display.dimmer),
  };
}

export type Channel = Exclude<EffectTokenName, 'fx.master.scale'>;

/** What a channel finally emits: the same product the stylesheet computes. */
export function effectiveIntensity(state: IlluminationState, mode: Mode, channel: Channel): number {
  const tokens = effectTokens(state);
  return tokens['fx.master.scale'] * modeIntensityCap[mode] * tokens[channel];
}

/** Relative light at distance `distance` from a source, with reference distance `reference`. */
export function inverseSquareFalloff(distance: number, reference: number): number {
  return 1 / (1 + (distance / reference) ** 2);
}

export interface GlowLayer {
  /** Blur radius in CSS pixels: how far this sample of the glow reaches. */
  radius: number;
  /** Share of the channel's peak alpha at that radius. */
  weight: number;
}

/**
 * Samples the falloff at d0, 2·d0, 4·d0, … and normalises so the nearest sample has weight 1.
 */
export function glowLayers(reference: number, count = 4): GlowLayer[] {
  const nearest = inverseSquareFalloff(reference, reference);
  return Array.from({ length: count }, (_, index) => {
    const radius = reference * 2 ** index;
    return { radius, weight: inverseSquareFalloff(radius, reference) / nearest };
  });
}
