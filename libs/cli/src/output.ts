/** Terminal output: colours when attached to a terminal, progress lines, aligned tables. */
const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const cyan = paint(36);

const palette = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];
/** A stable colour per service name for prefixed log lines. */
export function serviceColour(name: string): (text: string) => string {
  let hash = 0;
  for (const character of name) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return paint(palette[hash % palette.length] as number);
}

export function step(message: string): void {
  process.stdout.write(`${cyan('▸')} ${message}\n`);
}

export function done(message: string): void {
  process.stdout.write(`${green('✓')} ${message}\n`);
}

export function problem(message: string): void {
  process.stderr.write(`${red('✗')} ${message}\n`);
}

/** A progress line that rewrites itself on a terminal and prints at most every few seconds otherwise. */
export function progress(label: string): { update(text: string): void; finish(text: string): void } {
  let lastPrinted = 0;
  return {
    update(text) {
      if (process.stderr.isTTY) process.stderr.write(`\r\u001b[2K${dim(label)} ${text}`);
      else if (Date.now() - lastPrinted > 2000) {
        lastPrinted = Date.now();
        process.stderr.write(`${label} ${text}\n`);
      }
    },
    finish(text) {
      if (process.stderr.isTTY) process.stderr.write('\r\u001b[2K');
      process.stderr.write(`${label} ${text}\n`);
    },
  };
}

export function table(rows: string[][]): string {
  const widths: number[] = [];
  const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, visible(cell))));
  return rows.map((row) => row.map((cell, index) => cell + ' '.repeat((widths[index] ?? 0) - visible(cell))).join('  ').trimEnd()).join('\n');
}

/** One JSON log line from a service as a short human line. */
export function prettyLogLine(line: string): string {
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    const { level, time, message, service: _service, pid: _pid, ...rest } = record;
    const levelText = String(level ?? 'info');
    const levelPainted = levelText === 'error' || levelText === 'fatal' ? red(levelText) : levelText === 'warn' ? yellow(levelText) : dim(levelText);
    const extra = Object.keys(rest).length > 0 ? ` ${dim(JSON.stringify(rest))}` : '';
    const clock = typeof time === 'string' ? time.slice(11, 23) : '';
    return `${dim(clock)} ${levelPainted} ${String(message ?? '')}${extra}`;
  } catch {
    return line;
  }
}
