/**
 * One shared tooltip for every `[data-tooltip]` element: shown on hover after a short delay and
 * at once on keyboard focus, hidden on leave, blur and Escape. The element is described by the
 * tooltip (`aria-describedby`) while it is shown.
 */
const showDelayMilliseconds = 450;

export function installTooltips(tooltip: HTMLElement): void {
  let timer: number | undefined;
  let current: HTMLElement | null = null;

  const hide = (): void => {
    window.clearTimeout(timer);
    if (current) current.removeAttribute('aria-describedby');
    current = null;
    tooltip.hidden = true;
  };

  const show = (target: HTMLElement): void => {
    const text = target.dataset['tooltip'];
    if (!text) return;
    current = target;
    tooltip.textContent = text;
    tooltip.hidden = false;
    target.setAttribute('aria-describedby', tooltip.id);
    const box = target.getBoundingClientRect();
    const tip = tooltip.getBoundingClientRect();
    const left = Math.min(window.innerWidth - tip.width - 8, Math.max(8, box.left + box.width / 2 - tip.width / 2));
    const below = box.bottom + 8 + tip.height < window.innerHeight;
    tooltip.style.left = `${Math.round(left)}px`;
    tooltip.style.top = `${Math.round(below ? box.bottom + 8 : box.top - tip.height - 8)}px`;
  };

  const targetOf = (event: Event): HTMLElement | null =>
    event.target instanceof Element ? event.target.closest<HTMLElement>('[data-tooltip]') : null;

  document.addEventListener('pointerover', (event) => {
    const target = targetOf(event);
    if (target === current) return;
    hide();
    if (target) timer = window.setTimeout(() => show(target), showDelayMilliseconds);
  });
  document.addEventListener('focusin', (event) => {
    const target = targetOf(event);
    hide();
    if (target && target.matches(':focus-visible')) show(target);
  });
  document.addEventListener('focusout', hide);
  document.addEventListener('pointerdown', hide);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
}
