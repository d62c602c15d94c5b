/**
 * An engine-order telegraph as a permission dial: three sectors (Auto, Semi-Auto, Full-Stop), a
 * lever that swings to the order in force, keyboard like a radio group (arrows move and order).
 * The dial shows the mode the system reports; a click sends the order and the hub blinks until
 * the report comes back (the lever never claims a mode the backend has not taken).
 */
import type { AgentMode } from '../trading/api/schemas';

export const telegraphModes: AgentMode[] = ['Auto', 'SemiAuto', 'FullStop'];

export interface Telegraph {
  show(mode: AgentMode | null, enabled: boolean): void;
  readonly element: HTMLElement;
}

export function attachTelegraph(element: HTMLElement, label: string, order: (mode: AgentMode) => Promise<boolean>): Telegraph {
  const keys = [...element.querySelectorAll<HTMLButtonElement>('[data-telegraph-mode]')];
  let shown: AgentMode | null = null;
  let pending: AgentMode | null = null;
  let pendingTimer: number | undefined;

  element.setAttribute('aria-label', `${label} permission`);
  for (const key of keys) {
    const mode = key.dataset['telegraphMode'] as AgentMode;
    key.setAttribute('aria-label', `${label}: ${mode === 'SemiAuto' ? 'Semi-Auto' : mode === 'FullStop' ? 'Full-Stop' : 'Auto'}`);
  }

  const settle = (): void => {
    pending = null;
    window.clearTimeout(pendingTimer);
    delete element.dataset['pending'];
  };

  const send = (mode: AgentMode): void => {
    if (mode === shown && pending === null) return;
    pending = mode;
    element.dataset['pending'] = mode;
    window.clearTimeout(pendingTimer);
    // If no report confirms the order, the blinking stops and the dial keeps the reported mode.
    pendingTimer = window.setTimeout(settle, 10_000);
    void order(mode).then((sent) => {
      if (!sent) settle();
    });
  };

  keys.forEach((key, index) => {
    key.addEventListener('click', () => send(key.dataset['telegraphMode'] as AgentMode));
    key.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      const next = keys[(index + step + keys.length) % keys.length];
      next?.focus();
      if (next) send(next.dataset['telegraphMode'] as AgentMode);
    });
  });

  return {
    element,
    show(mode, enabled) {
      shown = mode;
      if (pending !== null && pending === mode) settle();
      element.dataset['mode'] = mode ?? 'none';
      for (const key of keys) {
        const checked = key.dataset['telegraphMode'] === mode;
        key.setAttribute('aria-checked', String(checked));
        key.disabled = !enabled;
        // One stop in the tab order: the order in force, or the first sector.
        key.tabIndex = checked || (mode === null && key === keys[0]) ? 0 : -1;
      }
    },
  };
}
