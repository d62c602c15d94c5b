/**
 * Engagement: trading parts appear once a key pair is connected, with a brief glow spike (PRD
 * chapter 1, "sleek initialization animations ... brief glow intensity spike"). The element
 * carries data-engaged; a change to engaged sets data-engaging for the length of the animation.
 */
const engageMilliseconds = 1200;

export function engage(element: HTMLElement, engaged: boolean): void {
  const was = element.dataset['engaged'] === 'true';
  element.dataset['engaged'] = String(engaged);
  // Parts that wait for keys, and the parts that only stand in until then, are hidden outright
  // (not just undrawn), so assistive technology and keyboards skip them too.
  for (const part of element.querySelectorAll<HTMLElement>('[data-trading-instrument]')) part.hidden = !engaged;
  for (const part of element.querySelectorAll<HTMLElement>('[data-until-engaged]')) part.hidden = engaged;
  if (engaged && !was) {
    element.dataset['engaging'] = '';
    window.setTimeout(() => delete element.dataset['engaging'], engageMilliseconds);
  }
}
