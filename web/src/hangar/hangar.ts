/**
 * The Hangar Bay: "Connect API Keys to engage" until the active environment has a key pair, then
 * the trading instruments rise with a brief glow spike. Mounts every instrument on the session.
 */
import { engage } from '../components/engage';
import type { TradingSession } from '../trading/session/session';
import { createAgentAccess } from './agent-access';
import { createBayStatus } from './bay-status';
import { createDecisionStrips } from './decision-strips';
import { createExposureGauge } from './exposure-gauge';
import { createKeysCard } from './keys-card';
import { createPnlGraph } from './pnl-graph';

export function mountHangar(session: TradingSession, dialog: HTMLDialogElement | null): void {
  const deck = document.querySelector<HTMLElement>('[data-hangar-deck]');
  const keysCard = document.querySelector<HTMLElement>('[data-card="keys"]');
  if (!deck || !keysCard) return;
  const { announce } = createKeysCard(keysCard, session);
  createBayStatus(keysCard, session, announce, dialog);
  const agentCard = deck.querySelector<HTMLElement>('[data-card="agent-access"]');
  if (agentCard) createAgentAccess(agentCard, session, announce, dialog);
  const pnlCard = deck.querySelector<HTMLElement>('[data-card="pnl"]');
  if (pnlCard) createPnlGraph(pnlCard, session);
  const strips = deck.querySelector<HTMLElement>('[data-decision-strips]');
  if (strips) createDecisionStrips(strips, session);
  const exposure = deck.querySelector<HTMLElement>('[data-exposure]');
  if (exposure) createExposureGauge(exposure, session);
  const render = (): void => engage(deck, session.getState().system?.api_keys_loaded === true);
  session.subscribe(['system'], render);
  render();
}
