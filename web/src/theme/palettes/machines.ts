/**
 * Themes about machines: two fighter cockpits, the drafting table, the CRT terminal, and the
 * steam and diesel ages.
 */
import {
  cockpitFontStack,
  cockpitMonoStack,
  monoFontStack,
  serifFontStack,
  systemFontStack,
  type ThemeDefinition,
} from '../tokens';
import { palette } from './define';

export const gen7Cockpit: ThemeDefinition = {
  id: 'gen7-cockpit',
  name: 'Gen7 Cockpit',
  fonts: { display: cockpitFontStack, body: cockpitFontStack, mono: cockpitMonoStack },
  light: {
    idea: 'Gen 7 Fighter. Dark Gull Gray (FS 36231), MFD Green.',
    palette: palette({
      // Daylight cockpit: the panels are painted Dark Gull Gray with white stencilled legends;
      // the multi-function displays stay black glass with green symbology, as they do in sunlight.
      canvas: '#3a3d40', surface: '#5d6063', bezel: '#494c4f', brand: '#3dff6e', onBrand: '#0b1a0f',
      text: '#f2f4f5', strong: '#ffffff', muted: '#dde1e3', lit: '#eaffef',
      border: '#2c2f31', borderMuted: '#4f5255', focus: '#9dff3d',
      link: '#b6ffc9', visited: '#e6dbff', codeBackground: '#0a0f0b', codeText: '#4dff7a',
      success: '#4dff7a', warning: '#ffd23d', error: '#ff5a4d', info: '#5ad7ff',
      selection: '#2e5b3a', debug: '#ff3dd5', glow: '#4dff7a', accent: '#ffb52e',
    }),
  },
  dark: {
    idea: 'Night Vision/Stealth. Deep charcoal, NVG Green glow.',
    palette: palette({
      canvas: '#07090a', surface: '#121516', bezel: '#1d2122', brand: '#5cff7a', onBrand: '#041008',
      text: '#a8f0b4', strong: '#d8ffdf', muted: '#6fb57c', lit: '#e6ffe9',
      border: '#24502d', borderMuted: '#18261b', focus: '#c8ff5c',
      link: '#7dffa0', visited: '#b8e67d', codeBackground: '#030604', codeText: '#6dff8c',
      success: '#6dff8c', warning: '#d8ff5c', error: '#ff9a5c', info: '#5cf0d8',
      selection: '#1c4a26', debug: '#f05cff', glow: '#3dff6a', accent: '#9cff3d',
    }),
  },
};

export const ussrCockpit: ThemeDefinition = {
  id: 'ussr-cockpit',
  name: 'USSR Cockpit',
  fonts: { display: cockpitFontStack, body: cockpitFontStack, mono: cockpitMonoStack },
  light: {
    idea: 'Soviet Cold War. MiG Turquoise (#3d90a2). Stress-reducing blue.',
    palette: palette({
      canvas: '#1f5a66', surface: '#8cc4cf', bezel: '#3d90a2', brand: '#b3261e', onBrand: '#ffffff',
      text: '#0a1c21', strong: '#000000', muted: '#1d3f47', lit: '#4a0d06',
      border: '#2c6b78', borderMuted: '#6fb0bd', focus: '#b3261e',
      link: '#0b3a8c', visited: '#5a1f6e', codeBackground: '#0f1f1c', codeText: '#c8f5e6',
      success: '#6cf0a0', warning: '#ffd23d', error: '#ff7a6b', info: '#7fd8ff',
      selection: '#f2e6a8', debug: '#ff3dd5', glow: '#ffe9b0', accent: '#ff4a3d',
    }),
  },
  dark: {
    idea: 'Night Intercept. region bodies stll (#3d90a2).',
    palette: palette({
      // The region bodies keep MiG turquoise at night; the cabin around them goes dark and the
      // legends are lit red, as Soviet night lighting was.
      canvas: '#0a1416', surface: '#3d90a2', bezel: '#24606d', brand: '#7a0f08', onBrand: '#ffd9d4',
      text: '#041216', strong: '#000000', muted: '#05191e', lit: '#3a0500',
      border: '#1c4d57', borderMuted: '#3a8393', focus: '#ffffff',
      link: '#071640', visited: '#2b0838', codeBackground: '#031113', codeText: '#7dffc4',
      success: '#7dffc4', warning: '#ffcf4a', error: '#ff6b5c', info: '#7fd8ff',
      selection: '#8fd0dc', debug: '#ff3dd5', glow: '#ff5a3c', accent: '#ff7b1c',
    }),
  },
};

