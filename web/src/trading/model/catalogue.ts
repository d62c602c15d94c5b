/**
 * Navigation and filters of the Trading Studio, built only from what discovery found: category
 * tabs from `/state/series` categories, sub-category chips from the tags of the series in the
 * category, and filters for volume, frequency and time to close applied to the cards' own
 * numbers. Pure, so the same selection always gives the same cards.
 */
import type { Series, SeriesAnswer } from '../api/schemas';
import type { SeriesCardView } from './series-view';

export const allCategories = 'All';
export const allTags = 'All';

export interface CategoryTab {
  category: string;
  series: number;
  markets: number;
}

export interface Chip {
  tag: string;
  series: number;
}

export const volumeFilters = [
  { id: 'any', label: 'Any volume', minimum: 0n },
  { id: '100', label: '100+ traded', minimum: 100_00n },
  { id: '1k', label: '1k+ traded', minimum: 1_000_00n },
  { id: '10k', label: '10k+ traded', minimum: 10_000_00n },
] as const;
export type VolumeFilter = (typeof volumeFilters)[number]['id'];

export const closeFilters = [
  { id: 'any', label: 'Any close', withinMilliseconds: Number.POSITIVE_INFINITY },
  { id: '1h', label: 'Closes in 1 h', withinMilliseconds: 3_600_000 },
  { id: '24h', label: 'Closes in 24 h', withinMilliseconds: 86_400_000 },
  { id: '7d', label: 'Closes in 7 d', withinMilliseconds: 7 * 86_400_000 },
] as const;
export type CloseFilter = (typeof closeFilters)[number]['id'];

export const anyFrequency = 'any';

export interface Selection {
  category: string;
  tag: string;
  frequency: string;
  volume: VolumeFilter;
  closes: CloseFilter;
}

export const defaultSelection: Selection = { category: allCategories, tag: allTags, frequency: anyFrequency, volume: 'any', closes: 'any' };

/** Tags that describe where data comes from rather than what a market is about. */
const hiddenTags = new Set(['simulated']);

/** "All" first, then categories with the most markets. Empty categories are left out. */
export function categoryTabs(answer: SeriesAnswer): CategoryTab[] {
  const tabs = answer.categories.filter((category) => category.markets > 0).sort((a, b) => b.markets - a.markets || (a.category < b.category ? -1 : 1));
  const total = tabs.reduce((sum, tab) => ({ series: sum.series + tab.series, markets: sum.markets + tab.markets }), { series: 0, markets: 0 });
  return [{ category: allCategories, ...total }, ...tabs];
}

export function seriesInCategory(series: readonly Series[], category: string): Series[] {
  return series.filter((item) => item.markets > 0 && (category === allCategories || item.category === category));
}

/** The category's tags, most used first: Kalshi's sub-category chips (BTC, ETH, ...). */
export function chips(series: readonly Series[], category: string): Chip[] {
  const counts = new Map<string, number>();
  for (const item of seriesInCategory(series, category)) {
    for (const tag of new Set(item.tags)) if (!hiddenTags.has(tag.toLowerCase())) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const sorted = [...counts].map(([tag, count]) => ({ tag, series: count })).sort((a, b) => b.series - a.series || (a.tag < b.tag ? -1 : 1));
  return [{ tag: allTags, series: seriesInCategory(series, category).length }, ...sorted];
}

/** The frequencies present in the category, in calendar order. */
export function frequencies(series: readonly Series[], category: string): string[] {
  const order = ['fifteen_min', 'hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'annual', 'one_off', 'custom'];
  const present = new Set(seriesInCategory(series, category).map((item) => item.frequency));
  return [...present].sort((a, b) => (order.indexOf(a) + 100 * Number(!order.includes(a))) - (order.indexOf(b) + 100 * Number(!order.includes(b))) || (a < b ? -1 : 1));
}

/** The series the selection's category, tag and frequency allow (before their markets are known). */
export function selectedSeries(series: readonly Series[], selection: Selection): Series[] {
  return seriesInCategory(series, selection.category).filter(
    (item) => (selection.tag === allTags || item.tags.includes(selection.tag)) && (selection.frequency === anyFrequency || item.frequency === selection.frequency),
  );
}

/**
 * The cards to show, in order: open events first, closing soonest first, then by volume; cards
 * without any market loaded are left out. Volume and time-to-close filters use the card's numbers.
 */
export function visibleCards(cards: readonly SeriesCardView[], selection: Selection, now: number): SeriesCardView[] {
  const minimum = volumeFilters.find((filter) => filter.id === selection.volume)?.minimum ?? 0n;
  const within = closeFilters.find((filter) => filter.id === selection.closes)?.withinMilliseconds ?? Number.POSITIVE_INFINITY;
  return cards
    .filter((card) => card.lines.length > 0 && card.volume >= minimum && (within === Number.POSITIVE_INFINITY || (card.closesAt !== null && card.closesAt - now <= within && !card.closed)))
    .sort((a, b) => {
      if (a.closed !== b.closed) return a.closed ? 1 : -1;
      const closeA = a.closesAt ?? Number.POSITIVE_INFINITY;
      const closeB = b.closesAt ?? Number.POSITIVE_INFINITY;
      if (closeA !== closeB) return closeA - closeB;
      if (a.volume !== b.volume) return a.volume > b.volume ? -1 : 1;
      return a.seriesTicker < b.seriesTicker ? -1 : 1;
    });
}
