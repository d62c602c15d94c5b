/**
 * The P/L graph: one coloured step line per agent (and the whole account, dashed) from the P/L
 * series, five x-range keys (24 h … all; a new range is read from the API) and five y-range keys
 * ($10 … all, symmetric around zero). "no data" until a point exists in the range.
 */
import { formatUsd } from '../trading/money';
import { buildChart, rangeStart, xRanges, yRanges, type XRange, type YRange } from '../trading/model/pnl-chart';
import { agentSlots } from '../trading/model/agents-view';
import type { TradingSession } from '../trading/session/session';
import type { TradingState } from '../trading/session/state';
import { renderTinyKeys } from './tiny-keys';

const svgNamespace = 'http://www.w3.org/2000/svg';

export function createPnlGraph(card: HTMLElement, session: TradingSession): void {
  const screen = card.querySelector<HTMLElement>('[data-pnl-screen]');
  const chart = card.querySelector<SVGSVGElement>('[data-pnl-chart]');
  const group = card.querySelector<SVGGElement>('[data-pnl-lines]');
  const empty = card.querySelector<HTMLElement>('[data-pnl-empty]');
  const legend = card.querySelector<HTMLElement>('[data-pnl-legend]');
  const top = card.querySelector<HTMLElement>('[data-pnl-top]');
  const bottom = card.querySelector<HTMLElement>('[data-pnl-bottom]');
  const xKeys = card.querySelector<HTMLElement>('[data-pnl-x-range]');
  const yKeys = card.querySelector<HTMLElement>('[data-pnl-y-range]');
  if (!screen || !chart || !group || !empty || !legend || !top || !bottom || !xKeys || !yKeys) return;
  let xRange: XRange = '24h';
  let yRange: YRange = 'all';

  const agentOrder = (state: TradingState): string[] => {
    const known = [...agentSlots, ...state.agents.map((agent) => agent.agent_id)];
    const withPoints = [...state.pnl.keys()].filter((agentId) => agentId !== 'account');
    return [...new Set([...known, ...withPoints])].filter((agentId) => state.pnl.has(agentId)).concat(state.pnl.has('account') ? ['account'] : []);
  };

  const name = (state: TradingState, agentId: string): string =>
    agentId === 'account' ? 'Account' : (state.agents.find((agent) => agent.agent_id === agentId)?.agent_name ?? agentId);

  const render = (state: TradingState): void => {
    const width = Math.max(1, screen.clientWidth);
    const height = Math.max(1, screen.clientHeight);
    chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const model = buildChart(state.pnl, agentOrder(state), xRange, yRange, Date.now(), width, height);
    group.replaceChildren(
      ...model.lines.map((line) => {
        const path = document.createElementNS(svgNamespace, 'path');
        path.setAttribute('class', 'pnl-line');
        path.setAttribute('d', line.path);
        path.dataset['agent'] = line.agentId;
        path.dataset['points'] = String(line.points);
        return path;
      }),
    );
    empty.hidden = model.lines.length > 0;
    legend.replaceChildren(
      ...model.lines.map((line) => {
        const item = document.createElement('span');
        item.className = 'pnl-card__legend-item';
        item.dataset['agent'] = line.agentId;
        item.textContent = `${name(state, line.agentId)} ${formatUsd(line.last, { signed: true })}`;
        return item;
      }),
    );
    const span = formatUsd(model.span, { wholeDollars: true });
    top.textContent = `+${span}${model.clipped ? ' ▲' : ''}`;
    bottom.textContent = `−${span}`;
    screen.title = state.pnlTruncated ? 'More P/L points exist than were read; the line ends early' : '';
    renderTinyKeys(xKeys, xRanges, xRange, (label) => `Show ${label}`, (id) => {
      xRange = id;
      session.setPnlFrom(rangeStart(id, Date.now()));
      render(session.getState());
    });
    renderTinyKeys(yKeys, yRanges, yRange, (label) => `Scale ${label}`, (id) => {
      yRange = id;
      render(session.getState());
    });
  };

  session.subscribe(['pnl', 'agents'], render);
  // Drawn in the screen's own pixels: redraw when it appears (engagement) or changes size.
  new ResizeObserver(() => render(session.getState())).observe(screen);
  // The right edge is "now": the lines extend as time passes.
  window.setInterval(() => render(session.getState()), 30_000);
  render(session.getState());
}
