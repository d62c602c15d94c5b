/**
 * The Trading Studio's market board. Once the active environment has keys it reads the series
 * and the open markets of the chosen category, builds the cards (series-view.ts), and keeps them
 * current from `market_update` messages, re-filling only the cards in view once per frame.
 * Approval requests rise to the top as approval cards. Card order changes only when the person
 * asks (category, filters, show more, refresh), never under a live update.
 */
import type { MarketUpdate } from '../../trading/api/event-schemas';
import type { Environment, Market, Series, SeriesAnswer } from '../../trading/api/schemas';
import { defaultSelection, selectedSeries, visibleCards, type Selection } from '../../trading/model/catalogue';
import { seriesCardView, withMarketUpdate, type SeriesCardView } from '../../trading/model/series-view';
import type { TradingSession } from '../../trading/session/session';
import { approvalsInOrder, type ApprovalView, type TradingState } from '../../trading/session/state';
import { approvalButtons, fillApprovalCard } from './approval-card';
import { createExpandedCard } from './expanded-card';
import { loadMarket, loadOpenMarkets, loadSeries, type MarketSet } from './market-loader';
import { createMarketNav } from './market-nav';
import { fillSeriesCard, tickSeriesCard } from './series-card';
import { createSeriesGrid, type BoardItem } from './series-grid';

export const firstCards = 9;
export const moreCards = 18;

export interface MarketBoard {
  /** Called when the studio becomes visible, so a board never loads while nobody looks. */
  visible(shown: boolean): void;
}

