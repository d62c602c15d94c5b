/**
 * A rotary dimmer knob: an element with role="slider" that turns from -135° (0.25) to +135°
 * (1.00). Keyboard: arrows ±0.05, Page Up/Down ±0.25, Home/End to the stops. Pointer: drag up or
 * down; the wheel turns it too. The owner of the knob keeps the value; the knob only reports.
 */
import { clampDimmer, dimmerMaximum, dimmerMinimum } from '../illumination/physics';

const sweepDegrees = 270;
/** Pixels of vertical drag for the whole 0.25..1.00 travel. */
const dragTravelPixels = 140;

export function knobAngle(value: number): number {
  return -sweepDegrees / 2 + ((clampDimmer(value) - dimmerMinimum) / (dimmerMaximum - dimmerMinimum)) * sweepDegrees;
}

export function renderKnob(knob: HTMLElement, value: number): void {
  const clamped = clampDimmer(value);
  knob.style.setProperty('--knob-angle', `${knobAngle(clamped)}deg`);
  knob.setAttribute('aria-valuenow', String(clamped));
  knob.setAttribute('aria-valuetext', clamped.toFixed(2));
}

const keySteps: Record<string, number> = {
  ArrowUp: 0.05,
  ArrowRight: 0.05,
  ArrowDown: -0.05,
  ArrowLeft: -0.05,
  PageUp: 0.25,
  PageDown: -0.25,
};

export function attachKnob(knob: HTMLElement, read: () => number, change: (value: number) => void): void {
  knob.addEventListener('keydown', (event) => {
    let next: number | undefined;
    if (event.key in keySteps) next = read() + (keySteps[event.key] ?? 0);
    else if (event.key === 'Home') next = dimmerMinimum;
    else if (event.key === 'End') next = dimmerMaximum;
    if (next === undefined) return;
    event.preventDefault();
    change(clampDimmer(next));
  });
  knob.addEventListener('wheel', (event) => {
    event.preventDefault();
    change(clampDimmer(read() + (event.deltaY < 0 ? 0.05 : -0.05)));
  }, { passive: false });
  knob.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    knob.focus();
    knob.setPointerCapture(event.pointerId);
    const startY = event.clientY;
    const startValue = read();
    knob.dataset['turning'] = 'true';
    const move = (moveEvent: PointerEvent): void => {
      const travel = ((startY - moveEvent.clientY) / dragTravelPixels) * (dimmerMaximum - dimmerMinimum);
      change(clampDimmer(startValue + travel));
    };
    const stop = (): void => {
      delete knob.dataset['turning'];
      knob.removeEventListener('pointermove', move);
      knob.removeEventListener('pointerup', stop);
      knob.removeEventListener('pointercancel', stop);
    };
    knob.addEventListener('pointermove', move);
    knob.addEventListener('pointerup', stop);
    knob.addEventListener('pointercancel', stop);
  });
}
