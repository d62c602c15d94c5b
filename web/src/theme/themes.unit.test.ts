import { contrastFailures } from './accessibility';
import { contrastRatio, invertColor } from './contrast';
import { themes } from './themes';
import { colorTokenNames, modes, requiredBaselineTokenNames } from './tokens';

describe('the system themes', () => {
  it('are the 22 themes of the PRD table with distinct ids', () => {
    expect(themes).toHaveLength(22);
    expect(new Set(themes.map((theme) => theme.id)).size).toBe(22);
  });

  it('define every colour token as #rrggbb in both modes', () => {
    for (const theme of themes) {
      for (const mode of modes) {
        for (const token of colorTokenNames) {
          expect([theme.id, mode, token, theme[mode].palette[token]]).toEqual([
            theme.id,
            mode,
            token,
            expect.stringMatching(/^#[0-9a-f]{6}$/),
          ]);
        }
      }
    }
  });

  it('cover the PRD required baseline tokens', () => {
    expect(requiredBaselineTokenNames).toHaveLength(25);
  });

  describe.each(themes.flatMap((theme) => modes.map((mode) => [theme.id, mode, theme] as const)))(
    '%s in %s mode',
    (_id, mode, theme) => {
      it('meets WCAG AA for text and indicators on its surfaces', () => {
        const failures = contrastFailures(theme[mode].palette).map(
          (failure) => `${failure.foreground} on ${failure.background} (${failure.purpose}): ${failure.ratio.toFixed(2)} < ${failure.minimum}`,
        );
        expect(failures).toEqual([]);
      });
    },
  );

  it('make Mosaic 1993 dark the exact inverse of Mosaic 1993 light', () => {
    const mosaic = themes.find((theme) => theme.id === 'mosaic-1993');
    for (const token of colorTokenNames) {
      expect(mosaic?.dark.palette[token]).toBe(invertColor(mosaic?.light.palette[token] ?? '#000000'));
    }
  });

  it('keep the USSR cockpit region bodies MiG turquoise at night', () => {
    const ussr = themes.find((theme) => theme.id === 'ussr-cockpit');
    expect(ussr?.dark.palette['color.bg.surface']).toBe('#3d90a2');
  });

  it('give Mosaic 1993 light the teal desktop (0, 128, 128)', () => {
    const mosaic = themes.find((theme) => theme.id === 'mosaic-1993');
    expect(mosaic?.light.palette['color.bg.canvas']).toBe('#008080');
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
  });
});
