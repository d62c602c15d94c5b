/**
 * The client-side state store: a pure reducer plus a small subscribable container that writes
 * every change to sessionStorage. Theme, mode, illumination and tools are independent of the
 * studio, so switching studios never touches them.
 */
import { clampDimmer, defaultIllumination, type IlluminationState } from '../illumination/physics';
import { defaultThemeId, themeIds } from '../theme/themes';
import type { Mode } from '../theme/tokens';
import {
  CockpitStateSchema,
  storageKey,
  type CockpitState,
  type DimmerPath,
  type Studio,
  type SwitchPath,
  type Tool,
} from './schema';

export type CockpitAction =
  | { type: 'select-theme'; systemTheme: string }
  | { type: 'select-mode'; mode: Mode }
  | { type: 'select-studio'; studio: Studio }
  | { type: 'set-switch'; path: SwitchPath; on: boolean }
  | { type: 'set-dimmer'; path: DimmerPath; value: number }
  | { type: 'set-tool'; tool: Tool; visible: boolean };

export function initialState(prefersDark: boolean): CockpitState {
  return {
    systemTheme: defaultThemeId,
    mode: prefersDark ? 'dark' : 'light',
    studio: 'design',
    illumination: defaultIllumination(),
    tools: { rulers: true, grid: false, outlines: false },
  };
}

type Group = keyof IlluminationState;

function splitPath<Path extends string>(path: Path): [Group, string] {
  const [group, field] = path.split('.') as [Group, string];
  return [group, field];
}

function withIllumination(state: CockpitState, group: Group, field: string, value: boolean | number): CockpitState {
  return {
    ...state,
    illumination: { ...state.illumination, [group]: { ...state.illumination[group], [field]: value } },
  };
}

export function reduce(state: CockpitState, action: CockpitAction): CockpitState {
  switch (action.type) {
    case 'select-theme':
      return themeIds.includes(action.systemTheme) ? { ...state, systemTheme: action.systemTheme } : state;
    case 'select-mode':
      return { ...state, mode: action.mode };
    case 'select-studio':
      return { ...state, studio: action.studio };
    case 'set-switch': {
      const [group, field] = splitPath(action.path);
      return withIllumination(state, group, field, action.on);
    }
    case 'set-dimmer': {
      const [group, field] = splitPath(action.path);
      return withIllumination(state, group, field, clampDimmer(action.value));
    }
    case 'set-tool':
      return { ...state, tools: { ...state.tools, [action.tool]: action.visible } };
  }
}

export interface StateStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Restores a saved state if it is valid; anything else falls back to the defaults. */
export function loadState(storage: StateStorage | undefined, prefersDark: boolean): CockpitState {
  const fallback = initialState(prefersDark);
  let raw: string | null = null;
  try {
    raw = storage?.getItem(storageKey) ?? null;
  } catch {
    return fallback;
  }
  if (raw === null) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fallback;
  }
  const result = CockpitStateSchema.safeParse(parsed);
  if (!result.success || !themeIds.includes(result.data.systemTheme)) return fallback;
  return result.data;
}

export type Listener = (state: CockpitState, previous: CockpitState) => void;

export interface Store {
  getState(): CockpitState;
  dispatch(action: CockpitAction): void;
  subscribe(listener: Listener): () => void;
}

/** Where a listener's error goes: console.error, which the Dev Log shows. */
export type ListenerErrorSink = (error: unknown) => void;

export function createStore(
  initial: CockpitState,
  storage?: StateStorage,
  onListenerError: ListenerErrorSink = (error) => console.error('a cockpit state listener failed', error),
): Store {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    getState: () => state,
    dispatch(action) {
      const previous = state;
      state = reduce(state, action);
      if (state === previous) return;
      try {
        storage?.setItem(storageKey, JSON.stringify(state));
      } catch {
        // Storage can be full or disabled; the cockpit keeps working for this page view.
      }
      // One failing region must not leave the others (or the studio switch) behind.
      for (const listener of listeners) {
        try {
          listener(state, previous);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
