/**
 * Fills a series card (the `<template data-series-card-template>` in series-card.html) from its
 * view. Filling is idempotent and touches only text and a few attributes, so a live update
 * re-fills the card in place: fixed sizes and tabular digits mean nothing moves. A price that
 * changed flashes green (up) or red (down) once.
 */
import type { Series } from '../../trading/api/schemas';
import { formatCountdown } from '../../trading/clock';
import { formatCents, formatChance, formatUsd, formatVolume, payoutFor } from '../../trading/money';
import { lineClosed, type MarketLine, type SeriesCardView } from '../../trading/model/series-view';

const stake = 100_000_000n;

interface CardParts {
  badge: HTMLElement;
  badgeText: HTMLElement;
  badgeFrequency: HTMLElement;
  kicker: HTMLElement;
  title: HTMLElement;
  chance: HTMLElement;
  yesPrice: HTMLElement;
  noPrice: HTMLElement;
  yesPayout: HTMLElement;
  noPayout: HTMLElement;
  lines: Array<{ element: HTMLElement; label: HTMLElement; chance: HTMLElement; yes: HTMLElement; no: HTMLElement }>;
  volume: HTMLElement;
  more: HTMLElement;
  simulated: HTMLElement;
  close: HTMLElement;
  expand: HTMLButtonElement;
}

const parts = new WeakMap<HTMLElement, CardParts>();

function find<Element extends HTMLElement>(root: HTMLElement, selector: string): Element {
  const element = root.querySelector<Element>(selector);
  if (!element) throw new Error(`series card template lacks ${selector}`);
  return element;
}

function partsOf(card: HTMLElement): CardParts {
  const known = parts.get(card);
  if (known) return known;
  // The template has one market line; a card shows as many as the list asks for.
  const list = find(card, '[data-lines]');
  const first = list.querySelector('[data-line]');
  const wanted = Number(list.dataset['lineCount'] ?? '1');
  for (let count = list.querySelectorAll('[data-line]').length; first && count < wanted; count += 1) list.append(first.cloneNode(true));
  const found: CardParts = {
    badge: find(card, '[data-badge]'),
    badgeText: find(card, '[data-badge-text]'),
    badgeFrequency: find(card, '[data-badge-frequency]'),
    kicker: find(card, '[data-kicker]'),
    title: find(card, '[data-title]'),
    chance: find(card, '[data-chance]'),
    yesPrice: find(card, '[data-yes-price]'),
    noPrice: find(card, '[data-no-price]'),
    yesPayout: find(card, '[data-yes-payout]'),
    noPayout: find(card, '[data-no-payout]'),
    lines: [...card.querySelectorAll<HTMLElement>('[data-line]')].map((element) => ({
      element,
      label: find(element, '[data-line-label]'),
      chance: find(element, '[data-line-chance]'),
      yes: find(element, '[data-line-yes]'),
      no: find(element, '[data-line-no]'),
    })),
    volume: find(card, '[data-volume]'),
    more: find(card, '[data-more-markets]'),
    simulated: find(card, '[data-card-simulated]'),
    close: find(card, '[data-close]'),
    expand: find(card, '[data-expand]'),
  };
  parts.set(card, found);
  return found;
}

/** Category → badge colour family (series-card.css). */
export function badgeTone(category: string): string {
  const name = category.toLowerCase();
  if (name.includes('crypto')) return 'crypto';
  if (name.includes('climate') || name.includes('weather')) return 'weather';
  if (name.includes('econom')) return 'economics';
  if (name.includes('financ')) return 'financials';
  if (name.includes('sport')) return 'sports';
  if (name.includes('politic') || name.includes('election') || name.includes('mention')) return 'politics';
  if (name.includes('entertain') || name.includes('culture')) return 'culture';
  if (name.includes('science') || name.includes('tech')) return 'science';
  return 'other';
}

/** The badge's letters: a short tag (BTC, NFL) when the series has one, else the title's initials. */
export function badgeText(series: Pick<Series, 'tags' | 'title'>): string {
  const short = series.tags.find((tag) => /^[A-Z0-9&]{2,4}$/.test(tag));
  if (short) return short;
  const words = series.title.split(/\s+/).filter((word) => /^[A-Za-z0-9]/.test(word) && !/^(the|of|in|at|a|an|to|and|or)$/i.test(word));
  return words.slice(0, 2).map((word) => word[0]?.toUpperCase() ?? '').join('') || '?';
}

/** Kalshi's little frequency disc: "15" for fifteen minutes, "1H", "1D", "1W", "1M", "1Y". */
export function frequencyMark(frequency: string): string {
  const marks: Record<string, string> = { fifteen_min: '15', hourly: '1H', daily: '1D', weekly: '1W', monthly: '1M', quarterly: '1Q', annual: '1Y' };
  return marks[frequency] ?? '';
}

