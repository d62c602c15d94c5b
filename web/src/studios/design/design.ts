/**
 * The Design Studio: the default landing state. It shows off the cockpit with real readings
 * only: instrument gauges, man-o'-meters, the live event log, the dev log, the palette viewer
 * and assorted web elements.
 */
import type { Store } from '../../state/store';
import type { StudioModule } from '../studio';
import { renderDevLog, subscribeDevLog } from './dev-log';
import { createEventLog } from './event-log';
import { createGauges } from './gauges';
import { createManometers } from './manometers';
import { createPaletteViewer } from './palette-viewer';
import { attachWebElements } from './web-elements';

export function createDesignStudio(panel: HTMLElement, store: Store): StudioModule {
  const gauges = createGauges(panel);
  const plate = panel.querySelector<SVGSVGElement>('[data-manometer-plate]');
  const manometers = plate ? createManometers(plate) : undefined;
  const paletteGrid = panel.querySelector<HTMLElement>('[data-palette-grid]');
  const palette = paletteGrid ? createPaletteViewer(paletteGrid, panel.querySelector('[data-palette-caption]')) : undefined;
  const eventList = panel.querySelector<HTMLOListElement>('[data-event-log]');
  if (eventList) createEventLog(eventList).start();
  const devList = panel.querySelector<HTMLOListElement>('[data-dev-log]');
  if (devList) subscribeDevLog((entries) => renderDevLog(devList, entries));
  attachWebElements(panel);
  store.subscribe((state, previous) => {
    if (state.systemTheme !== previous.systemTheme || state.mode !== previous.mode) palette?.render(state);
  });

  return {
    id: 'design',
    activate() {
      palette?.render(store.getState());
      void gauges.start();
      manometers?.start();
    },
    deactivate() {
      gauges.stop();
      manometers?.stop();
    },
  };
}
