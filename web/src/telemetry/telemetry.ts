/**
 * The Telemetry card in the nav bar: PING (a slow live sparkline of navigator.connection.rtt),
 * SPD (the one allowed made-up figure, "MACH 4.20"), LOAD (this page's real load time) and
 * DAT/TIM (a clock that ticks on the minute).
 */
import { browserConnection } from '../studios/design/sensors';
import { formatDateTime, formatLoadSeconds, millisecondsToNextMinute, sparklinePoints } from './format';

const pingSampleMilliseconds = 2000;
const pingCapacity = 30;

function startClock(clock: HTMLTimeElement): void {
  const tick = (): void => {
    const now = new Date();
    const { date, time } = formatDateTime(now);
    clock.textContent = `${date} ${time}`;
    clock.dateTime = now.toISOString();
    window.setTimeout(tick, millisecondsToNextMinute(now) + 20);
  };
  tick();
}

function showLoadTime(output: HTMLElement): void {
  const measure = (): void => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    if (!navigation || navigation.loadEventEnd <= 0) {
      window.setTimeout(measure, 100);
      return;
    }
    output.textContent = formatLoadSeconds(navigation.loadEventEnd - navigation.startTime);
  };
  if (document.readyState === 'complete') measure();
  else window.addEventListener('load', () => window.setTimeout(measure, 0), { once: true });
}

function startPing(canvas: HTMLCanvasElement, output: HTMLElement): void {
  const connection = browserConnection();
  if (typeof connection?.rtt !== 'number') {
    output.textContent = 'n/a';
    output.parentElement?.setAttribute('data-tooltip', 'navigator.connection.rtt is not available in this browser');
    return;
  }
  const samples: number[] = [];
  const context = canvas.getContext('2d');
  const draw = (): void => {
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 64;
    const height = canvas.clientHeight || 14;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const color = getComputedStyle(canvas).color;
    context.strokeStyle = color;
    context.lineWidth = 1.25;
    context.beginPath();
    sparklinePoints(samples, width, height, pingCapacity).forEach(([x, y], index) =>
      index === 0 ? context.moveTo(x, y) : context.lineTo(x, y),
    );
    context.stroke();
  };
  const sample = (): void => {
    const rtt = connection.rtt ?? 0;
    samples.push(rtt);
    if (samples.length > pingCapacity) samples.shift();
    output.textContent = `${rtt}ms`;
    draw();
  };
  sample();
  window.setInterval(sample, pingSampleMilliseconds);
  connection.addEventListener('change', sample);
}

export function startTelemetry(): void {
  const clock = document.querySelector<HTMLTimeElement>('[data-telemetry="clock"]');
  if (clock) startClock(clock);
  const load = document.querySelector<HTMLElement>('[data-telemetry="load"]');
  if (load) showLoadTime(load);
  const canvas = document.querySelector<HTMLCanvasElement>('[data-telemetry="ping-sparkline"]');
  const ping = document.querySelector<HTMLElement>('[data-telemetry="ping"]');
  if (canvas && ping) startPing(canvas, ping);
}
