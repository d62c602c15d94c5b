/**
 * Switches the main region between studios without reloads or routing: the studio radio keys in
 * the nav bar dispatch to the store; this module renders the store's studio. In the Trading
 * Studio the side bars fade out and the main region takes the full width (owner's answer,
 * PRD chapter 7); theme, illumination and tools are untouched by design.
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

  const render = (state: CockpitState, animate: boolean): void => {
    if (state.studio === active) return;
    const previous = modules.find((module) => module.id === active);
    const next = modules.find((module) => module.id === state.studio);
    const previousPanel = active ? panelFor(active) : null;
    if (previous && previousPanel) previous.deactivate(previousPanel);
    active = state.studio;
    const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const transitionDocument = document as Document & { startViewTransition?: (update: () => void) => unknown };
    if (animate && !reducedMotion && typeof transitionDocument.startViewTransition === 'function') {
      transitionDocument.startViewTransition(() => show(state.studio));
    } else {
      show(state.studio);
    }
    const panel = panelFor(state.studio);
    if (next && panel) next.activate(panel);
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
