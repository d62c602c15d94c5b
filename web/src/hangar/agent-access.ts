/**
 * Agent Access: the global permission dial and one telegraph per agent slot (Prime, Peritia, the
 * open 007xe slot), each agent's status read several ways (lifecycle lamp and state, last decision,
 * fills and win rate, P/L), and the kill switch with confirmation. Modes come from
 * `/state/agents`; orders go out as `set_mode` commands.
 */
import { confirmAction } from '../components/confirm';
import type { Agent } from '../trading/api/schemas';
import { formatAgo } from '../trading/clock';
import { formatUsd } from '../trading/money';
import { scoreOf, sharedMode, slotsFor, type AgentSlot } from '../trading/model/agents-view';
import type { TradingSession } from '../trading/session/session';
import { lastDecisionAt, type TradingState } from '../trading/session/state';
import type { Announce } from './keys-card';
import { attachTelegraph, type Telegraph } from './telegraph';

interface Station {
  agentId: string;
  element: HTMLElement;
  telegraph: Telegraph;
  lamp: HTMLElement | null;
  name: HTMLElement | null;
  state: HTMLElement | null;
  score: HTMLElement | null;
  pnl: HTMLElement | null;
}

const displayName = (slot: AgentSlot): string => slot.agent?.agent_name ?? slot.agentId;

