/**
 * The Dev Log card captures errors and warnings from the moment the page's script starts:
 * uncaught errors, failed resource loads, unhandled promise rejections, CSP violations, and
 * console.error / console.warn (the originals still run). Entries are buffered, so messages from
 * before the card is on screen are not lost.
 */
import { terminalLine } from '../../components/terminal';

export type DevLogLevel = 'error' | 'warning';

export interface DevLogEntry {
  level: DevLogLevel;
  time: string;
  message: string;
}

const capacity = 60;
const entries: DevLogEntry[] = [];
const listeners = new Set<(entries: readonly DevLogEntry[]) => void>();

function text(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function recordDevLog(level: DevLogLevel, message: string): void {
  const now = new Date();
  entries.push({ level, time: now.toTimeString().slice(0, 8), message: message.slice(0, 300) });
  if (entries.length > capacity) entries.shift();
  for (const listener of listeners) listener(entries);
}

let installed = false;

export function installDevLogCapture(): void {
  if (installed) return;
  installed = true;
  const originalError = console.error.bind(console);
  const originalWarn = console.warn.bind(console);
  console.error = (...values: unknown[]) => {
    recordDevLog('error', values.map(text).join(' '));
    originalError(...values);
  };
  console.warn = (...values: unknown[]) => {
    recordDevLog('warning', values.map(text).join(' '));
    originalWarn(...values);
  };
  window.addEventListener(
    'error',
    (event: Event) => {
      if (event instanceof ErrorEvent) {
        recordDevLog('error', `${event.message} (${event.filename.split('/').pop() ?? ''}:${event.lineno})`);
      } else if (event.target instanceof Element) {
        const source = event.target.getAttribute('src') ?? event.target.getAttribute('href') ?? '';
        recordDevLog('error', `Failed to load ${event.target.tagName.toLowerCase()} ${source}`);
      }
    },
    true,
  );
  window.addEventListener('unhandledrejection', (event) => recordDevLog('error', `Unhandled rejection: ${text(event.reason)}`));
  document.addEventListener('securitypolicyviolation', (event) =>
    recordDevLog('warning', `Blocked by ${event.violatedDirective}: ${event.blockedURI}`),
  );
}

export function subscribeDevLog(listener: (entries: readonly DevLogEntry[]) => void): void {
  listeners.add(listener);
  listener(entries);
}

export function renderDevLog(list: HTMLOListElement, current: readonly DevLogEntry[]): void {
  const annunciator = document.querySelector<HTMLElement>('[data-annunciator="errors"]');
  const errors = current.filter((entry) => entry.level === 'error').length;
  if (annunciator) {
    annunciator.dataset['state'] = errors > 0 ? 'error' : current.length > 0 ? 'warning' : 'ok';
    annunciator.dataset['tooltip'] = `${errors} errors, ${current.length - errors} warnings captured`;
  }
  if (current.length === 0) return;
  list.replaceChildren(
    ...current
      .slice(-capacity)
      .map((entry) => terminalLine(entry.level, entry.time, entry.level === 'error' ? 'ERR' : 'WRN', entry.message)),
  );
  list.scrollTop = list.scrollHeight;
}
