import {
  clampDimmer,
  defaultIllumination,
  effectTokens,
  effectiveIntensity,
  glowLayers,
  inverseSquareFalloff,
  type IlluminationState,
} from './physics';

describe('illumination physics', () => {
  describe('with the PRD default switch positions', () => {
    const state = defaultIllumination();

    it('has master off with its dimmer at max and every channel on at max', () => {
      expect(state.master).toEqual({ on: false, dimmer: 1 });
      expect(state.text).toEqual({ primaryOn: true, secondaryOn: true, dimmer: 1 });
      expect(state.bars).toEqual({ primaryOn: true, secondaryOn: true, dimmer: 1 });
      expect(state.flood).toEqual({ on: true, dimmer: 1 });
      expect(state.display).toEqual({ on: true, dimmer: 1 });
    });

    it('emits no light anywhere because the master switch is off', () => {
      for (const channel of ['fx.glow.text.primary', 'fx.glow.bars.secondary', 'fx.glow.flood', 'fx.glow.display'] as const) {
        expect(effectiveIntensity(state, 'dark', channel)).toBe(0);
      }
    });
  });

  describe('when the master switch is on', () => {
    const state: IlluminationState = { ...defaultIllumination(), master: { on: true, dimmer: 0.5 } };

    it('scales every channel by the master dimmer and caps light mode at 0.6', () => {
      expect(effectiveIntensity(state, 'dark', 'fx.glow.bars.primary')).toBeCloseTo(0.5);
      expect(effectiveIntensity(state, 'light', 'fx.glow.bars.primary')).toBeCloseTo(0.3);
    });

    it('switches a channel off without touching the others', () => {
      const textOff = { ...state, text: { ...state.text, primaryOn: false } };
      const tokens = effectTokens(textOff);
      expect(tokens['fx.glow.text.primary']).toBe(0);
      expect(tokens['fx.glow.text.secondary']).toBe(1);
      expect(tokens['fx.glow.bars.primary']).toBe(1);
    });

    it('goes completely dark with every channel switched off', () => {
      const allOff: IlluminationState = {
        master: { on: true, dimmer: 1 },
        text: { primaryOn: false, secondaryOn: false, dimmer: 1 },
        bars: { primaryOn: false, secondaryOn: false, dimmer: 1 },
        flood: { on: false, dimmer: 1 },
        display: { on: false, dimmer: 1 },
      };
      const tokens = effectTokens(allOff);
      expect(Object.entries(tokens).filter(([name, value]) => name !== 'fx.master.scale' && value !== 0)).toEqual([]);
    });
  });

  it('keeps dimmers between 0.25 and 1.00 in steps of 0.05', () => {
    expect(clampDimmer(0)).toBe(0.25);
    expect(clampDimmer(2)).toBe(1);
    expect(clampDimmer(0.62)).toBe(0.6);
    expect(clampDimmer(Number.NaN)).toBe(1);
  });

  it('falls off with the inverse square of the distance', () => {
    expect(inverseSquareFalloff(0, 3)).toBe(1);
    // Far from the source, doubling the distance quarters the light.
    expect(inverseSquareFalloff(400, 3) / inverseSquareFalloff(200, 3)).toBeCloseTo(0.25, 3);
    const layers = glowLayers(3);
    expect(layers.map((layer) => layer.radius)).toEqual([3, 6, 12, 24]);
    expect(layers[0]?.weight).toBe(1);
    for (let index = 1; index < layers.length; index += 1) {
      expect(layers[index]?.weight).toBeLessThan(layers[index - 1]?.weight ?? 0);
    }
  });
});
