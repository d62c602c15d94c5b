/**
 * The Trading Studio. Until the active environment has API keys it shows "No data" and the ISS
 * live feed; then the market board (category navigation, series cards, approval cards) takes the
 * stage with a glow spike. The feed and the board only run while the studio is visible.
 */
import { engage } from '../../components/engage';
import type { TradingSession } from '../../trading/session/session';
import type { StudioModule } from '../studio';
import { createIssFeed } from './iss-feed';
import { createMarketBoard } from './market-board';

export function createTradeStudio(panel: HTMLElement, session: TradingSession): StudioModule {
  const feedWindow = panel.querySelector<HTMLElement>('[data-iss-window]');
  const status = panel.querySelector<HTMLElement>('[data-iss-state]');
  const boardElement = panel.querySelector<HTMLElement>('[data-market-board]');
  const feed = feedWindow && status ? createIssFeed(feedWindow, status, panel.querySelector<HTMLElement>('[data-iss-status-line]')) : undefined;
  const board = boardElement ? createMarketBoard(boardElement, session) : undefined;
  let active = false;
  let engaged = false;

  const render = (): void => {
    const now = session.getState().system?.api_keys_loaded === true;
    const changed = now !== engaged;
    engaged = now;
    engage(panel, engaged);
    if (!changed || !active) return;
    if (engaged) {
      feed?.stop();
      board?.visible(true);
    } else {
      board?.visible(false);
      feed?.start();
    }
  };

  session.subscribe(['system'], render);
  render();

  return {
    id: 'trade',
    activate() {
      active = true;
      if (engaged) board?.visible(true);
      else feed?.start();
    },
    deactivate() {
      active = false;
      feed?.stop();
      board?.visible(false);
    },
  };
}
