import { tokenStylesheet } from './stylesheet';

describe('the generated token stylesheet', () => {
  const css = tokenStylesheet();

  it('declares the layers in the PRD precedence order', () => {
    expect(css.indexOf('@layer tokens.base, tokens.theme, tokens.mode, tokens.illumination;')).toBeGreaterThanOrEqual(0);
    const positions = ['@layer tokens.base {', '@layer tokens.theme {', '@layer tokens.mode {', '@layer tokens.illumination {'].map(
      (marker) => css.indexOf(marker),
    );
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('gives every theme a light rule and a dark override', () => {
    expect(css).toContain('[data-system-theme="volcano"] {');
    expect(css).toContain('[data-system-theme="volcano"][data-mode="dark"] {');
    expect(css).toContain('--color-bg-canvas: #0a0706;');
  });

  it('defines every required baseline token on the root', () => {
    for (const name of ['--color-selection-bg', '--color-debug-marker', '--fx-master-scale', '--fx-glow-display']) {
      expect(css).toMatch(new RegExp(`:root \\{[^}]*${name}:`));
    }
  });

  it('caps light mode illumination at 0.6 and dark at 1', () => {
    expect(css).toMatch(/\[data-mode="light"\] \{\s*--fx-mode-cap: 0\.6;/);
    expect(css).toMatch(/\[data-mode="dark"\] \{\s*--fx-mode-cap: 1;/);
  });
});
