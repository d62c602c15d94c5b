/**
 * Three manometers, without numbers or text, on a rounded-triangle plate. Each reads a real
 * quantity of this page as a "pressure" between 0 and 1:
 * - input activity: pointer and key events in the last five seconds (40 fills the dial);
 * - frame pacing: how far the average animation-frame interval is above 60 fps (50 ms late fills it);
 * - page weight: bytes transferred for this page so far (1 MB fills it).
 */
const svgNamespace = 'http://www.w3.org/2000/svg';

export interface Point {
  x: number;
  y: number;
}

/** A closed path through `corners` with each corner rounded by an arc of `radius`. */
export function roundedPolygonPath(corners: readonly Point[], radius: number): string {
  const count = corners.length;
  const parts: string[] = [];
  corners.forEach((corner, index) => {
    const previous = corners[(index + count - 1) % count] as Point;
    const next = corners[(index + 1) % count] as Point;
    const toward = (target: Point): Point => {
      const length = Math.hypot(target.x - corner.x, target.y - corner.y);
      return { x: corner.x + ((target.x - corner.x) / length) * radius, y: corner.y + ((target.y - corner.y) / length) * radius };
    };
    const start = toward(previous);
    const end = toward(next);
    parts.push(`${index === 0 ? 'M' : 'L'} ${start.x.toFixed(2)} ${start.y.toFixed(2)}`);
    parts.push(`Q ${corner.x.toFixed(2)} ${corner.y.toFixed(2)} ${end.x.toFixed(2)} ${end.y.toFixed(2)}`);
  });
  return `${parts.join(' ')} Z`;
}

export const plateCorners: readonly Point[] = [
  { x: 150, y: 10 },
  { x: 292, y: 252 },
  { x: 8, y: 252 },
];

const dialCenters: readonly Point[] = [
  { x: 150, y: 104 },
  { x: 92, y: 196 },
  { x: 208, y: 196 },
];
const dialRadius = 40;
const sweepStart = -135;
const sweepEnd = 90;

function element<Name extends keyof SVGElementTagNameMap>(name: Name, attributes: Record<string, string | number>): SVGElementTagNameMap[Name] {
  const node = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function arcPath(center: Point, radius: number, from: number, to: number): string {
  const point = (angle: number): string => {
    const radians = ((angle - 90) * Math.PI) / 180;
    return `${(center.x + radius * Math.cos(radians)).toFixed(2)} ${(center.y + radius * Math.sin(radians)).toFixed(2)}`;
  };
  return `M ${point(from)} A ${radius} ${radius} 0 ${to - from > 180 ? 1 : 0} 1 ${point(to)}`;
}

export function pressureAngle(pressure: number): number {
  return sweepStart + Math.min(1, Math.max(0, pressure)) * (sweepEnd - sweepStart);
}

export function drawManometerCard(plate: SVGSVGElement): SVGGElement[] {
  plate.setAttribute('viewBox', '0 0 300 262');
  plate.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  const outline = roundedPolygonPath(plateCorners, 26);
  plate.replaceChildren(
    element('path', { d: outline, class: 'manometer-plate__bezel' }),
    element('path', { d: outline, class: 'manometer-plate__face' }),
  );
  return dialCenters.map((center) => {
    const group = element('g', { class: 'manometer' });
    group.append(
      element('circle', { cx: center.x, cy: center.y, r: dialRadius + 5, class: 'manometer__ring' }),
      element('circle', { cx: center.x, cy: center.y, r: dialRadius, class: 'display-face manometer__face' }),
      element('path', { d: arcPath(center, dialRadius - 7, sweepStart, sweepEnd), class: 'manometer__arc' }),
      element('path', { d: arcPath(center, dialRadius - 7, sweepEnd - 45, sweepEnd), class: 'manometer__redline' }),
    );
    for (let index = 0; index <= 15; index += 1) {
      const angle = sweepStart + (index / 15) * (sweepEnd - sweepStart);
      const radians = ((angle - 90) * Math.PI) / 180;
      const inner = dialRadius - (index % 5 === 0 ? 16 : 12);
      group.append(
        element('line', {
          x1: (center.x + (dialRadius - 7) * Math.cos(radians)).toFixed(2),
          y1: (center.y + (dialRadius - 7) * Math.sin(radians)).toFixed(2),
          x2: (center.x + inner * Math.cos(radians)).toFixed(2),
          y2: (center.y + inner * Math.sin(radians)).toFixed(2),
          class: index % 5 === 0 ? 'manometer__tick manometer__tick--major' : 'manometer__tick',
        }),
      );
    }
    const needle = element('g', { class: 'manometer__needle', style: `transform-origin: ${center.x}px ${center.y}px; transform: rotate(${sweepStart}deg)` });
    needle.append(element('path', { d: `M ${center.x - 2} ${center.y + 8} L ${center.x} ${center.y - dialRadius + 9} L ${center.x + 2} ${center.y + 8} Z` }));
    group.append(needle, element('circle', { cx: center.x, cy: center.y, r: 4.5, class: 'manometer__hub' }));
    plate.append(group);
    return needle;
  });
}

export function createManometers(plate: SVGSVGElement) {
  const needles = drawManometerCard(plate);
  const inputTimes: number[] = [];
  const frameIntervals: number[] = [];
  let lastFrame = 0;
  let frameRequest = 0;
  let timer: number | undefined;
  const noteInput = (): void => {
    inputTimes.push(performance.now());
  };

  const frame = (time: number): void => {
    if (lastFrame > 0) frameIntervals.push(time - lastFrame);
    if (frameIntervals.length > 30) frameIntervals.shift();
    lastFrame = time;
    frameRequest = requestAnimationFrame(frame);
  };

  const update = (): void => {
    const now = performance.now();
    while (inputTimes.length > 0 && (inputTimes[0] ?? now) < now - 5000) inputTimes.shift();
    const averageInterval = frameIntervals.reduce((sum, value) => sum + value, 0) / Math.max(1, frameIntervals.length);
    const transferred = performance
      .getEntriesByType('resource')
      .concat(performance.getEntriesByType('navigation'))
      .reduce((sum, entry) => sum + ((entry as PerformanceResourceTiming).transferSize || (entry as PerformanceResourceTiming).encodedBodySize || 0), 0);
    const pressures = [inputTimes.length / 40, frameIntervals.length ? (averageInterval - 1000 / 60) / 50 : 0, transferred / 1048576];
    needles.forEach((needle, index) => {
      needle.style.transform = `rotate(${pressureAngle(pressures[index] ?? 0)}deg)`;
    });
  };

  return {
    start(): void {
      for (const type of ['pointermove', 'pointerdown', 'keydown', 'wheel']) window.addEventListener(type, noteInput, { passive: true });
      lastFrame = 0;
      frameRequest = requestAnimationFrame(frame);
      timer = window.setInterval(update, 500);
      update();
    },
    stop(): void {
      for (const type of ['pointermove', 'pointerdown', 'keydown', 'wheel']) window.removeEventListener(type, noteInput);
      cancelAnimationFrame(frameRequest);
      window.clearInterval(timer);
    },
  };
}
