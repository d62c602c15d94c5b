/**
 * Connect API Keys: a live and a demo pair, auto-filled from `.env` through the control API when
 * the file has them, masked once entered, sent to `POST /control/keys/connect` and then dropped
 * from the page. Rows are wide before any pair connects (the form is the point of the card) and
 * compact afterwards, when the trading instruments need the room. The card's display line is the
 * Hangar Bay's annunciator: other instruments report through `announce`.
 */
import type { Environment, SystemState } from '../trading/api/schemas';
import type { TradingSession } from '../trading/session/session';
import type { TradingState } from '../trading/session/state';
import { formatUsd, parseMicros } from '../trading/money';
import { createSecretField, maskKeyId, maskPrivateKey, type SecretField } from './secret-field';

export type Tone = 'info' | 'success' | 'warning' | 'error';
export type Announce = (message: string, tone?: Tone) => void;

interface Row {
  environment: Environment;
  element: HTMLElement;
  form: HTMLFormElement;
  keyId: SecretField;
  privateKey: SecretField;
  connect: HTMLButtonElement;
  status: HTMLElement;
  hint: HTMLElement;
  disconnect: HTMLButtonElement;
  open: HTMLButtonElement;
  lamp: HTMLElement;
  opened: boolean;
  busy: boolean;
}

const environments: Environment[] = ['live', 'demo'];
const label = (environment: Environment): string => (environment === 'live' ? 'Live' : 'Demo');

function rowFor(card: HTMLElement, environment: Environment): Row | undefined {
  const element = card.querySelector<HTMLElement>(`[data-key-row="${environment}"]`);
  const form = card.querySelector<HTMLFormElement>(`[data-key-form="${environment}"]`);
  const keyIdInput = card.querySelector<HTMLInputElement>(`[data-key-id="${environment}"]`);
  const privateInput = card.querySelector<HTMLTextAreaElement>(`[data-key-private="${environment}"]`);
  const connect = card.querySelector<HTMLButtonElement>(`[data-key-connect="${environment}"]`);
  const status = card.querySelector<HTMLElement>(`[data-key-status="${environment}"]`);
  const hint = card.querySelector<HTMLElement>(`[data-key-hint="${environment}"]`);
  const disconnect = card.querySelector<HTMLButtonElement>(`[data-key-disconnect="${environment}"]`);
  const open = card.querySelector<HTMLButtonElement>(`[data-key-open="${environment}"]`);
  const lamp = card.querySelector<HTMLElement>(`[data-environment-lamp="${environment}"]`);
  if (!element || !form || !keyIdInput || !privateInput || !connect || !status || !hint || !disconnect || !open || !lamp) return undefined;
  return {
    environment,
    element,
    form,
    keyId: createSecretField(keyIdInput, maskKeyId),
    privateKey: createSecretField(privateInput, maskPrivateKey),
    connect,
    status,
    hint,
    disconnect,
    open,
    lamp,
    opened: false,
    busy: false,
  };
}

export interface KeysCard {
  announce: Announce;
}