export const blueprint: ThemeDefinition = {
  id: 'blueprint',
  name: 'Blueprint',
  fonts: { display: cockpitMonoStack, body: systemFontStack, mono: cockpitMonoStack },
  light: {
    idea: 'Physical drafting table.',
    palette: palette({
      // Vellum on a green vinyl drafting-board cover, aluminium parallel bar, graphite and
      // drafting-blue ink, a red pencil for corrections.
      canvas: '#8aa897', surface: '#f5f3ea', bezel: '#d3d0c4', brand: '#1a4f8f', onBrand: '#ffffff',
      text: '#2f3440', strong: '#14171d', muted: '#5a606b', lit: '#0a2f66',
      border: '#9aa3ad', borderMuted: '#dcdad0', focus: '#c2410c',
      link: '#1a4f8f', visited: '#6a3f8f', codeBackground: '#eef3fa', codeText: '#14233d',
      success: '#2d6a3e', warning: '#855000', error: '#b42318', info: '#1a4f8f',
      selection: '#cfe0f5', debug: '#d01f80', glow: '#9cc7ff', accent: '#c2410c',
    }),
  },
  dark: {
    idea: 'AutoCAD / Terminal Aesthetic. High contrast lines.',
    palette: palette({
      canvas: '#050608', surface: '#0b0e13', bezel: '#181e27', brand: '#00e5ff', onBrand: '#000000',
      text: '#f2f2f2', strong: '#ffffff', muted: '#a9b4c2', lit: '#ffffff',
      border: '#3a4a5e', borderMuted: '#1b232d', focus: '#ffff00',
      link: '#00ffff', visited: '#ff80ff', codeBackground: '#000000', codeText: '#ffffff',
      success: '#00ff00', warning: '#ffff00', error: '#ff4d4d', info: '#00bfff',
      selection: '#1f3a66', debug: '#ff00ff', glow: '#00e5ff', accent: '#ffff00',
    }),
  },
};

export const phosphor: ThemeDefinition = {
  id: 'phosphor',
  name: 'Phosphor',
  fonts: { display: `"VT323", ${monoFontStack}`, body: cockpitMonoStack, mono: `"VT323", ${monoFontStack}` },
  light: {
    idea: 'dark terminal. P3 Amber CRT old computer',
    palette: palette({
      canvas: '#0a0600', surface: '#140c02', bezel: '#2e2418', brand: '#ffb000', onBrand: '#140c02',
      text: '#ffb000', strong: '#ffcc4d', muted: '#c78a00', lit: '#fff0c8',
      border: '#6b4a00', borderMuted: '#2e2005', focus: '#ffe08a',
      link: '#ffd36b', visited: '#e0a060', codeBackground: '#0d0800', codeText: '#ffb000',
      success: '#c8e06b', warning: '#ffd36b', error: '#ff7a4a', info: '#ffc98a',
      selection: '#5a3d00', debug: '#ff6ad5', glow: '#ffa000', accent: '#ff8c00',
    }),
  },
  dark: {
    idea: 'dark terminal. green Phosphor old computer, retro blur.',
    palette: palette({
      canvas: '#000500', surface: '#031006', bezel: '#0e1c10', brand: '#33ff66', onBrand: '#021005',
      text: '#33ff66', strong: '#9cffb4', muted: '#1fb848', lit: '#e0ffe8',
      border: '#116b2a', borderMuted: '#0a2b12', focus: '#c8ffd6',
      link: '#8affb0', visited: '#5ee6a0', codeBackground: '#010a03', codeText: '#33ff66',
      success: '#8aff5c', warning: '#e6ff5c', error: '#ff6b5c', info: '#5cffd6',
      selection: '#0f4a20', debug: '#ff5cf0', glow: '#33ff66', accent: '#1fb848',
    }),
  },
};

