/**
 * The Hangar Bay's status row: the Demo/Live environment switch (Live asks for confirmation: real
 * money), the reconciliation light (working, clean, or amber with the discrepancies in its
 * tooltip) and the SIM tag when the exchange is the simulator.
 */
import { confirmAction } from '../components/confirm';
import type { Environment, Reconciliation } from '../trading/api/schemas';
import type { TradingSession } from '../trading/session/session';
import type { TradingState } from '../trading/session/state';
import type { Announce } from './keys-card';

export type ReconciliationLight = 'none' | 'running' | 'clean' | 'discrepancies' | 'error';

/** What the light shows and what its tooltip says. Pure. */
export function reconciliationReading(cycle: Reconciliation | null): { light: ReconciliationLight; text: string } {
  if (!cycle) return { light: 'none', text: 'Reconciliation: no cycle has run yet' };
  if (cycle.running) return { light: 'running', text: `Reconciliation running (${cycle.trigger}) since ${new Date(cycle.started_at).toLocaleTimeString()}` };
  if (cycle.error) return { light: 'error', text: `Reconciliation failed: ${cycle.error}` };
  const finished = cycle.completed_at ? new Date(cycle.completed_at).toLocaleTimeString() : '?';
  if (cycle.clean) return { light: 'clean', text: `Reconciliation clean at ${finished}: orders, fills and positions match the exchange` };
  const lines = cycle.summary?.length
    ? cycle.summary
    : Object.entries(cycle.by_kind ?? {}).map(([kind, count]) => `${count} × ${kind}`);
  const count = cycle.discrepancies ?? lines.length;
  const detail = lines.length > 0 ? `: ${lines.join('; ')}` : ' (the list arrives with the next cycle’s event)';
  return { light: 'discrepancies', text: `Reconciliation at ${finished} found ${count} discrepanc${count === 1 ? 'y' : 'ies'}, the exchange's version adopted${detail}` };
}

export function createBayStatus(card: HTMLElement, session: TradingSession, announce: Announce, dialog: HTMLDialogElement | null): void {
  const switchRow = card.querySelector<HTMLElement>('[data-environment-switch]');
  const keys = [...card.querySelectorAll<HTMLButtonElement>('[data-environment-choice]')];
  const indicator = card.querySelector<HTMLElement>('[data-reconciliation-indicator]');
  const lamp = indicator?.querySelector<HTMLElement>('.lamp');
  const simulated = card.querySelector<HTMLElement>('[data-simulated-tag]');
  let switching = false;

  const render = (state: TradingState): void => {
    if (switchRow) switchRow.hidden = state.system?.api_keys_loaded !== true;
    for (const key of keys) {
      const environment = key.dataset['environmentChoice'] as Environment;
      key.setAttribute('aria-checked', String(state.environment === environment));
      key.disabled = switching || !(state.system?.environments.includes(environment) ?? false);
      key.title = key.disabled && !switching ? `${environment} is not served by this stack` : '';
    }
    if (indicator && lamp) {
      const reading = reconciliationReading(state.reconciliation);
      indicator.dataset['state'] = reading.light;
      indicator.dataset['tooltip'] = reading.text;
      indicator.setAttribute('aria-label', reading.text);
      lamp.classList.toggle('lamp--off', reading.light === 'none');
    }
    if (simulated) simulated.hidden = state.system?.simulated !== true;
  };

  for (const key of keys) {
    key.addEventListener('click', () => {
      const environment = key.dataset['environmentChoice'] as Environment;
      if (session.getState().environment === environment || switching) return;
      void (async () => {
        if (environment === 'live' && dialog) {
          const sure = await confirmAction(dialog, 'Trade live?', 'Live trading uses real money on Kalshi. Agents act on the live account under their current modes.', 'Go live');
          if (!sure) return;
        }
        switching = true;
        render(session.getState());
        const result = await session.commands.selectEnvironment(environment);
        switching = false;
        render(session.getState());
        announce(result.ok ? `Switching to ${environment}…` : `Could not switch to ${environment}: ${result.message}`, result.ok ? 'info' : 'error');
      })();
    });
    key.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      const next = keys[(keys.indexOf(key) + 1) % keys.length];
      next?.focus();
    });
  }

  session.subscribe(['system', 'environment', 'reconciliation'], render);
  render(session.getState());
}
