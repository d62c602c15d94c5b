/**
 * The Trading Studio. Until API keys connect (next issue) it shows "No data" and the ISS live
 * feed. Markets, series cards and agent approvals will mount into this module.
 */
import type { StudioModule } from '../studio';
import { createIssFeed } from './iss-feed';

let feed: ReturnType<typeof createIssFeed> | undefined;

export const tradeStudio: StudioModule = {
  id: 'trade',
  activate(panel) {
    const feedWindow = panel.querySelector<HTMLElement>('[data-iss-window]');
    const status = panel.querySelector<HTMLElement>('[data-iss-state]');
    if (!feedWindow || !status) return;
    feed ??= createIssFeed(feedWindow, status, panel.querySelector<HTMLElement>('[data-iss-status-line]'));
    feed.start();
  },
  deactivate() {
    feed?.stop();
  },
};
