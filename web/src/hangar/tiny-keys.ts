/**
 * A row of tiny radio keys (the P/L graph's range buttons): one is checked, arrows move between
 * them, a click or arrow selects.
 */
export function renderTinyKeys<Id extends string>(
  container: HTMLElement,
  options: ReadonlyArray<{ id: Id; label: string }>,
  selected: Id,
  describe: (label: string) => string,
  choose: (id: Id) => void,
): void {
  container.replaceChildren(
    ...options.map((option) => {
      const key = document.createElement('button');
      key.type = 'button';
      key.className = 'tiny-key';
      key.setAttribute('role', 'radio');
      key.setAttribute('aria-checked', String(option.id === selected));
      key.setAttribute('aria-label', describe(option.label));
      key.tabIndex = option.id === selected ? 0 : -1;
      key.dataset['range'] = option.id;
      key.textContent = option.label;
      key.addEventListener('click', () => choose(option.id));
      key.addEventListener('keydown', (event) => {
        const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
        if (step === 0) return;
        event.preventDefault();
        const index = options.findIndex((candidate) => candidate.id === option.id);
        const next = options[(index + step + options.length) % options.length];
        if (next) {
          choose(next.id);
          container.querySelector<HTMLElement>(`[data-range="${next.id}"]`)?.focus();
        }
      });
      return key;
    }),
  );
}
