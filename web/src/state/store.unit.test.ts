import { storageKey } from './schema';
import { createStore, initialState, loadState, reduce, type StateStorage } from './store';

function memoryStorage(initial: Record<string, string> = {}): StateStorage & { values: Record<string, string> } {
  const values = { ...initial };
  return {
    values,
    getItem: (key) => values[key] ?? null,
    setItem: (key, value) => {
      values[key] = value;
    },
  };
}

describe('the cockpit state', () => {
  describe('on a first visit', () => {
    it('follows prefers-color-scheme and lands in the Design Studio with the default theme', () => {
      expect(loadState(memoryStorage(), true)).toMatchObject({ mode: 'dark', studio: 'design', systemTheme: 'modern-webpage' });
      expect(loadState(memoryStorage(), false).mode).toBe('light');
    });
  });

  describe('when switching studios', () => {
    it('keeps theme, mode, illumination and tools untouched', () => {
      let state = initialState(false);
      state = reduce(state, { type: 'select-theme', systemTheme: 'volcano' });
      state = reduce(state, { type: 'set-switch', path: 'master.on', on: true });
      state = reduce(state, { type: 'set-tool', tool: 'grid', visible: true });
      const switched = reduce(state, { type: 'select-studio', studio: 'trade' });
      expect(switched.studio).toBe('trade');
      expect(switched.systemTheme).toBe('volcano');
      expect(switched.illumination).toBe(state.illumination);
      expect(switched.tools).toBe(state.tools);
    });
  });

  it('ignores an unknown theme', () => {
    const state = initialState(false);
    expect(reduce(state, { type: 'select-theme', systemTheme: 'streamline-moderne' })).toBe(state);
  });

  it('clamps dimmers into 0.25..1.00', () => {
    const state = reduce(initialState(false), { type: 'set-dimmer', path: 'bars.dimmer', value: 0.1 });
    expect(state.illumination.bars.dimmer).toBe(0.25);
  });

  it('saves every change to storage and restores it in the same tab', () => {
    const storage = memoryStorage();
    const store = createStore(initialState(false), storage);
    const seen: string[] = [];
    store.subscribe((state) => seen.push(state.systemTheme));
    store.dispatch({ type: 'select-theme', systemTheme: 'phosphor' });
    store.dispatch({ type: 'select-mode', mode: 'dark' });
    expect(seen).toEqual(['phosphor', 'phosphor']);
    expect(loadState(storage, false)).toMatchObject({ systemTheme: 'phosphor', mode: 'dark' });
  });

  it('still tells every other listener when one of them throws, and reports the error', () => {
    const errors: unknown[] = [];
    const store = createStore(initialState(false), memoryStorage(), (error) => errors.push(error));
    const seen: string[] = [];
    store.subscribe(() => {
      throw new Error('gauge broke');
    });
    store.subscribe((state) => seen.push(state.studio));
    store.dispatch({ type: 'select-studio', studio: 'fly' });
    expect(seen).toEqual(['fly']);
    expect(errors).toEqual([new Error('gauge broke')]);
  });

  it('falls back to the defaults when stored state is corrupt or invalid', () => {
    expect(loadState(memoryStorage({ [storageKey]: '{not json' }), false)).toEqual(initialState(false));
    const invalid = JSON.stringify({ ...initialState(false), illumination: { master: { on: 'yes', dimmer: 9 } } });
    expect(loadState(memoryStorage({ [storageKey]: invalid }), false)).toEqual(initialState(false));
    const unknownTheme = JSON.stringify({ ...initialState(false), systemTheme: 'vapor' });
    expect(loadState(memoryStorage({ [storageKey]: unknownTheme }), false).systemTheme).toBe('modern-webpage');
  });
});
