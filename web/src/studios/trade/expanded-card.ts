/**
 * The expanded series card: a tiny (+) grows a card to fill the main region with every market of
 * its event (chance, Yes, No, volume) and the leading market's price line from its recent trades,
 * kept current by live updates. (−) or Escape returns to the board.
 */
import type { ControlClient } from '../../trading/api/client';
import type { MarketUpdate } from '../../trading/api/event-schemas';
import type { Environment, Series } from '../../trading/api/schemas';
import { formatCountdown, instant } from '../../trading/clock';
import { formatCents, formatChance, formatVolume, parseMicros } from '../../trading/money';
import { pricePath, withPricePoint, type PricePoint } from '../../trading/model/price-line';
import { lineClosed, type SeriesCardView } from '../../trading/model/series-view';
import { loadMarket } from './market-loader';
import { fillBadge } from './series-card';

const svgNamespace = 'http://www.w3.org/2000/svg';

export interface ExpandedCard {
  open(series: Series, view: SeriesCardView, from: HTMLElement | null): void;
  update(view: SeriesCardView): void;
  market(update: MarketUpdate): void;
  close(): void;
  seriesTicker(): string | null;
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const element = document.createElement('td');
  if (className) {
    const pill = document.createElement('span');
    pill.className = className;
    pill.textContent = text;
    element.append(pill);
  } else element.textContent = text;
  return element;
}

export function createExpandedCard(card: HTMLElement, client: () => ControlClient | undefined, environment: () => Environment | null): ExpandedCard {
  const get = <Found extends Element>(selector: string) => card.querySelector<Found>(selector);
  const title = get<HTMLElement>('[data-title]');
  const kicker = get<HTMLElement>('[data-kicker]');
  const closeTime = get<HTMLElement>('[data-close]');
  const rows = get<HTMLElement>('[data-expanded-rows]');
  const svg = get<SVGSVGElement>('[data-price-svg]');
  const line = get<SVGPathElement>('[data-price-line]');
  const gridGroup = get<SVGGElement>('[data-price-grid]');
  const caption = get<HTMLElement>('[data-price-caption]');
  const badge = get<HTMLElement>('[data-badge]');
  const badgeText = get<HTMLElement>('[data-badge-text]');
  const badgeFrequency = get<HTMLElement>('[data-badge-frequency]');
  let current: SeriesCardView | null = null;
  let leadTicker: string | null = null;
  let points: PricePoint[] = [];
  let opener: HTMLElement | null = null;

  const drawLine = (): void => {
    if (!svg || !line) return;
    const width = Math.max(1, svg.clientWidth);
    const height = Math.max(1, svg.clientHeight);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    line.setAttribute('d', pricePath(points, width, height, Date.now()));
    if (gridGroup) {
      gridGroup.replaceChildren(
        ...[0.25, 0.5, 0.75].flatMap((fraction) => {
          const grid = document.createElementNS(svgNamespace, 'line');
          grid.setAttribute('x1', '0');
          grid.setAttribute('x2', String(width));
          grid.setAttribute('y1', String(height * fraction));
          grid.setAttribute('y2', String(height * fraction));
          grid.setAttribute('class', 'expanded-card__grid-line');
          const label = document.createElementNS(svgNamespace, 'text');
          label.setAttribute('x', String(width - 2));
          label.setAttribute('y', String(height * fraction - 3));
          label.setAttribute('text-anchor', 'end');
          label.setAttribute('class', 'expanded-card__grid-label');
          label.textContent = `${Math.round((1 - fraction) * 100)}¢`;
          return [grid, label];
        }),
      );
    }
    if (caption) {
      const last = points.at(-1);
      caption.textContent = points.length === 0 ? 'no trades yet in this market' : `${leadTicker ?? ''} · YES ${last ? formatCents(last.price) : ''} · ${points.length} trade${points.length === 1 ? '' : 's'} (0–100¢)`;
    }
  };

  const fillRows = (view: SeriesCardView): void => {
    const now = Date.now();
    rows?.replaceChildren(
      ...view.lines.map((market) => {
        const row = document.createElement('tr');
        row.dataset['ticker'] = market.ticker;
        row.toggleAttribute('data-closed', lineClosed(market, now));
        row.append(
          cell(market.label),
          cell(market.chance === null ? '—' : formatChance(market.chance)),
          cell(`Yes ${market.yesPrice === null ? '—' : formatCents(market.yesPrice)}`, 'outcome outcome--yes'),
          cell(`No ${market.noPrice === null ? '—' : formatCents(market.noPrice)}`, 'outcome outcome--no'),
          cell(formatVolume(market.volume)),
        );
        return row;
      }),
    );
    if (closeTime) closeTime.textContent = view.closed ? 'Closed' : view.closesAt === null ? '' : formatCountdown(view.closesAt - now);
  };

  const close = (): void => {
    if (card.hidden) return;
    card.hidden = true;
    current = null;
    leadTicker = null;
    opener?.focus();
  };
  card.querySelector('[data-collapse]')?.addEventListener('click', close);
  card.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });

  return {
    open(series, view, from) {
      current = view;
      opener = from?.querySelector<HTMLElement>('[data-expand]') ?? null;
      leadTicker = view.lines[0]?.ticker ?? null;
      points = [];
      if (title) title.textContent = view.title;
      if (kicker) kicker.textContent = `${series.category} · ${view.eventTicker ?? ''}`;
      if (badge && badgeText && badgeFrequency) fillBadge(badge, badgeText, badgeFrequency, series);
      fillRows(view);
      card.hidden = false;
      card.dataset['series'] = series.series_ticker;
      drawLine();
      const fromBox = from?.getBoundingClientRect();
      const toBox = card.getBoundingClientRect();
      if (fromBox && !window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
        // Grow out of the card that was clicked.
        card.animate(
          [
            { transformOrigin: 'top left', transform: `translate(${fromBox.left - toBox.left}px, ${fromBox.top - toBox.top}px) scale(${fromBox.width / toBox.width}, ${fromBox.height / toBox.height})`, opacity: 0.6 },
            { transformOrigin: 'top left', transform: 'none', opacity: 1 },
          ],
          { duration: 320, easing: 'cubic-bezier(0.2, 0.8, 0.2, 1)' },
        );
      }
      card.querySelector<HTMLElement>('[data-collapse]')?.focus();
      const api = client();
      const env = environment();
      const ticker = leadTicker;
      if (api && env && ticker) {
        void loadMarket(api, env, ticker).then((market) => {
          if (!market || leadTicker !== ticker) return;
          const trades = market.cache?.recentTrades ?? [];
          points = trades.reduce<PricePoint[]>((list, trade) => withPricePoint(list, { at: instant(trade.at), price: parseMicros(trade.yesPrice) }), points);
          drawLine();
        });
      }
    },
    update(view) {
      if (!current || view.seriesTicker !== current.seriesTicker) return;
      current = view;
      fillRows(view);
    },
    market(update) {
      // Only trades move the line; other updates (book changes) carry the same last price.
      if (update.marketTicker !== leadTicker || update.cause !== 'trade' || update.lastPrice === null) return;
      points = withPricePoint(points, { at: instant(update.updatedAt), price: parseMicros(update.lastPrice) });
      drawLine();
    },
    close,
    seriesTicker: () => current?.seriesTicker ?? null,
  };
}
