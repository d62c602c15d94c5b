/**
 * The board's grid, windowed: the list may hold hundreds of series, but at most 18 cards (six
 * rows of three) exist in the page at any time, approval cards included. Rows have a fixed
 * height and every card is placed by row and column, so the grid keeps the full list's height
 * (an honest scrollbar) and cards entering or leaving the window never shift the others.
 * Each render is measured (`performance.measure('series-grid:render')`, with the card count).
 */
export type BoardItem =
  | { kind: 'approval'; key: string; approvalId: string }
  | { kind: 'series'; key: string; seriesTicker: string };

export const columns = 3;
export const maximumCards = 18;
const windowRows = maximumCards / columns;

export interface GridCallbacks {
  create(item: BoardItem): HTMLElement;
  fill(element: HTMLElement, item: BoardItem, now: number): void;
}

export interface RenderMeasure {
  cards: number;
  created: number;
  milliseconds: number;
}

export interface SeriesGrid {
  /** New items; `rebuild` drops every card first (after a refresh, when all data is new). */
  setItems(items: BoardItem[], rebuild?: boolean): void;
  /** Re-fill the rendered cards whose keys are given (live updates), or all of them. */
  refill(keys?: ReadonlySet<string>): void;
  rendered(): ReadonlyMap<string, HTMLElement>;
  scrollToTop(): void;
}

/** Which rows the window covers: one row of margin above what is in view, never past the end. */
export function windowFor(scrollTop: number, pitch: number, rows: number): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / Math.max(1, pitch));
  const start = Math.max(0, Math.min(first - 1, rows - windowRows));
  return { start, end: Math.min(rows, start + windowRows) };
}

export function createSeriesGrid(scroller: HTMLElement, grid: HTMLElement, empty: () => HTMLElement, callbacks: GridCallbacks): SeriesGrid {
  let items: BoardItem[] = [];
  const cards = new Map<string, HTMLElement>();
  let frame = 0;

  const pitch = (): number => {
    const style = getComputedStyle(grid);
    return (Number.parseFloat(style.getPropertyValue('--series-card-height')) || 168) + (Number.parseFloat(style.rowGap) || 12);
  };

  const render = (): void => {
    frame = 0;
    const started = performance.now();
    const now = Date.now();
    const rows = Math.ceil(items.length / columns);
    grid.style.gridTemplateRows = rows > 0 ? `repeat(${rows}, var(--series-card-height))` : '';
    if (items.length === 0) {
      for (const card of cards.values()) card.remove();
      cards.clear();
      if (!grid.querySelector('.market-board__notice')) grid.replaceChildren(empty());
      return;
    }
    grid.querySelector('.market-board__notice')?.remove();
    const { start, end } = windowFor(scroller.scrollTop - grid.offsetTop, pitch(), rows);
    const wanted = new Map<string, { item: BoardItem; index: number }>();
    for (let index = start * columns; index < Math.min(items.length, end * columns); index += 1) {
      const item = items[index];
      if (item) wanted.set(item.key, { item, index });
    }
    for (const [key, card] of cards) {
      if (!wanted.has(key)) {
        card.remove();
        cards.delete(key);
      }
    }
    let created = 0;
    for (const [key, { item, index }] of wanted) {
      let card = cards.get(key);
      if (!card) {
        card = callbacks.create(item);
        callbacks.fill(card, item, now);
        cards.set(key, card);
        grid.append(card);
        created += 1;
      }
      card.style.gridRow = String(Math.floor(index / columns) + 1);
      card.style.gridColumn = String((index % columns) + 1);
    }
    const scripted = performance.now();
    // Include style and layout in the measure: the cards are only rendered once they are laid out.
    void grid.offsetHeight;
    performance.measure('series-grid:render', { start: started, end: performance.now(), detail: { cards: cards.size, created, scriptMilliseconds: scripted - started } });
  };

  const schedule = (): void => {
    if (!frame) frame = requestAnimationFrame(render);
  };
  scroller.addEventListener('scroll', schedule, { passive: true });

  return {
    setItems(next, rebuild = false) {
      items = next;
      if (rebuild) {
        for (const card of cards.values()) card.remove();
        cards.clear();
      }
      const keys = new Set(next.map((item) => item.key));
      // Cards whose item changed kind or left the list are rebuilt by the next render.
      for (const [key, card] of cards) {
        if (!keys.has(key)) {
          card.remove();
          cards.delete(key);
        }
      }
      cancelAnimationFrame(frame);
      render();
    },
    refill(keys) {
      const now = Date.now();
      for (const item of items) {
        const card = cards.get(item.key);
        if (card && (!keys || keys.has(item.key))) callbacks.fill(card, item, now);
      }
    },
    rendered: () => cards,
    scrollToTop() {
      scroller.scrollTo({ top: 0, behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    },
  };
}