export function createAgentAccess(card: HTMLElement, session: TradingSession, announce: Announce, dialog: HTMLDialogElement | null): void {
  const slotsElement = card.querySelector<HTMLElement>('[data-agent-slots]');
  const template = card.querySelector<HTMLTemplateElement>('[data-agent-slot-template]');
  const globalElement = card.querySelector<HTMLElement>('[data-telegraph="all"]');
  const globalReading = card.querySelector<HTMLElement>('[data-global-reading]');
  const killStation = card.querySelector<HTMLElement>('[data-kill-station]');
  const killSwitch = card.querySelector<HTMLButtonElement>('[data-kill-switch]');
  const killCap = killSwitch?.querySelector<HTMLElement>('.kill-switch__cap');
  const tradingText = card.querySelector<HTMLElement>('[data-trading-state-text]');
  const stations = new Map<string, Station>();

  const orderResult = (what: string) => (result: { ok: boolean; message?: string }) => {
    if (!result.ok) announce(`${what} refused: ${result.message ?? ''}`, 'error');
    return result.ok;
  };

  const global = globalElement
    ? attachTelegraph(globalElement, 'All agents', async (mode) => orderResult('All-agents order')(await session.commands.setEveryAgentMode(mode)))
    : undefined;

  const stationFor = (slot: AgentSlot): Station | undefined => {
    const existing = stations.get(slot.agentId);
    if (existing) return existing;
    if (!template || !slotsElement) return undefined;
    const element = (template.content.firstElementChild?.cloneNode(true) ?? null) as HTMLElement | null;
    const telegraphElement = element?.querySelector<HTMLElement>('[data-telegraph]');
    if (!element || !telegraphElement) return undefined;
    element.dataset['agentStation'] = slot.agentId;
    telegraphElement.dataset['telegraph'] = slot.agentId;
    const telegraph = attachTelegraph(telegraphElement, displayName(slot), async (mode) =>
      orderResult(`${displayName(slot)} order`)(await session.commands.setAgentMode(slot.agentId, mode)),
    );
    slotsElement.append(element);
    const station: Station = {
      agentId: slot.agentId,
      element,
      telegraph,
      lamp: element.querySelector('[data-agent-lamp]'),
      name: element.querySelector('[data-agent-name]'),
      state: element.querySelector('[data-agent-state]'),
      score: element.querySelector('[data-agent-score]'),
      pnl: element.querySelector('[data-agent-pnl]'),
    };
    stations.set(slot.agentId, station);
    return station;
  };

  const renderStation = (station: Station, agent: Agent | null, state: TradingState, now: number): void => {
    const online = state.connection.state === 'online';
    station.element.dataset['slot'] = agent ? 'agent' : 'open';
    if (station.name) station.name.textContent = agent?.agent_name ?? station.agentId;
    station.telegraph.show(agent?.mode ?? null, online && agent !== null);
    if (station.lamp) {
      station.lamp.dataset['lifecycle'] = agent?.lifecycle_state ?? 'none';
      station.lamp.classList.toggle('lamp--off', !agent || agent.lifecycle_state === 'STOPPED' || !agent.enabled);
    }
    if (!agent) {
      if (station.state) station.state.textContent = 'open slot';
      if (station.score) station.score.textContent = 'no agent';
      if (station.pnl) station.pnl.textContent = '';
      return;
    }
    const last = lastDecisionAt(agent, state.decisions);
    const lifecycle = agent.enabled ? agent.lifecycle_state : 'DISABLED';
    if (station.state) {
      station.state.textContent = `${lifecycle} · ${last === null ? 'no decision' : formatAgo(now - last)}`;
      station.state.title = agent.state_reason ?? '';
    }
    const score = scoreOf(state.pnl.get(agent.agent_id));
    if (station.score) station.score.textContent = `${score.fills} fills · ${score.winRate === null ? '—' : `${score.winRate}%`} won`;
    if (station.pnl) station.pnl.textContent = score.pnl === null ? 'P/L —' : `P/L ${formatUsd(score.pnl, { signed: true })}`;
  };

  const render = (state: TradingState): void => {
    const now = Date.now();
    const slots = slotsFor(state.agents);
    for (const slot of slots) {
      const station = stationFor(slot);
      if (station) renderStation(station, slot.agent, state, now);
    }
    const mode = sharedMode(state.agents);
    global?.show(mode, state.connection.state === 'online' && state.agents.length > 0);
    if (globalReading) {
      globalReading.textContent = state.agents.length === 0 ? 'no agents yet' : mode === null ? 'modes differ' : `${state.agents.length} agent${state.agents.length === 1 ? '' : 's'}`;
    }
    const enabled = state.system?.global_trading_enabled;
    if (killStation) killStation.dataset['trading'] = enabled === undefined ? 'unknown' : enabled ? 'on' : 'off';
    if (tradingText) tradingText.textContent = enabled === undefined ? 'Trading ?' : enabled ? 'Trading on' : 'Trading off';
    if (killCap) killCap.textContent = enabled === false ? 'Arm' : 'Kill';
    if (killSwitch) {
      const reason = state.system?.trading_disabled_reason;
      killSwitch.setAttribute('aria-label', enabled === false ? `Re-arm trading${reason ? ` (stopped: ${reason})` : ''}` : 'Kill switch: stop all trading now');
      killSwitch.disabled = state.connection.state !== 'online';
    }
  };

  killSwitch?.addEventListener('click', () => {
    const state = session.getState();
    const environment = state.environment ?? 'this environment';
    const enabled = state.system?.global_trading_enabled !== false;
    void (async () => {
      const sure = dialog
        ? enabled
          ? await confirmAction(dialog, 'Kill switch', `Stop all trading in ${environment} now? Pending approvals are cancelled and every resting order is cancelled.`, 'Kill')
          : await confirmAction(dialog, 'Re-arm trading', `Allow trading in ${environment} again? Agents act under their current modes.`, 'Re-arm')
        : false;
      if (!sure) return;
      const result = enabled ? await session.commands.killSwitch() : await session.commands.enableTrading();
      announce(result.ok ? (enabled ? `Kill switch thrown: trading stopped in ${environment}.` : `Trading re-armed in ${environment}.`) : `Kill switch failed: ${result.message}`, result.ok ? (enabled ? 'warning' : 'success') : 'error');
    })();
  });

  session.subscribe(['agents', 'pnl', 'decisions', 'system', 'connection'], render);
  window.setInterval(() => render(session.getState()), 1000);
  render(session.getState());
}
