/**
 * Decisions per minute, per agent: thirty one-minute bars (trades lit, holds dim) and the last
 * full minute's count. How busy each agent is, at a glance; a silent agent shows a flat strip.
 */
import { decisionMinutes, rateSummary } from '../trading/model/decision-rate';
import type { TradingSession } from '../trading/session/session';
import type { TradingState } from '../trading/session/state';

const svgNamespace = 'http://www.w3.org/2000/svg';
const minutes = 30;
const barWidth = 3;
const barGap = 1;
const height = 17;

function rect(x: number, y: number, width: number, barHeight: number, className: string): SVGRectElement {
  const element = document.createElementNS(svgNamespace, 'rect');
  element.setAttribute('x', String(x));
  element.setAttribute('y', String(y));
  element.setAttribute('width', String(width));
  element.setAttribute('height', String(barHeight));
  element.setAttribute('class', className);
  return element;
}

export function createDecisionStrips(container: HTMLElement, session: TradingSession): void {
  const render = (state: TradingState): void => {
    const now = Date.now();
    const agents = state.agents.slice(0, 3);
    if (agents.length === 0) {
      container.textContent = 'no agents yet';
      return;
    }
    container.replaceChildren(
      ...agents.map((agent) => {
        const buckets = decisionMinutes(state.decisions, agent.agent_id, minutes, now, state.decisionsSince);
        const { lastMinute, peak } = rateSummary(buckets);
        const row = document.createElement('div');
        row.className = 'decision-strip';
        row.dataset['agent'] = agent.agent_id;
        const label = document.createElement('span');
        label.className = 'decision-strip__name';
        label.textContent = agent.agent_name.slice(0, 4).toUpperCase();
        const svg = document.createElementNS(svgNamespace, 'svg');
        svg.setAttribute('class', 'decision-strip__bars');
        svg.setAttribute('viewBox', `0 0 ${minutes * (barWidth + barGap)} ${height}`);
        svg.setAttribute('preserveAspectRatio', 'none');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', `${agent.agent_name}: ${lastMinute} decisions in the last full minute`);
        const floor = document.createElementNS(svgNamespace, 'line');
        floor.setAttribute('x1', '0');
        floor.setAttribute('x2', String(minutes * (barWidth + barGap)));
        floor.setAttribute('y1', String(height - 0.5));
        floor.setAttribute('y2', String(height - 0.5));
        floor.setAttribute('class', 'decision-strip__floor');
        svg.append(floor);
        buckets.forEach((bucket, index) => {
          const x = index * (barWidth + barGap);
          if (!bucket.known) {
            svg.append(rect(x, 0, barWidth, height, 'decision-strip__unknown'));
            return;
          }
          const holds = ((bucket.holds / peak) * (height - 1));
          const actions = ((bucket.actions / peak) * (height - 1));
          if (holds > 0) svg.append(rect(x, height - 1 - holds, barWidth, holds, 'decision-strip__bar decision-strip__bar--hold'));
          if (actions > 0) svg.append(rect(x, height - 1 - holds - actions, barWidth, actions, 'decision-strip__bar'));
        });
        const rate = document.createElement('span');
        rate.className = 'decision-strip__rate';
        rate.textContent = `${lastMinute}/m`;
        row.append(label, svg, rate);
        return row;
      }),
    );
  };
  session.subscribe(['decisions', 'agents'], render);
  window.setInterval(() => render(session.getState()), 5000);
  render(session.getState());
}
