/**
 * The overhead lighting panel in the header: switches and dimmer knobs bound to the store, and
 * the `fx.*` tokens written on <html> (the last step of the token precedence). Every change of
 * state is rendered back into the controls, so what the panel shows is what the store holds.
 */
import { attachKnob, renderKnob } from '../components/knob';
import type { CockpitState, DimmerPath, SwitchPath } from '../state/schema';
import { dimmerPaths, switchPaths } from '../state/schema';
import type { Store } from '../state/store';
import { cssVariableName, effectTokenNames } from '../theme/tokens';
import { effectTokens, type IlluminationState } from './physics';

function readPath(illumination: IlluminationState, path: string): boolean | number {
  const [group, field] = path.split('.') as [keyof IlluminationState, string];
  return (illumination[group] as Record<string, boolean | number>)[field] ?? 0;
}

export function renderIllumination(state: CockpitState): void {
  const root = document.documentElement;
  const tokens = effectTokens(state.illumination);
  for (const token of effectTokenNames) root.style.setProperty(cssVariableName(token), String(tokens[token]));
  root.dataset['illuminationMaster'] = state.illumination.master.on ? 'on' : 'off';
  for (const path of switchPaths) {
    document
      .querySelector(`[data-switch="${path}"]`)
      ?.setAttribute('aria-checked', String(readPath(state.illumination, path)));
  }
  for (const path of dimmerPaths) {
    const value = Number(readPath(state.illumination, path));
    const knob = document.querySelector<HTMLElement>(`[data-dimmer="${path}"]`);
    if (knob) renderKnob(knob, value);
    const readout = document.querySelector(`[data-dimmer-value="${path}"]`);
    if (readout) readout.textContent = value.toFixed(2);
  }
}

export function attachIlluminationPanel(store: Store): void {
  for (const path of switchPaths) {
    document.querySelector(`[data-switch="${path}"]`)?.addEventListener('click', () =>
      store.dispatch({ type: 'set-switch', path: path as SwitchPath, on: !readPath(store.getState().illumination, path) }),
    );
  }
  for (const path of dimmerPaths) {
    const knob = document.querySelector<HTMLElement>(`[data-dimmer="${path}"]`);
    if (!knob) continue;
    attachKnob(
      knob,
      () => Number(readPath(store.getState().illumination, path)),
      (value) => store.dispatch({ type: 'set-dimmer', path: path as DimmerPath, value }),
    );
  }
}
