/**
 * What every studio module provides. Only the main region changes between studios; a studio is
 * told when it becomes visible (start its timers and feeds) and when it is hidden (stop them).
 */
import type { Studio } from '../state/schema';

export interface StudioModule {
  id: Studio;
  activate(panel: HTMLElement): void;
  deactivate(panel: HTMLElement): void;
}
