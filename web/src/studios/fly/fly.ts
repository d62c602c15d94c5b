/**
 * The Flight Studio. Until the agents have earned $2,000 it shows the "No Flight Plan" placard
 * and nothing runs, so activation has nothing to start.
 */
import type { StudioModule } from '../studio';

export const flyStudio: StudioModule = {
  id: 'fly',
  activate(panel) {
    panel.querySelector<HTMLElement>('.fly-placard')?.classList.add('is-powered');
  },
  deactivate(panel) {
    panel.querySelector<HTMLElement>('.fly-placard')?.classList.remove('is-powered');
  },
};