export function createMarketBoard(board: HTMLElement, session: TradingSession): MarketBoard {
  const scroller = board.querySelector<HTMLElement>('[data-market-scroller]');
  const gridElement = board.querySelector<HTMLElement>('[data-series-grid]');
  const seriesTemplate = board.querySelector<HTMLTemplateElement>('[data-series-card-template]');
  const approvalTemplate = board.querySelector<HTMLTemplateElement>('[data-approval-card-template]');
  const expandedElement = board.querySelector<HTMLElement>('[data-expanded-card]');
  const showMore = board.querySelector<HTMLButtonElement>('[data-show-more]');
  const count = board.querySelector<HTMLElement>('[data-board-count]');
  const badge = board.querySelector<HTMLElement>('[data-env-badge]');
  if (!scroller || !gridElement || !seriesTemplate || !approvalTemplate || !expandedElement) return { visible: () => undefined };

  let selection: Selection = { ...defaultSelection };
  let answer: SeriesAnswer | null = null;
  let markets: MarketSet | null = null;
  let views = new Map<string, SeriesCardView>();
  let order: string[] = [];
  let limit = firstCards;
  let loadedFor: string | null = null;
  let loading = false;
  let problem: string | null = null;
  let shown = false;
  const dirty = new Set<string>();
  let frame = 0;
  const sending = new Map<string, 'approve' | 'deny'>();
  const failures = new Map<string, string>();
  const approvalMarkets = new Map<string, Market | null>();
  let knownApprovals = new Set<string>();

  const seriesByTicker = (): Map<string, Series> => new Map((answer?.series ?? []).map((series) => [series.series_ticker, series]));
  let seriesIndex = new Map<string, Series>();

  const approvalById = (id: string): ApprovalView | undefined => session.getState().approvals.find((approval) => approval.approvalId === id);

  const fill = (element: HTMLElement, item: BoardItem, now: number): void => {
    if (item.kind === 'series') {
      const view = views.get(item.seriesTicker);
      if (view) fillSeriesCard(element, view, now);
      return;
    }
    const approval = approvalById(item.approvalId);
    if (!approval) return;
    const market = markets?.markets.get(approval.intent.marketTicker) ?? approvalMarkets.get(approval.intent.marketTicker) ?? null;
    const series = market ? (seriesIndex.get(market.series_ticker) ?? null) : null;
    fillApprovalCard(element, approval, market, series, sending.get(approval.approvalId) ?? null, now);
    const failure = failures.get(approval.approvalId);
    const status = element.querySelector('[data-approval-status]');
    if (failure && approval.resolution === null && !sending.has(approval.approvalId) && status) status.textContent = failure;
  };

  const answerApproval = (approvalId: string, verb: 'approve' | 'deny'): void => {
    sending.set(approvalId, verb);
    failures.delete(approvalId);
    grid.refill(new Set([`approval:${approvalId}`]));
    void (verb === 'approve' ? session.commands.approve(approvalId) : session.commands.deny(approvalId, 'denied in the cockpit')).then((result) => {
      sending.delete(approvalId);
      if (!result.ok) failures.set(approvalId, `${verb === 'approve' ? 'Approve' : 'Deny'} failed: ${result.message}`);
      grid.refill(new Set([`approval:${approvalId}`]));
    });
  };

  const create = (item: BoardItem): HTMLElement => {
    const template = item.kind === 'series' ? seriesTemplate : approvalTemplate;
    const element = template.content.firstElementChild?.cloneNode(true) as HTMLElement;
    if (item.kind === 'series') {
      element.querySelector('[data-expand]')?.addEventListener('click', () => {
        const view = views.get(item.seriesTicker);
        const series = seriesIndex.get(item.seriesTicker);
        if (view && series) expanded.open(series, view, element);
      });
    } else {
      const { approve, deny } = approvalButtons(element);
      approve.addEventListener('click', () => answerApproval(item.approvalId, 'approve'));
      deny.addEventListener('click', () => answerApproval(item.approvalId, 'deny'));
    }
    return element;
  };

  const emptyNotice = (): HTMLElement => {
    const notice = document.createElement('div');
    notice.className = 'market-board__notice';
    notice.textContent = problem ?? (loading ? 'Loading markets…' : 'No open markets match this selection.');
    return notice;
  };

  const grid = createSeriesGrid(scroller, gridElement, emptyNotice, { create, fill });
  const expanded = createExpandedCard(expandedElement, () => session.client(), () => session.getState().environment);
  const nav = createMarketNav(board, (patch) => {
    const categoryChanged = patch.category !== undefined && patch.category !== selection.category;
    selection = { ...selection, ...patch };
    limit = firstCards;
    scroller.scrollTop = 0;
    if (categoryChanged) void load();
    else arrange();
  });

  const buildViews = (): void => {
    const now = Date.now();
    views = new Map();
    if (!answer || !markets) return;
    for (const series of selectedSeries(answer.series, selection)) {
      const tickers = markets.bySeries.get(series.series_ticker) ?? [];
      const list = tickers.map((ticker) => markets?.markets.get(ticker)).filter((market): market is Market => market !== undefined);
      if (list.length > 0) views.set(series.series_ticker, seriesCardView(series, list, now));
    }
    order = visibleCards([...views.values()], selection, now).map((view) => view.seriesTicker);
  };

  const items = (state: TradingState): BoardItem[] => [
    ...approvalsInOrder(state.approvals).map<BoardItem>((approval) => ({ kind: 'approval', key: `approval:${approval.approvalId}`, approvalId: approval.approvalId })),
    ...order.slice(0, limit).map<BoardItem>((seriesTicker) => ({ kind: 'series', key: `series:${seriesTicker}`, seriesTicker })),
  ];

  const renderCount = (): void => {
    if (showMore) showMore.hidden = order.length <= limit;
    if (count) {
      const shownSeries = Math.min(limit, order.length);
      const truncated = markets?.truncated ? ' · first 5,000 open markets of this category' : '';
      count.textContent = order.length === 0 ? '' : `${shownSeries} of ${order.length} series${truncated}`;
    }
  };

  /** Re-sort and re-window from the current data (selection changed, data reloaded). */
  const arrange = (): void => {
    buildViews();
    nav.render(answer, selection);
    grid.setItems(items(session.getState()));
    renderCount();
  };

  const renderBadge = (state: TradingState): void => {
    if (!badge) return;
    const environment = state.environment ?? 'demo';
    badge.dataset['environment'] = environment;
    const lamp = Object.assign(document.createElement('span'), { className: 'lamp' });
    lamp.setAttribute('aria-hidden', 'true');
    const parts: Node[] = [lamp, document.createTextNode(environment)];
    if (state.system?.simulated) parts.push(document.createTextNode(' · '), Object.assign(document.createElement('span'), { className: 'env-badge__simulated', textContent: 'simulated' }));
    badge.replaceChildren(...parts);
    badge.title = state.system?.simulated ? 'Every market, price and fill here comes from the local exchange simulator' : `Trading ${environment} on Kalshi`;
  };

  async function load(refresh = false): Promise<void> {
    const client = session.client();
    const environment: Environment | null = session.getState().environment;
    if (!client || !environment) return;
    loading = true;
    problem = null;
    if (!refresh) {
      markets = null;
      arrange();
    }
    const fail = (message: string): void => {
      loading = false;
      problem = `Markets could not be read: ${message}`;
      arrange();
    };
    const seriesAnswer = await loadSeries(client, environment);
    if (!seriesAnswer.ok) return fail(seriesAnswer.message);
    const marketAnswer = await loadOpenMarkets(client, environment, selection.category === 'All' ? null : selection.category);
    if (!marketAnswer.ok) return fail(marketAnswer.message);
    loading = false;
    answer = seriesAnswer.value;
    seriesIndex = seriesByTicker();
    markets = marketAnswer.value;
    loadedFor = environment;
    if (refresh) {
      // Every card is drawn afresh from the new data; navigation and counts follow.
      buildViews();
      grid.setItems(items(session.getState()), true);
      nav.render(answer, selection);
      renderCount();
    } else arrange();
  }

  const flushUpdates = (): void => {
    frame = 0;
    const now = Date.now();
    const keys = new Set<string>();
    for (const seriesTicker of dirty) {
      const series = seriesIndex.get(seriesTicker);
      const tickers = markets?.bySeries.get(seriesTicker) ?? [];
      const list = tickers.map((ticker) => markets?.markets.get(ticker)).filter((market): market is Market => market !== undefined);
      if (!series || list.length === 0) continue;
      const view = seriesCardView(series, list, now);
      views.set(seriesTicker, view);
      expanded.update(view);
      keys.add(`series:${seriesTicker}`);
    }
    dirty.clear();
    grid.refill(keys);
  };

  session.onMarketUpdate((update: MarketUpdate) => {
    expanded.market(update);
    const market = markets?.markets.get(update.marketTicker);
    if (!markets || !market) return;
    markets.markets.set(update.marketTicker, withMarketUpdate(market, update));
    dirty.add(market.series_ticker);
    // Many updates a second arrive; cards are re-filled at most once per frame.
    if (!frame) frame = requestAnimationFrame(flushUpdates);
  });

  const onApprovals = (state: TradingState): void => {
    const ids = new Set(state.approvals.map((approval) => approval.approvalId));
    const arrived = [...ids].filter((id) => !knownApprovals.has(id));
    knownApprovals = ids;
    for (const approval of state.approvals) {
      const ticker = approval.intent.marketTicker;
      const client = session.client();
      const environment = state.environment;
      if (markets?.markets.has(ticker) || approvalMarkets.has(ticker) || !client || !environment) continue;
      approvalMarkets.set(ticker, null);
      void loadMarket(client, environment, ticker).then((market) => {
        approvalMarkets.set(ticker, market);
        grid.refill();
      });
    }
    grid.setItems(items(state));
    grid.refill(new Set(state.approvals.map((approval) => `approval:${approval.approvalId}`)));
    // An agent is waiting on a person: back to the board (an expanded card would hide the
    // approval) and its top into view.
    if (arrived.some((id) => state.approvals.find((approval) => approval.approvalId === id)?.resolution === null)) {
      expanded.close();
      grid.scrollToTop();
    }
  };

  showMore?.addEventListener('click', () => {
    limit += moreCards;
    grid.setItems(items(session.getState()));
    renderCount();
  });
  board.querySelector('[data-refresh-markets]')?.addEventListener('click', () => void load(true));

  // Countdowns tick each second; a market that closes greys out in place until refresh.
  window.setInterval(() => {
    if (!shown) return;
    const now = Date.now();
    for (const [key, element] of grid.rendered()) {
      if (key.startsWith('approval:')) {
        grid.refill(new Set([key]));
        continue;
      }
      const view = views.get(key.slice('series:'.length));
      if (view) tickSeriesCard(element, view.closesAt, view.closed, now);
    }
  }, 1000);

  session.subscribe(['approvals'], onApprovals);
  session.subscribe(['system', 'environment'], (state) => {
    renderBadge(state);
    if (shown && state.system?.api_keys_loaded && state.environment !== loadedFor) void load();
  });
  renderBadge(session.getState());

  return {
    visible(visible) {
      shown = visible;
      const state = session.getState();
      if (visible && state.system?.api_keys_loaded && state.environment !== loadedFor) void load();
      if (!visible) expanded.close();
    },
  };
}
