/**
 * The live log terminal: the last seven UI events (click, resize, focus), newest at the bottom,
 * in a `role="log"` list so assistive technology hears additions politely.
 */
import { terminalLine } from '../../components/terminal';
export const eventLogCapacity = 7;

export type UiEventKind = 'click' | 'resize' | 'focus';

export interface UiEventEntry {
  time: string;
  kind: UiEventKind;
  detail: string;
}

export function formatLogTime(date: Date): string {
  const pad = (value: number, size = 2): string => String(value).padStart(size, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Appends and keeps only the newest `capacity` entries. */
export function appendEntry<Entry>(entries: readonly Entry[], entry: Entry, capacity = eventLogCapacity): Entry[] {
  return [...entries, entry].slice(-capacity);
}

/** A short, readable name for an event target: `button "Trade"`, `input#callsign`, `main`. */
export function describeTarget(target: EventTarget | null): string {
  if (!(target instanceof Element)) return target === window ? 'window' : 'document';
  const tag = target.tagName.toLowerCase();
  const label =
    target.getAttribute('aria-label') ??
    (target instanceof HTMLElement ? target.innerText : target.textContent ?? '').replace(/\s+/g, ' ').trim();
  const identity = target.id ? `${tag}#${target.id}` : tag;
  return label ? `${identity} "${label.length > 26 ? `${label.slice(0, 25)}…` : label}"` : identity;
}

export function createEventLog(list: HTMLOListElement, now: () => Date = () => new Date()) {
  let entries: UiEventEntry[] = [];

  const render = (): void => {
    list.replaceChildren(
      ...entries.map((entry) => terminalLine(entry.kind, entry.time, entry.kind.toUpperCase(), entry.detail)),
    );
  };

  const record = (kind: UiEventKind, detail: string): void => {
    entries = appendEntry(entries, { time: formatLogTime(now()), kind, detail });
    render();
  };

  let resizeTimer: number | undefined;
  return {
    start(): void {
      window.addEventListener('click', (event) => record('click', describeTarget(event.target)), true);
      document.addEventListener('focusin', (event) => record('focus', describeTarget(event.target)));
      window.addEventListener('resize', () => {
        window.clearTimeout(resizeTimer);
        resizeTimer = window.setTimeout(() => record('resize', `${window.innerWidth}×${window.innerHeight}`), 120);
      });
    },
    entries: () => entries,
  };
}