export function fillBadge(badge: HTMLElement, text: HTMLElement, frequency: HTMLElement, series: Pick<Series, 'tags' | 'title' | 'category' | 'frequency'>): void {
  badge.dataset['tone'] = badgeTone(series.category);
  text.textContent = badgeText(series);
  frequency.textContent = frequencyMark(series.frequency);
}

/** Sets text, and flashes when the price behind it moved (not on first fill). */
function setPrice(element: HTMLElement, text: string, value: bigint | null): void {
  const previous = element.dataset['value'];
  const next = value === null ? '' : value.toString();
  if (element.textContent !== text) element.textContent = text;
  if (previous !== undefined && previous !== next && previous !== '' && next !== '') {
    element.dataset['flash'] = BigInt(next) > BigInt(previous) ? 'up' : 'down';
    element.addEventListener('animationend', () => delete element.dataset['flash'], { once: true });
  }
  element.dataset['value'] = next;
}

const priceText = (price: bigint | null): string => (price === null ? '—' : formatCents(price));

function payoutText(element: HTMLElement, price: bigint | null): void {
  const payout = payoutFor(stake, price);
  const amount = payout === null ? '' : formatUsd(payout, { wholeDollars: true });
  if (element.dataset['amount'] === amount && element.childNodes.length > 0) return;
  element.dataset['amount'] = amount;
  if (payout === null) element.textContent = 'No offers';
  else element.replaceChildren('$100 → ', Object.assign(document.createElement('strong'), { textContent: amount }));
}

function fillLine(line: CardParts['lines'][number], market: MarketLine | undefined, now: number): void {
  line.element.hidden = market === undefined;
  if (!market) return;
  line.label.textContent = market.label;
  line.label.title = market.title;
  setPrice(line.chance, market.chance === null ? '—' : formatChance(market.chance), market.chance);
  setPrice(line.yes, priceText(market.yesPrice), market.yesPrice);
  setPrice(line.no, priceText(market.noPrice), market.noPrice);
  line.element.toggleAttribute('data-closed', lineClosed(market, now));
}

export function fillSeriesCard(card: HTMLElement, view: SeriesCardView, now: number): void {
  const part = partsOf(card);
  card.dataset['series'] = view.seriesTicker;
  card.dataset['event'] = view.eventTicker ?? '';
  card.dataset['kind'] = view.lines.length === 1 ? 'single' : 'multi';
  card.setAttribute('aria-label', view.title);
  fillBadge(part.badge, part.badgeText, part.badgeFrequency, view);
  const tag = view.tags.find((candidate) => candidate.toLowerCase() !== 'simulated');
  part.kicker.textContent = tag ? `${view.category} · ${tag}` : view.category;
  if (part.title.textContent !== view.title) part.title.textContent = view.title;
  const lead = view.lines[0];
  if (view.lines.length === 1 && lead) {
    setPrice(part.chance, lead.chance === null ? '—' : formatChance(lead.chance), lead.chance);
    part.chance.title = lead.label;
    setPrice(part.yesPrice, priceText(lead.yesPrice), lead.yesPrice);
    setPrice(part.noPrice, priceText(lead.noPrice), lead.noPrice);
    part.yesPrice.parentElement?.toggleAttribute('data-empty', lead.yesPrice === null);
    part.noPrice.parentElement?.toggleAttribute('data-empty', lead.noPrice === null);
    payoutText(part.yesPayout, lead.yesPrice);
    payoutText(part.noPayout, lead.noPrice);
  } else {
    part.chance.textContent = '';
    part.lines.forEach((line, index) => fillLine(line, view.lines[index], now));
  }
  part.volume.textContent = `${formatVolume(view.volume)} vol`;
  const hidden = view.lines.length - (view.lines.length === 1 ? 1 : part.lines.length);
  part.more.textContent = hidden > 0 ? `+${hidden} more` : '';
  part.simulated.hidden = !view.simulated;
  part.close.textContent = view.closed ? 'Closed' : view.closesAt === null ? '' : formatCountdown(view.closesAt - now);
  card.toggleAttribute('data-closed', view.closed);
  part.expand.setAttribute('aria-label', `Expand ${view.title}`);
}

/** Only the countdown, once a second, without recomputing the view. */
export function tickSeriesCard(card: HTMLElement, closesAt: number | null, closed: boolean, now: number): boolean {
  const part = partsOf(card);
  const nowClosed = closed || (closesAt !== null && closesAt <= now);
  part.close.textContent = nowClosed ? 'Closed' : closesAt === null ? '' : formatCountdown(closesAt - now);
  if (nowClosed && !card.hasAttribute('data-closed')) {
    card.toggleAttribute('data-closed', true);
    return true;
  }
  return false;
}
