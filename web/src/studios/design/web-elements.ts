/**
 * The do-nothing web elements are for looking at, but their feedback is real: the callsign field
 * validates as you type, and "Test warn" writes a warning the Dev Log captures.
 */
export function attachWebElements(panel: HTMLElement): void {
  const input = panel.querySelector<HTMLInputElement>('[data-validate]');
  const hint = panel.querySelector<HTMLElement>('[data-validate-hint]');
  input?.addEventListener('input', () => {
    if (!hint) return;
    const value = input.value;
    input.value = value.toUpperCase();
    if (value === '') {
      hint.textContent = 'Letters, dash, digits';
      hint.dataset['state'] = '';
    } else if (input.checkValidity()) {
      hint.textContent = 'Callsign accepted';
      hint.dataset['state'] = 'success';
    } else {
      hint.textContent = 'Use letters, a dash, then digits';
      hint.dataset['state'] = 'error';
    }
  });
  panel.querySelector('[data-emit-warning]')?.addEventListener('click', () => {
    console.warn('Test warning from the Web Elements card');
  });
}
