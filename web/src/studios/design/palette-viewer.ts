/**
 * The palette viewer: one swatch per colour token of the active theme and mode, read back from
 * the computed custom properties, so it shows what the stylesheet really applied. A swatch copies
 * its hex value to the clipboard.
 */
import { findTheme } from '../../theme/themes';
import { colorTokenNames, cssVariableName } from '../../theme/tokens';
import type { CockpitState } from '../../state/schema';

export function shortTokenLabel(token: string): string {
  return token
    .replace(/^color\./, '')
    .replace(/^(bg|fg|state)\./, '')
    .replace('.', ' ')
    .replace('default', '')
    .trim();
}

export function createPaletteViewer(grid: HTMLElement, caption: HTMLElement | null) {
  const swatches = colorTokenNames.map((token) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'swatch';
    button.dataset['token'] = token;
    const chip = document.createElement('span');
    chip.className = 'swatch__chip';
    chip.style.background = `var(${cssVariableName(token)})`;
    const name = document.createElement('span');
    name.className = 'swatch__name';
    name.textContent = shortTokenLabel(token);
    const value = document.createElement('span');
    value.className = 'swatch__value';
    button.append(chip, name, value);
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(value.textContent ?? '');
        button.dataset['copied'] = 'true';
        window.setTimeout(() => delete button.dataset['copied'], 1200);
      } catch {
        console.warn(`Clipboard unavailable: could not copy ${token}`);
      }
    });
    item.append(button);
    return { token, button, value };
  });
  grid.replaceChildren(...swatches.map((swatch) => swatch.button.parentElement as HTMLElement));

  return {
    render(state: CockpitState): void {
      const computed = getComputedStyle(document.documentElement);
      for (const swatch of swatches) {
        const hex = computed.getPropertyValue(cssVariableName(swatch.token)).trim();
        swatch.value.textContent = hex;
        swatch.button.setAttribute('aria-label', `${swatch.token} ${hex}: copy`);
        swatch.button.dataset['tooltip'] = `${swatch.token} ${hex} — click to copy`;
      }
      const theme = findTheme(state.systemTheme);
      if (caption && theme) caption.textContent = `${theme.name} · ${state.mode} — ${theme[state.mode].idea}`;
    },
  };
}
