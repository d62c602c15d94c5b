/**
 * Everything the build derives from TypeScript data: the token stylesheet, the theme buttons,
 * the font faces and the tiny inline boot script. Bundled and called by web/build.mjs.
 */
import { storageKey } from '../state/schema';
import { defaultThemeId, themes } from '../theme/themes';
import { tokenStylesheet } from '../theme/stylesheet';

export { tokenStylesheet };

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** One button per theme, each carrying its own theme so the stylesheet draws it in that theme. */
export function themeButtonsMarkup(): string {
  return themes
    .map(
      (theme) =>
        `          <button type="button" class="theme-key" role="radio" aria-checked="false" tabindex="-1"` +
        ` data-theme-choice="${theme.id}" data-system-theme="${theme.id}" data-mode="light"` +
        ` data-idea-light="${escapeAttribute(theme.light.idea)}" data-idea-dark="${escapeAttribute(theme.dark.idea)}"` +
        ` data-tooltip="${escapeAttribute(theme.light.idea)}"><span class="theme-key__lamp" aria-hidden="true"></span>${theme.name}</button>`,
    )
    .join('\n');
}

/** Fonts shipped from @fontsource packages (latin subset only), served from our own origin. */
export const fontFaces: readonly { family: string; file: string; weight: string }[] = [
  { family: 'B612', file: '@fontsource/b612/files/b612-latin-400-normal.woff2', weight: '400' },
  { family: 'B612', file: '@fontsource/b612/files/b612-latin-700-normal.woff2', weight: '700' },
  { family: 'B612 Mono', file: '@fontsource/b612-mono/files/b612-mono-latin-400-normal.woff2', weight: '400' },
  { family: 'VT323', file: '@fontsource/vt323/files/vt323-latin-400-normal.woff2', weight: '400' },
  { family: 'Orbitron Variable', file: '@fontsource-variable/orbitron/files/orbitron-latin-wght-normal.woff2', weight: '400 900' },
  { family: 'Special Elite', file: '@fontsource/special-elite/files/special-elite-latin-400-normal.woff2', weight: '400' },
  { family: 'Caveat Variable', file: '@fontsource-variable/caveat/files/caveat-latin-wght-normal.woff2', weight: '400 700' },
  { family: 'Poiret One', file: '@fontsource/poiret-one/files/poiret-one-latin-400-normal.woff2', weight: '400' },
  { family: 'Cinzel Variable', file: '@fontsource-variable/cinzel/files/cinzel-latin-wght-normal.woff2', weight: '400 900' },
  { family: 'Fredoka Variable', file: '@fontsource-variable/fredoka/files/fredoka-latin-wght-normal.woff2', weight: '300 700' },
];

export function fontFaceStylesheet(): string {
  return fontFaces
    .map(
      (face) =>
        `@font-face { font-family: "${face.family}"; font-style: normal; font-display: swap; font-weight: ${face.weight};` +
        ` src: url("../fonts/${face.file.split('/').pop()}") format("woff2"); }`,
    )
    .join('\n');
}

/**
 * Runs before the first paint: restores this tab's theme, mode, studio and tools, or on a first
 * visit follows `prefers-color-scheme`, so the page never flashes the wrong theme.
 */
export function bootScript(): string {
  const known = JSON.stringify(themes.map((theme) => theme.id));
  return `(function () {
        var root = document.documentElement, saved = null;
        try { saved = JSON.parse(sessionStorage.getItem(${JSON.stringify(storageKey)}) || 'null'); } catch (error) { saved = null; }
        var mode = saved && (saved.mode === 'light' || saved.mode === 'dark') ? saved.mode
          : (window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
        var theme = saved && ${known}.indexOf(saved.systemTheme) >= 0 ? saved.systemTheme : ${JSON.stringify(defaultThemeId)};
        var studio = saved && ['design', 'trade', 'fly'].indexOf(saved.studio) >= 0 ? saved.studio : 'design';
        root.setAttribute('data-system-theme', theme);
        root.setAttribute('data-mode', mode);
        root.setAttribute('data-studio', studio);
      })();`;
}
