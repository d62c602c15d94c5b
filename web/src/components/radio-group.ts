/**
 * Keyboard behaviour of a custom radio group (WAI-ARIA radio pattern): one tab stop, arrows move
 * and select, Home/End jump to the ends, Space/Enter select. Selection is reported to `select`;
 * rendering `aria-checked` and `tabindex` is left to `renderRadioGroup`, so state stays the source.
 */
export function renderRadioGroup(items: readonly HTMLElement[], isChecked: (item: HTMLElement) => boolean): void {
  const anyChecked = items.some(isChecked);
  items.forEach((item, index) => {
    const checked = isChecked(item);
    item.setAttribute('aria-checked', String(checked));
    item.tabIndex = checked || (!anyChecked && index === 0) ? 0 : -1;
  });
}

export function attachRadioGroup(items: readonly HTMLElement[], select: (item: HTMLElement) => void): void {
  items.forEach((item, index) => {
    item.addEventListener('click', () => select(item));
    item.addEventListener('keydown', (event) => {
      const columns = Number(item.parentElement?.dataset['columns'] ?? '1');
      const moves: Record<string, number> = {
        ArrowDown: columns,
        ArrowRight: 1,
        ArrowUp: -columns,
        ArrowLeft: -1,
        Home: -index,
        End: items.length - 1 - index,
      };
      const move = moves[event.key];
      if (move === undefined) return;
      event.preventDefault();
      const target = items[Math.min(items.length - 1, Math.max(0, index + move))];
      if (!target) return;
      select(target);
      target.focus();
    });
  });
}