export const steampunk: ThemeDefinition = {
  id: 'steampunk',
  name: 'Steampunk',
  fonts: { display: `"Cinzel Variable", ${serifFontStack}`, body: serifFontStack, mono: monoFontStack },
  light: {
    idea: 'Victorian Sci-Fi. Parchment, Brass, Mahogany, Steam.',
    palette: palette({
      canvas: '#4a2416', surface: '#f1e4c4', bezel: '#b08d3e', brand: '#6b2a14', onBrand: '#f8ecd0',
      text: '#3a2414', strong: '#1e1008', muted: '#6b4a2e', lit: '#5a1a05',
      border: '#a8843f', borderMuted: '#e0cfa4', focus: '#0f6b6b',
      link: '#6b2a14', visited: '#4a3a6b', codeBackground: '#f8efd8', codeText: '#2e1c0f',
      success: '#3d6b2a', warning: '#7a4f00', error: '#9c1f14', info: '#1f5a6b',
      selection: '#e6cf8f', debug: '#b01fa0', glow: '#ffc46b', accent: '#3f8f8a',
    }),
  },
  dark: {
    idea: 'London Fog. Gaslight, Soot, Dark Leather, Copper.',
    palette: palette({
      canvas: '#0f0d0c', surface: '#2a211c', bezel: '#6e4427', brand: '#c87a3a', onBrand: '#1a120e',
      text: '#e8dcc8', strong: '#fff5e6', muted: '#b8a58f', lit: '#fff2d9',
      border: '#7a5238', borderMuted: '#3d2f27', focus: '#ffd38a',
      link: '#f0a86b', visited: '#c9a8d8', codeBackground: '#171210', codeText: '#f2c98a',
      success: '#a8d08a', warning: '#ffc45c', error: '#ff8a70', info: '#9cc8d8',
      selection: '#5a3f2c', debug: '#ff6ad5', glow: '#ffb04d', accent: '#c87a3a',
    }),
  },
};

export const dieselpunk: ThemeDefinition = {
  id: 'dieselpunk',
  name: 'Dieselpunk',
  fonts: { display: `"Special Elite", "Courier New", monospace`, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'WWI Trench. Khaki, Grease, Riveted Steel, Olive.',
    palette: palette({
      canvas: '#4d4f3a', surface: '#d8ceb0', bezel: '#8a8d90', brand: '#4b5320', onBrand: '#f0ead8',
      text: '#2a2820', strong: '#14130e', muted: '#4a4637', lit: '#3a2a00',
      border: '#8f876a', borderMuted: '#c4b996', focus: '#a8320f',
      link: '#2a4466', visited: '#5a3a5a', codeBackground: '#e8e0c8', codeText: '#201e16',
      success: '#3d5a1f', warning: '#6b4a00', error: '#8f1d0f', info: '#2f4a6b',
      selection: '#b8c490', debug: '#b01fa0', glow: '#ffd27a', accent: '#b8860b',
    }),
  },
  dark: {
    idea: 'NoirCity. Oily Steel, Smog, Grime, Weak Yellow Light.',
    palette: palette({
      canvas: '#0c0d0e', surface: '#1b1d1f', bezel: '#2c2f32', brand: '#d8c25a', onBrand: '#16140a',
      text: '#d6d2c4', strong: '#f2efe6', muted: '#a29d8c', lit: '#fff8d6',
      border: '#4a4d50', borderMuted: '#26292b', focus: '#e8d46b',
      link: '#e0cd6b', visited: '#b8a2c8', codeBackground: '#101112', codeText: '#e8d88a',
      success: '#9cc88a', warning: '#e8d46b', error: '#e8806b', info: '#8ab4c8',
      selection: '#3d3a2a', debug: '#e86bd5', glow: '#e6c75a', accent: '#b8860b',
    }),
  },
};
