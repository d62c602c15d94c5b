/** One line of a terminal display: time, a short kind tag, and the message. */
export function terminalLine(modifier: string, time: string, kind: string, detail: string): HTMLLIElement {
  const item = document.createElement('li');
  item.className = `terminal__line terminal__line--${modifier}`;
  const parts: [string, string][] = [
    ['terminal__time', time],
    ['terminal__kind', kind],
    ['terminal__detail', detail],
  ];
  for (const [className, content] of parts) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = content;
    item.append(span);
  }
  return item;
}
