/**
 * US Eastern time, as Kalshi uses it in tickers and rules (PROTOCOL §3.2): the date and time
 * segments of a ticker are ET, e.g. `KXBTC15M-26JUL221315-15` closes at 1:15 PM EDT.
 * Object times on the wire are RFC 3339 UTC.
 */
const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  weekday: 'long',
  timeZoneName: 'short',
});

export interface EasternParts {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: string; // "monday"
  readonly zone: string; // "EDT" or "EST"
}

/** Formatting is slow and the same instants recur (every market of an event shares its times). */
const partsCache = new Map<number, EasternParts>();

export function easternParts(milliseconds: number): EasternParts {
  const cached = partsCache.get(milliseconds);
  if (cached) return cached;
  const computed = computeParts(milliseconds);
  if (partsCache.size > 20_000) partsCache.clear();
  partsCache.set(milliseconds, computed);
  return computed;
}

function computeParts(milliseconds: number): EasternParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(new Date(milliseconds))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: (parts.weekday ?? '').toLowerCase(),
    zone: parts.timeZoneName ?? 'ET',
  };
}

/** The UTC instant of an Eastern wall-clock time (DST-aware). */
export function easternToUtc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall + 5 * 3_600_000;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const parts = easternParts(guess);
    const seen = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
    if (seen === wall) return guess;
    guess += wall - seen;
  }
  return guess;
}

/** The start (00:00 ET) of the Eastern calendar day containing `milliseconds`. */
export function easternDayStart(milliseconds: number): number {
  const parts = easternParts(milliseconds);
  return easternToUtc(parts.year, parts.month, parts.day);
}

/** The same Eastern wall time `days` later (a calendar step, so DST changes are absorbed). */
export function addEasternDays(dayStart: number, days: number): number {
  const parts = easternParts(dayStart + days * 86_400_000 + 12 * 3_600_000);
  return easternToUtc(parts.year, parts.month, parts.day);
}

const monthCodes = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const two = (value: number): string => String(value).padStart(2, '0');

/** `26JUL22` */
export function tickerDate(milliseconds: number): string {
  const parts = easternParts(milliseconds);
  return `${two(parts.year % 100)}${monthCodes[parts.month - 1]}${two(parts.day)}`;
}

/** `26JUL2213` (hour) */
export function tickerDateHour(milliseconds: number): string {
  return `${tickerDate(milliseconds)}${two(easternParts(milliseconds).hour)}`;
}

/** `26JUL221315` (hour and minute) */
export function tickerDateMinute(milliseconds: number): string {
  const parts = easternParts(milliseconds);
  return `${tickerDate(milliseconds)}${two(parts.hour)}${two(parts.minute)}`;
}

/** "1:15 PM EDT" */
export function clockText(milliseconds: number): string {
  const parts = easternParts(milliseconds);
  const hour12 = parts.hour % 12 === 0 ? 12 : parts.hour % 12;
  return `${hour12}:${two(parts.minute)} ${parts.hour < 12 ? 'AM' : 'PM'} ${parts.zone}`;
}

/** "Jul 22, 2026" and "July 22, 2026" */
export function dateText(milliseconds: number, long = false): string {
  const parts = easternParts(milliseconds);
  const name = monthNames[parts.month - 1] as string;
  return `${long ? name : name.slice(0, 3)} ${parts.day}, ${parts.year}`;
}

/** RFC 3339 UTC without fractional seconds, as Kalshi writes object times. */
export const rfc3339 = (milliseconds: number): string => new Date(Math.floor(milliseconds / 1000) * 1000).toISOString().replace('.000Z', 'Z');
