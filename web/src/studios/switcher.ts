/**
 * Switches the main region between studios without reloads or routing: the studio radio keys in
 * the nav bar dispatch to the store; this module renders the store's studio. In the Trading
 * Studio the side bars fade out and the main region takes the full width (owner's answer,
 * PRD chapter 7); theme, illumination and tools are untouched by design.
 *
 * The switch itself is synchronous: the new studio is in the page the moment the key is pressed,
 * and its panel fades in with a CSS animation (`.studio.is-entering`). A view transition was used
 * before; its overlay swallows clicks while it runs and its update waits for a rendered frame, so
 * a busy renderer could leave the old studio up after the key was pressed.
 */
import type { CockpitState, Studio } from '../state/schema';
import type { Store } from '../state/store';
import type { StudioModule } from './studio';

function panelFor(studio: Studio): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-studio-panel="${studio}"]`);
}

export function createStudioSwitcher(store: Store, modules: readonly StudioModule[]) {
  let active: Studio | undefined;

  const show = (studio: Studio): void => {
    document.documentElement.dataset['studio'] = studio;
    for (const module of modules) {
      const panel = panelFor(module.id);
      if (!panel) continue;
      panel.hidden = module.id !== studio;
    }
    for (const input of document.querySelectorAll<HTMLInputElement>('[data-studio-choice]')) {
      input.checked = input.value === studio;
    }
  };

  const fadeIn = (panel: HTMLElement): void => {
    panel.classList.remove('is-entering');
    void panel.offsetWidth; // restart the animation when the same panel comes back quickly
    panel.classList.add('is-entering');
    // Animations inside the panel bubble their own animationend: only the panel's fade ends it.
    const ended = (event: AnimationEvent): void => {
      if (event.target !== panel) return;
      panel.classList.remove('is-entering');
      panel.removeEventListener('animationend', ended);
    };
    panel.addEventListener('animationend', ended);
  };

  const render = (state: CockpitState, animate: boolean): void => {
    if (state.studio === active) return;
    const previous = modules.find((module) => module.id === active);
    const next = modules.find((module) => module.id === state.studio);
    const previousPanel = active ? panelFor(active) : null;
    active = state.studio;
    show(state.studio);
    const panel = panelFor(state.studio);
    if (panel && animate) fadeIn(panel);
    // A studio that fails to stop or start must not keep the cockpit in the old studio.
    try {
      if (previous && previousPanel) previous.deactivate(previousPanel);
    } finally {
      if (next && panel) next.activate(panel);
    }
  };

  for (const input of document.querySelectorAll<HTMLInputElement>('[data-studio-choice]')) {
    input.addEventListener('change', () => {
      if (input.checked) store.dispatch({ type: 'select-studio', studio: input.value as Studio });
    });
  }

  return {
    start(): void {
      render(store.getState(), false);
      store.subscribe((state) => render(state, true));
    },
  };
}
