/**
 * Boots the cockpit: restores this tab's state, renders it into every region, and wires the
 * controls. Error capture for the Dev Log is installed first so nothing is missed.
 */
import { installDevLogCapture } from './studios/design/dev-log';

installDevLogCapture();

import { installTooltips } from './components/tooltip';
import { attachIlluminationPanel, renderIllumination } from './illumination/panel';
import { createNotebookApp } from './notebook/notebook';
import { createStore, loadState } from './state/store';
import { createDesignStudio } from './studios/design/design';
import { flyStudio } from './studios/fly/fly';
import { createStudioSwitcher } from './studios/switcher';
import { createTradeStudio } from './studios/trade/trade';
import { startTelemetry } from './telemetry/telemetry';
import { attachAppearanceControls, renderAppearance } from './theme/appearance';
import { createPrecisionTools } from './tools/precision-tools';
import { mountHangar } from './hangar/hangar';
import { createTradingSession } from './trading/session/session';

function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
const store = createStore(loadState(sessionStore(), prefersDark), sessionStore());

renderAppearance(store.getState());
renderIllumination(store.getState());
attachAppearanceControls(store);
attachIlluminationPanel(store);
store.subscribe((state, previous) => {
  if (state.systemTheme !== previous.systemTheme || state.mode !== previous.mode) renderAppearance(state);
  if (state.illumination !== previous.illumination) renderIllumination(state);
});

// The trading session is shared by the Hangar Bay and the Trading Studio (one feed, one state).
const session = createTradingSession();
const confirmDialog = document.querySelector<HTMLDialogElement>('#confirm-dialog');
mountHangar(session, confirmDialog);

const designPanel = document.querySelector<HTMLElement>('[data-studio-panel="design"]');
const tradePanel = document.querySelector<HTMLElement>('[data-studio-panel="trade"]');
const studios = [
  ...(tradePanel ? [createTradeStudio(tradePanel, session)] : []),
  flyStudio,
  ...(designPanel ? [createDesignStudio(designPanel, store)] : []),
];
createStudioSwitcher(store, studios).start();
createPrecisionTools(store).start();
startTelemetry();

const page = document.querySelector<HTMLElement>('[data-notebook-page]');
const toolbar = document.querySelector<HTMLElement>('.notebook__toolbar');
if (page && toolbar) createNotebookApp(page, toolbar, confirmDialog);

const tooltip = document.querySelector<HTMLElement>('#tooltip');
if (tooltip) installTooltips(tooltip);

document.documentElement.dataset['ready'] = 'true';
void session.start();
