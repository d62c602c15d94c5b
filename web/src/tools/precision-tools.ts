/**
 * Rulers (top and left, 18px, in the page gutters), the 60×60 grid and region/card outlines.
 * Both rulers and the grid are canvases whose backing store matches device pixels, redrawn on
 * resize and on visualViewport changes. Hovering or focusing a region or card marks its extent
 * on both rulers with its start and end coordinates, which is how the rulers line up with boxes.
 */
import type { CockpitState, Tool } from '../state/schema';
import type { Store } from '../state/store';
import { tools } from '../state/schema';
import { deviceScale, gridLines, rulerSize, rulerTicks, toDevicePixel } from './geometry';

interface Extent {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Colors {
  tick: string;
  background: string;
  edge: string;
  band: string;
  grid: string;
}

function colorsOf(canvas: HTMLCanvasElement): Colors {
  const style = getComputedStyle(canvas);
  return {
    tick: style.color,
    background: style.backgroundColor,
    edge: style.borderTopColor,
    band: style.outlineColor,
    grid: style.textDecorationColor,
  };
}

function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number, scale: number): CanvasRenderingContext2D | null {
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = toDevicePixel(width, scale);
  canvas.height = toDevicePixel(height, scale);
  const context = canvas.getContext('2d');
  context?.setTransform(1, 0, 0, 1, 0, 0);
  return context;
}

function drawRuler(canvas: HTMLCanvasElement, axis: 'top' | 'left', scale: number, extent: Extent | null): void {
  const length = axis === 'top' ? window.innerWidth : window.innerHeight;
  const context = axis === 'top' ? sizeCanvas(canvas, length, rulerSize, scale) : sizeCanvas(canvas, rulerSize, length, scale);
  if (!context) return;
  const colors = colorsOf(canvas);
  const across = toDevicePixel(rulerSize, scale);
  const line = Math.max(1, Math.round(scale));
  // Along the axis: `along` device px; across it: `offset` from the content-facing edge.
  const rect = (along: number, size: number, offset: number, depth: number): void => {
    if (axis === 'top') context.fillRect(along, across - offset - depth, size, depth);
    else context.fillRect(across - offset - depth, along, depth, size);
  };
  context.fillStyle = colors.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  if (extent) {
    const start = toDevicePixel(axis === 'top' ? extent.left : extent.top, scale);
    const end = toDevicePixel(axis === 'top' ? extent.right : extent.bottom, scale);
    context.fillStyle = colors.band;
    rect(start, end - start, 0, across);
    context.fillStyle = colors.edge;
    rect(start, line, 0, across);
    rect(end - line, line, 0, across);
  }
  context.fillStyle = colors.tick;
  rect(0, toDevicePixel(length, scale), 0, line);
  context.font = `${Math.round(8 * scale)}px "B612 Mono", ui-monospace, monospace`;
  context.textBaseline = 'top';
  for (const tick of rulerTicks(length)) {
    const position = toDevicePixel(tick.position, scale);
    rect(position, line, 0, toDevicePixel(tick.length, scale));
    if (tick.label && tick.position < length - 40) {
      if (axis === 'top') context.fillText(tick.label, position + Math.round(2 * scale), Math.round(1 * scale));
      else {
        context.save();
        context.translate(Math.round(1 * scale), position - Math.round(2 * scale));
        context.rotate(-Math.PI / 2);
        context.textAlign = 'right';
        context.fillText(tick.label, 0, 0);
        context.restore();
      }
    }
  }
  // End-pixel label: the length of the axis in CSS pixels, boxed at the far end.
  const label = String(length);
  context.font = `bold ${Math.round(9 * scale)}px "B612 Mono", ui-monospace, monospace`;
  const labelWidth = Math.ceil(context.measureText(label).width) + Math.round(6 * scale);
  const labelDepth = Math.round(12 * scale);
  context.save();
  if (axis === 'left') {
    context.translate(0, canvas.height);
    context.rotate(-Math.PI / 2);
  } else context.translate(canvas.width - labelWidth, 0);
  context.fillStyle = colors.edge;
  context.fillRect(0, 0, labelWidth, labelDepth);
  context.fillStyle = colors.background;
  context.fillText(label, Math.round(3 * scale), Math.round(1.5 * scale));
  context.restore();
  canvas.dataset['endLabel'] = label;
}

