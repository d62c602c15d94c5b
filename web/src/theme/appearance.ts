/**
 * Keeps the document in step with the theme and mode in the store: the runtime selectors on
 * <html>, the Light/Dark keys, the DAY/NVG rocker (the same circuit), and the theme buttons, which
 * are always drawn in the current mode of their own theme.
 */
import { attachRadioGroup, renderRadioGroup } from '../components/radio-group';
import type { Store } from '../state/store';
import type { CockpitState } from '../state/schema';
import { findTheme } from './themes';
import type { Mode } from './tokens';

export const modeNames: Record<Mode, string> = { light: 'Light (Day)', dark: 'Dark (NVG)' };

function themeButtons(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-theme-choice]')];
}

function modeButtons(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-mode-choice]')];
}

export function renderAppearance(state: CockpitState): void {
  const root = document.documentElement;
  root.dataset['systemTheme'] = state.systemTheme;
  root.dataset['mode'] = state.mode;
  for (const button of themeButtons()) {
    button.dataset['mode'] = state.mode;
    button.dataset['tooltip'] = button.dataset[state.mode === 'light' ? 'ideaLight' : 'ideaDark'] ?? '';
  }
  renderRadioGroup(themeButtons(), (button) => button.dataset['themeChoice'] === state.systemTheme);
  renderRadioGroup(modeButtons(), (button) => button.dataset['modeChoice'] === state.mode);
  const rocker = document.querySelector<HTMLElement>('[data-control="night-vision"]');
  rocker?.setAttribute('aria-checked', String(state.mode === 'dark'));
  const theme = findTheme(state.systemTheme);
  for (const element of document.querySelectorAll('[data-active-theme-name]')) element.textContent = theme?.name ?? '';
  for (const element of document.querySelectorAll('[data-active-mode-name]')) element.textContent = modeNames[state.mode];
}

export function attachAppearanceControls(store: Store): void {
  attachRadioGroup(themeButtons(), (button) =>
    store.dispatch({ type: 'select-theme', systemTheme: button.dataset['themeChoice'] ?? '' }),
  );
  attachRadioGroup(modeButtons(), (button) =>
    store.dispatch({ type: 'select-mode', mode: button.dataset['modeChoice'] === 'dark' ? 'dark' : 'light' }),
  );
  document.querySelector('[data-control="night-vision"]')?.addEventListener('click', () =>
    store.dispatch({ type: 'select-mode', mode: store.getState().mode === 'dark' ? 'light' : 'dark' }),
  );
}