export function createKeysCard(card: HTMLElement, session: TradingSession): KeysCard {
  const message = card.querySelector<HTMLElement>('[data-keys-message]');
  const rows = environments.map((environment) => rowFor(card, environment)).filter((row): row is Row => row !== undefined);
  let autofilled = false;

  const announce: Announce = (text, tone = 'info') => {
    if (!message) return;
    message.textContent = text;
    message.dataset['tone'] = tone;
    message.title = text;
  };

  const render = (state: TradingState): void => {
    const online = state.connection.state === 'online';
    const engaged = state.system?.api_keys_loaded === true;
    card.dataset['layout'] = engaged ? 'compact' : 'wide';
    for (const row of rows) {
      const system: SystemState | undefined = state.systems[row.environment];
      const served = !state.system || state.system.environments.includes(row.environment);
      const connected = system?.api_keys_loaded === true;
      const active = state.environment === row.environment;
      row.lamp.classList.toggle('lamp--off', !connected);
      row.lamp.dataset['lit'] = connected ? (active ? 'active' : 'connected') : 'off';
      row.lamp.title = `${label(row.environment)}: ${connected ? `keys connected${active ? ', trading here' : ''}` : 'no keys'}`;
      const showForm = !connected && (!engaged || row.opened);
      row.form.hidden = !showForm;
      row.status.hidden = !connected;
      row.open.hidden = connected || showForm;
      row.open.disabled = !online || !served;
      row.hint.textContent = connected ? `····${system?.api_key_id_hint ?? ''}` : '';
      row.hint.title = connected ? `${label(row.environment)} key ····${system?.api_key_id_hint ?? ''}${active ? ', the environment the cockpit trades' : ''}` : '';
      const enabled = online && served && !row.busy;
      for (const control of [row.keyId.element, row.privateKey.element, row.connect]) control.disabled = !enabled;
      row.keyId.element.placeholder = served ? 'API key id' : `${label(row.environment)} is not served here`;
      row.element.dataset['served'] = String(served);
    }
    if (state.connection.state === 'offline') announce(`No control API: ${state.connection.reason}.`, 'warning');
    else if (state.connection.state === 'unreachable') announce(`Control API unreachable: ${state.connection.reason}.`, 'error');
    else if (state.connection.state === 'locating') announce('Looking for the control API…');
    if (online && !autofilled) {
      autofilled = true;
      void autofill();
    }
  };

  async function autofill(): Promise<void> {
    const result = await session.commands.autofill();
    if (!result.ok) {
      announce(`Auto-fill unavailable: ${result.message}.`, 'warning');
      return;
    }
    const filled: string[] = [];
    const partial: string[] = [];
    for (const row of rows) {
      const pair = result.value[row.environment];
      if (pair.problem) {
        announce(`.env ${row.environment}: ${pair.problem}`, 'warning');
        continue;
      }
      // Rows already connected (or not served) keep their state; .env only fills empty forms.
      if (row.element.dataset['served'] === 'false' || session.getState().systems[row.environment]?.api_keys_loaded) continue;
      if (pair.key_id && !row.keyId.value()) row.keyId.set(pair.key_id);
      if (pair.private_key && !row.privateKey.value()) row.privateKey.set(pair.private_key);
      if (pair.key_id && pair.private_key) filled.push(row.environment);
      else if (pair.key_id) partial.push(row.environment);
    }
    const connected = rows.filter((row) => session.getState().systems[row.environment]?.api_keys_loaded);
    if (filled.length > 0) announce(`Filled from .env: ${filled.join(' and ')}. Press Connect.`, 'success');
    else if (connected.length > 0) announce(`Keys connected: ${connected.map((row) => label(row.environment)).join(' and ')}.`, 'success');
    else if (partial.length > 0) announce(`Key id from .env for ${partial.join(' and ')}; paste the private key.`, 'info');
    else if (!result.value.found) announce('No .env keys found: paste a key id and private key, then Connect.');
    else announce('Paste a key id and private key, then Connect.');
  }

  const setBusy = (row: Row, busy: boolean): void => {
    row.busy = busy;
    row.element.dataset['state'] = busy ? 'busy' : 'ready';
    render(session.getState());
  };

  for (const row of rows) {
    row.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        const keyId = row.keyId.value();
        const privateKey = row.privateKey.value();
        if (!keyId || !privateKey) {
          row.element.dataset['state'] = 'error';
          announce(`${label(row.environment)}: enter both the API key id and the private key.`, 'error');
          return;
        }
        setBusy(row, true);
        announce(`${label(row.environment)}: verifying the key pair with the exchange…`);
        const result = await session.commands.connectKeys(row.environment, keyId, privateKey);
        setBusy(row, false);
        if (!result.ok) {
          row.element.dataset['state'] = 'error';
          announce(`${label(row.environment)} keys refused: ${result.message}`, 'error');
          return;
        }
        // Connected: the signing services hold the key now; the page lets go of it.
        row.keyId.clear();
        row.privateKey.clear();
        row.opened = false;
        const balance = result.value.balance === null ? '' : ` · balance ${formatUsd(parseMicros(result.value.balance))}`;
        const active = session.getState().environment === row.environment;
        announce(`${label(row.environment)} connected ····${result.value.key_id_hint}${balance}${active ? '' : ` · switch to ${label(row.environment)} to trade it`}`, 'success');
      })();
    });
    row.disconnect.addEventListener('click', () => {
      void (async () => {
        setBusy(row, true);
        const result = await session.commands.disconnectKeys(row.environment);
        setBusy(row, false);
        row.keyId.clear();
        row.privateKey.clear();
        announce(result.ok ? `${label(row.environment)} keys disconnected and cleared from the page.` : `Disconnect failed: ${result.message}`, result.ok ? 'info' : 'error');
      })();
    });
    row.open.addEventListener('click', () => {
      row.opened = true;
      render(session.getState());
      row.keyId.element.focus();
    });
    row.form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && row.opened) {
        row.opened = false;
        row.keyId.clear();
        row.privateKey.clear();
        render(session.getState());
      }
    });
  }

  session.subscribe(['connection', 'system', 'systems', 'environment'], render);
  render(session.getState());
  return { announce };
}