function drawGrid(canvas: HTMLCanvasElement, scale: number): void {
  const width = window.innerWidth;
  const height = window.innerHeight;
  const context = sizeCanvas(canvas, width, height, scale);
  if (!context) return;
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = colorsOf(canvas).grid;
  for (const x of gridLines(width)) context.fillRect(toDevicePixel(x, scale), 0, 1, canvas.height);
  for (const y of gridLines(height)) context.fillRect(0, toDevicePixel(y, scale), canvas.width, 1);
}

export function createPrecisionTools(store: Store) {
  const root = document.querySelector<HTMLElement>('[data-precision-tools]');
  const top = document.querySelector<HTMLCanvasElement>('[data-ruler="top"]');
  const left = document.querySelector<HTMLCanvasElement>('[data-ruler="left"]');
  const zero = document.querySelector<HTMLElement>('[data-ruler-zero]');
  const grid = document.querySelector<HTMLCanvasElement>('[data-grid]');
  let extent: Extent | null = null;
  let frame = 0;

  const draw = (): void => {
    frame = 0;
    const state = store.getState();
    const scale = deviceScale(window.devicePixelRatio, window.visualViewport?.scale);
    if (root) root.dataset['deviceScale'] = String(scale);
    if (top && left && zero) {
      for (const element of [top, left, zero]) element.hidden = !state.tools.rulers;
      if (state.tools.rulers) {
        drawRuler(top, 'top', scale, extent);
        drawRuler(left, 'left', scale, extent);
      }
    }
    if (grid) {
      grid.hidden = !state.tools.grid;
      if (state.tools.grid) drawGrid(grid, scale);
    }
  };
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  };

  const track = (event: Event): void => {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-card], [data-region]') : null;
    const box = target?.getBoundingClientRect();
    const next = box ? { left: box.left, right: box.right, top: box.top, bottom: box.bottom } : null;
    if (JSON.stringify(next) === JSON.stringify(extent)) return;
    extent = next;
    if (root) root.dataset['extent'] = next ? [next.left, next.right, next.top, next.bottom].join(',') : '';
    schedule();
  };

  const renderTools = (state: CockpitState): void => {
    for (const element of [top, left, zero]) if (element) element.hidden = !state.tools.rulers;
    if (grid) grid.hidden = !state.tools.grid;
    for (const tool of tools) {
      document.documentElement.toggleAttribute(`data-tool-${tool}`, state.tools[tool]);
      document.querySelector(`[data-tool="${tool}"]`)?.setAttribute('aria-checked', String(state.tools[tool]));
    }
    schedule();
  };

  return {
    start(): void {
      for (const tool of tools) {
        document.querySelector(`[data-tool="${tool}"]`)?.addEventListener('click', () =>
          store.dispatch({ type: 'set-tool', tool: tool as Tool, visible: !store.getState().tools[tool] }),
        );
      }
      window.addEventListener('resize', schedule);
      window.visualViewport?.addEventListener('resize', schedule);
      window.visualViewport?.addEventListener('scroll', schedule);
      document.addEventListener('pointerover', track);
      document.addEventListener('focusin', track);
      void document.fonts?.ready.then(schedule);
      store.subscribe((state, previous) => {
        if (state.tools !== previous.tools) renderTools(state);
        else if (state.systemTheme !== previous.systemTheme || state.mode !== previous.mode || state.studio !== previous.studio) {
          // Colours change with the theme; boxes move when the studio changes the layout.
          window.setTimeout(schedule, 400);
          schedule();
        }
      });
      renderTools(store.getState());
      // Drawn now, not on the next frame: the rulers have their size from the first paint.
      if (frame !== 0) cancelAnimationFrame(frame);
      draw();
    },
    redraw: draw,
  };
}
