/**
 * The three instrument gauges of the Design Studio. The dial is drawn once (ticks and numbers of
 * its real scale); readings move the needle. A gauge without an API parks its needle on the stop
 * pin and reads "not available".
 */
import { batteryReading, browserConnection, currentHeap, downlinkReading, memoryReading, openBattery, type Reading } from './sensors';

const svgNamespace = 'http://www.w3.org/2000/svg';
export const needleRestDegrees = -132;
const sweepStart = -120;
const sweepEnd = 120;

interface Scale {
  labels: string[];
  unit: string;
}

const scales: Record<string, Scale> = {
  battery: { labels: ['0', '25', '50', '75', '100'], unit: '%' },
  downlink: { labels: ['0', '2', '4', '6', '8', '10'], unit: 'Mbps' },
  memory: { labels: ['0', '25', '50', '75', '100'], unit: '% heap' },
};

export function needleAngle(fraction: number): number {
  return sweepStart + Math.min(1, Math.max(0, fraction)) * (sweepEnd - sweepStart);
}

function polar(angleDegrees: number, radius: number): [number, number] {
  const radians = ((angleDegrees - 90) * Math.PI) / 180;
  return [60 + radius * Math.cos(radians), 60 + radius * Math.sin(radians)];
}

function drawScale(gauge: HTMLElement, scale: Scale): void {
  const group = gauge.querySelector('[data-gauge-scale]');
  if (!group || group.childElementCount > 0) return;
  const majorCount = scale.labels.length - 1;
  const minorPerMajor = 5;
  for (let index = 0; index <= majorCount * minorPerMajor; index += 1) {
    const angle = sweepStart + (index / (majorCount * minorPerMajor)) * (sweepEnd - sweepStart);
    const major = index % minorPerMajor === 0;
    const [x1, y1] = polar(angle, 47);
    const [x2, y2] = polar(angle, major ? 38 : 43);
    const tick = document.createElementNS(svgNamespace, 'line');
    tick.setAttribute('x1', x1.toFixed(2));
    tick.setAttribute('y1', y1.toFixed(2));
    tick.setAttribute('x2', x2.toFixed(2));
    tick.setAttribute('y2', y2.toFixed(2));
    tick.setAttribute('class', major ? 'gauge__tick gauge__tick--major' : 'gauge__tick');
    group.append(tick);
    if (major) {
      const [x, y] = polar(angle, 30);
      const label = document.createElementNS(svgNamespace, 'text');
      label.setAttribute('x', x.toFixed(2));
      label.setAttribute('y', (y + 3).toFixed(2));
      label.setAttribute('text-anchor', 'middle');
      label.setAttribute('class', 'gauge__number');
      label.textContent = scale.labels[index / minorPerMajor] ?? '';
      group.append(label);
    }
  }
  const unit = gauge.querySelector('[data-gauge-unit]');
  if (unit) unit.textContent = scale.unit;
}

export function renderGauge(gauge: HTMLElement, reading: Reading): void {
  gauge.dataset['state'] = reading.available ? 'live' : 'unavailable';
  const needle = gauge.querySelector<SVGGElement>('[data-gauge-needle]');
  if (needle) needle.style.transform = `rotate(${reading.available ? needleAngle(reading.fraction) : needleRestDegrees}deg)`;
  const readout = gauge.querySelector('[data-gauge-readout]');
  if (readout) readout.textContent = reading.readout;
  gauge.dataset['tooltip'] = reading.detail;
}

function setAnnunciator(name: string, reading: Reading): void {
  const cell = document.querySelector<HTMLElement>(`[data-annunciator="${name}"]`);
  if (!cell) return;
  cell.dataset['state'] = reading.available ? 'ok' : 'off';
  cell.dataset['tooltip'] = reading.detail;
}

export function createGauges(panel: HTMLElement) {
  const gauge = (name: string) => panel.querySelector<HTMLElement>(`[data-gauge="${name}"]`);
  for (const [name, scale] of Object.entries(scales)) {
    const element = gauge(name);
    if (element) drawScale(element, scale);
  }
  let memoryTimer: number | undefined;
  let batteryListening = false;
  const connection = browserConnection();

  const showDownlink = (): void => {
    const reading = downlinkReading(connection);
    const element = gauge('downlink');
    if (element) renderGauge(element, reading);
    setAnnunciator('network', reading);
  };
  const showMemory = (): void => {
    const reading = memoryReading(currentHeap());
    const element = gauge('memory');
    if (element) renderGauge(element, reading);
    setAnnunciator('memory', reading);
  };

  return {
    async start(): Promise<void> {
      showDownlink();
      showMemory();
      connection?.addEventListener('change', showDownlink);
      memoryTimer = window.setInterval(showMemory, 2000);
      const battery = await openBattery();
      const showBattery = (): void => {
        const reading = batteryReading(battery);
        const element = gauge('battery');
        if (element) renderGauge(element, reading);
        setAnnunciator('battery', reading);
      };
      showBattery();
      if (battery && !batteryListening) {
        batteryListening = true;
        battery.addEventListener('levelchange', showBattery);
        battery.addEventListener('chargingchange', showBattery);
      }
    },
    stop(): void {
      window.clearInterval(memoryTimer);
      connection?.removeEventListener('change', showDownlink);
    },
  };
}
