/**
 * The exposure gauge: a needle from 0 to 100 % of (money in open positions) over (that money plus
 * cash). The amber arc past 75 % is where a hard stop (balance under $5) gets close.
 */
import { exposureOf } from '../trading/model/exposure';
import { formatUsd } from '../trading/money';
import type { TradingSession } from '../trading/session/session';
import type { TradingState } from '../trading/session/state';

const svgNamespace = 'http://www.w3.org/2000/svg';

export function createExposureGauge(container: HTMLElement, session: TradingSession): void {
  const meter = container.querySelector<SVGSVGElement>('[data-exposure-meter]');
  const needle = container.querySelector<SVGGElement>('[data-exposure-needle]');
  const readout = container.querySelector<HTMLElement>('[data-exposure-readout]');
  const ticks = container.querySelector<SVGGElement>('[data-exposure-ticks]');
  if (!meter || !needle || !readout) return;
  if (ticks) {
    for (let step = 0; step <= 4; step += 1) {
      const angle = Math.PI * (1 - step / 4);
      const line = document.createElementNS(svgNamespace, 'line');
      line.setAttribute('x1', String(50 + 34 * Math.cos(angle)));
      line.setAttribute('y1', String(52 - 34 * Math.sin(angle)));
      line.setAttribute('x2', String(50 + 29 * Math.cos(angle)));
      line.setAttribute('y2', String(52 - 29 * Math.sin(angle)));
      ticks.append(line);
    }
  }

  const render = (state: TradingState): void => {
    const reading = exposureOf(state.positions, state.balance?.balance ?? null);
    const percent = reading.permille === null ? 0 : reading.permille / 10;
    needle.style.setProperty('--needle-angle', `${-90 + (percent / 100) * 180}deg`);
    meter.setAttribute('aria-valuenow', percent.toFixed(1));
    if (reading.cash === null) {
      readout.textContent = 'no data';
      meter.setAttribute('aria-valuetext', 'no balance yet');
      return;
    }
    const text = `${formatUsd(reading.exposure)} · ${percent.toFixed(1)}%`;
    readout.textContent = text;
    readout.title = `${formatUsd(reading.exposure)} in ${reading.markets} market${reading.markets === 1 ? '' : 's'}; cash ${formatUsd(reading.cash)}`;
    meter.setAttribute('aria-valuetext', `${text} of money in positions`);
  };
  session.subscribe(['positions', 'balance'], render);
  render(session.getState());
}
