/**
 * Time as the trading displays write it. Pure: every function takes the current time from its
 * caller, so countdowns are tested without waiting and two cards never disagree about "now".
 */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

const pad = (value: number): string => String(value).padStart(2, '0');

/** Time left, Kalshi style: "45s", "3m 26s", "2h 05m", "4d 07h". Zero or less is "0s". */
export function formatCountdown(milliseconds: number): string {
  if (!(milliseconds > 0)) return '0s';
  const total = Math.floor(milliseconds / second);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d ${pad(hours)}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** How long ago: "just now", "12s ago", "5m ago", "3h ago", "2d ago". */
export function formatAgo(milliseconds: number): string {
  if (milliseconds < 2 * second) return 'just now';
  if (milliseconds < minute) return `${Math.floor(milliseconds / second)}s ago`;
  if (milliseconds < hour) return `${Math.floor(milliseconds / minute)}m ago`;
  if (milliseconds < day) return `${Math.floor(milliseconds / hour)}h ago`;
  return `${Math.floor(milliseconds / day)}d ago`;
}

/** 24-hour local wall time with seconds: "14:05:09". */
export function formatTimeOfDay(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Parse an ISO instant from the API into epoch milliseconds (NaN stays NaN for the caller to handle). */
export const instant = (text: string): number => Date.parse(text);

export const durations = { second, minute, hour, day } as const;
