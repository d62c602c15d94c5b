/**
 * Ruler and grid geometry, in CSS pixels of the layout viewport with the origin at its top-left
 * corner (the zero square), converted to device pixels only when drawing.
 */
export const rulerSize = 18;
export const tickSpacing = 10;
export const gridSpacing = 60;

export interface Tick {
  position: number;
  length: 6 | 8 | 12;
  label?: string;
}

/** A tick every 10px: 12px at each hundred (labelled), 8px at each fifty, 6px otherwise. */
export function rulerTicks(length: number): Tick[] {
  const ticks: Tick[] = [];
  for (let position = 0; position <= length; position += tickSpacing) {
    if (position % 100 === 0) ticks.push({ position, length: 12, ...(position > 0 ? { label: String(position) } : {}) });
    else if (position % 50 === 0) ticks.push({ position, length: 8 });
    else ticks.push({ position, length: 6 });
  }
  return ticks;
}

/** Grid lines every 60px from the origin, inclusive of 0. */
export function gridLines(length: number): number[] {
  const lines: number[] = [];
  for (let position = 0; position <= length; position += gridSpacing) lines.push(position);
  return lines;
}

/** The device-pixel column (or row) that a CSS-pixel coordinate falls on. */
export function toDevicePixel(position: number, scale: number): number {
  return Math.round(position * scale);
}

/** Device pixels per CSS pixel: the device pixel ratio times any pinch zoom. */
export function deviceScale(devicePixelRatio: number, visualScale: number | undefined): number {
  return (devicePixelRatio || 1) * (visualScale && visualScale > 0 ? visualScale : 1);
}
