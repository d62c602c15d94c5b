/**
 * The board's navigation: category tabs (role tablist, arrow keys), sub-category chips (a radio
 * group) and the three filter pills (volume, frequency, time to close). It renders the selection
 * it is given and reports changes; the board owns the selection.
 */
import type { SeriesAnswer } from '../../trading/api/schemas';
import { anyFrequency, categoryTabs, chips, closeFilters, frequencies, volumeFilters, type Selection } from '../../trading/model/catalogue';
import { frequencyLabel } from '../../trading/model/series-view';

export interface MarketNav {
  render(answer: SeriesAnswer | null, selection: Selection): void;
}

function keyboardRow(container: HTMLElement, selector: string): void {
  container.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const keys = [...container.querySelectorAll<HTMLElement>(selector)];
    const index = keys.indexOf(document.activeElement as HTMLElement);
    if (index < 0) return;
    event.preventDefault();
    const next = keys[(index + (event.key === 'ArrowRight' ? 1 : -1) + keys.length) % keys.length];
    next?.focus();
    next?.click();
  });
}

/** A tab or chip: a button with its label, a count beside it, and one tab stop for the group. */
function choice(className: string, role: 'tab' | 'radio', label: string, count: number, chosen: boolean, choose: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.setAttribute('role', role);
  button.setAttribute(role === 'tab' ? 'aria-selected' : 'aria-checked', String(chosen));
  button.tabIndex = chosen ? 0 : -1;
  button.append(label, Object.assign(document.createElement('span'), { className: `${className}__count`, textContent: String(count) }));
  button.addEventListener('click', choose);
  return button;
}

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  element.selected = selected;
  return element;
}

export function createMarketNav(board: HTMLElement, change: (patch: Partial<Selection>) => void): MarketNav {
  const tabs = board.querySelector<HTMLElement>('[data-category-tabs]');
  const chipRow = board.querySelector<HTMLElement>('[data-chips]');
  const volume = board.querySelector<HTMLSelectElement>('[data-filter="volume"]');
  const frequency = board.querySelector<HTMLSelectElement>('[data-filter="frequency"]');
  const closes = board.querySelector<HTMLSelectElement>('[data-filter="closes"]');
  if (tabs) keyboardRow(tabs, '[role="tab"]');
  if (chipRow) keyboardRow(chipRow, '[role="radio"]');
  volume?.addEventListener('change', () => change({ volume: volume.value as Selection['volume'] }));
  frequency?.addEventListener('change', () => change({ frequency: frequency.value }));
  closes?.addEventListener('change', () => change({ closes: closes.value as Selection['closes'] }));

  let drawn = '';
  return {
    render(answer, selection) {
      // Redraw only when something shown changed (a refresh usually brings the same navigation).
      const signature = JSON.stringify([answer?.categories, answer?.series.map((item) => [item.series_ticker, item.markets, item.tags, item.frequency]), selection]);
      if (signature === drawn) return;
      drawn = signature;
      if (tabs) {
        tabs.replaceChildren(
          ...(answer ? categoryTabs(answer) : []).map((tab) => {
            const button = choice('category-tab', 'tab', tab.category, tab.markets, tab.category === selection.category, () =>
              change({ category: tab.category, tag: 'All', frequency: anyFrequency }),
            );
            button.dataset['category'] = tab.category;
            button.title = `${tab.series} series, ${tab.markets} markets`;
            return button;
          }),
        );
        tabs.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
      if (chipRow) {
        chipRow.replaceChildren(
          ...(answer ? chips(answer.series, selection.category) : []).map((chip) => {
            const button = choice('tag-chip', 'radio', chip.tag, chip.series, chip.tag === selection.tag, () => change({ tag: chip.tag }));
            button.dataset['tag'] = chip.tag;
            return button;
          }),
        );
      }
      volume?.replaceChildren(...volumeFilters.map((filter) => option(filter.id, filter.label, filter.id === selection.volume)));
      closes?.replaceChildren(...closeFilters.map((filter) => option(filter.id, filter.label, filter.id === selection.closes)));
      frequency?.replaceChildren(
        option(anyFrequency, 'Any frequency', selection.frequency === anyFrequency),
        ...(answer ? frequencies(answer.series, selection.category) : []).map((value) => option(value, frequencyLabel(value), value === selection.frequency)),
      );
    },
  };
}
